"""Load ``config/rules.toml`` into a frozen :class:`RuleSet`.

The file is validated by hand against small schemas so that every error names the file, the dotted
key and the allowed values (a typo such as ``[term]`` must not be silently ignored). Terms are plain
strings, never regular expressions: the only regexes are the fixed ones in this package.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from monitor.errors import ConfigError

from monitor.rules.numbers import NOUN_PHRASE_ENDS, NUMBER_WORD_FAMILY, NumberPatterns
from monitor.rules.terms import TermMatcher, fold
from monitor.rules.triggers import SENTENCE_FAMILIES, SentenceScan

logger = logging.getLogger(__name__)

TERM_FAMILIES = ("approval", "batch", "model", "total", "sum", "increment", "period", "launch", "negative_domain",
                 "negation", "enumeration", "filed", "registered", "ai_context", "event_action", "lawsuit",
                 "membership", "count_noun", "projection", "locality", "not_approved_party", "spam_marker",
                 "register_ref")
QUALIFIERS = ("more_than", "about", "at_least")
DATE_UNITS = ("day", "week", "month")
_TOP_KEYS = ("settings", "terms", "numbers", "ordinals", "relative_dates", "jurisdictions", "events", "topic",
             "known_event")
_SETTINGS_KEYS = ("max_sentence_chars", "window", "cutoff_markers")
_EVENT_KEYS = ("instrument_names", "instrument_names_zh", "unnamed", "parties")


@dataclass(frozen=True, slots=True)
class Topic:
    label: str
    terms: tuple[str, ...]


_PLACE_CODE = re.compile(r"[A-Z]{2,3}(?:-[A-Z]{2})?")


@dataclass(frozen=True, slots=True)
class KnownEvent:
    """A known regulation event read from its facts rather than its name: every group of ``all_of``
    must have a term in the sentence ("cloud" + "verify|identity|know your customer" + "foreign")."""

    name: str
    families: tuple[str, ...]  # one term family per group, "event:<i>:<j>"
    # The event did not exist before this day (its first draft or filing): an older report telling the same
    # facts is about something else (2023's generative-AI rules also asked for labels on AI content).
    not_before: dt.date | None = None
    # Its place ("CN", "US", "EU", "INT"): a sentence that names only other places tells another instrument with the
    # same facts ("Spain's draft law fines companies that fail to label AI-generated content")
    jurisdiction: str | None = None


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Validated rules; ``matcher`` is the one automaton over every term family."""

    path: str
    max_sentence_chars: int
    window: int
    cutoff_markers: tuple[str, ...]
    terms: Mapping[str, tuple[str, ...]]
    number_words: Mapping[str, int]
    qualifiers_before: Mapping[str, str]  # lower-cased phrase -> qualifier
    qualifiers_after: Mapping[str, str]
    ordinal_words: Mapping[str, int]
    relative_dates: Mapping[str, tuple[str, int]]
    jurisdictions: Mapping[str, tuple[str, ...]]
    place_codes: Mapping[str, str]  # a place's folded word -> its jurisdiction ("colorado" -> "US-CO"), as the rules tell
    instrument_names: tuple[str, ...]
    instrument_names_zh: tuple[str, ...]
    unnamed_instruments: Mapping[str, str]
    parties: Mapping[str, str]  # a litigant's folded spelling -> the name its suits go by ("迪士尼" -> "Disney")
    topics: tuple[Topic, ...]
    known_events: tuple[KnownEvent, ...]
    event_families: frozenset[str]  # every known event's group families ("event:<i>:<j>")
    count_noun_after: CountNouns  # a count noun within four words after a number (roles.py)
    matcher: TermMatcher
    sentence_scan: SentenceScan  # where a document's sentences may need reading (triggers.py)
    numbers: NumberPatterns
    named_instrument: re.Pattern[str] | None


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(message, path=self.path, key=key)

    def table(self, value: Any, key: str, allowed: tuple[str, ...] | None = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table, got {type(value).__name__}")
        if allowed is not None:
            for name in value:
                if name not in allowed:
                    raise self.fail(f"{key}.{name}" if key else name,
                                    f"unknown key; allowed: {', '.join(allowed)}")
        return value

    def strings(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, "must be a list of non-empty strings")
        return tuple(value)

    def integer(self, value: Any, key: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(key, f"must be an integer from {low} to {high}")
        return value


def load_rules(path: Path) -> RuleSet:
    """Read and validate a rules file; raise :class:`ConfigError` naming file and key on any problem."""
    path = Path(path)
    check = _Checker(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read rules file: {exc.strerror or exc}", path=str(path)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=str(path)) from exc
    check.table(raw, "", _TOP_KEYS)
    for required in ("terms", "numbers", "jurisdictions"):
        if required not in raw:
            raise check.fail(required, "missing required table")

    settings = check.table(raw.get("settings", {}), "settings", _SETTINGS_KEYS)
    max_chars = check.integer(settings.get("max_sentence_chars", 600), "settings.max_sentence_chars", 80, 20000)
    window = check.integer(settings.get("window", 2), "settings.window", 0, 10)
    cutoffs = check.strings(settings.get("cutoff_markers", []), "settings.cutoff_markers")

    terms_raw = check.table(raw["terms"], "terms", TERM_FAMILIES)
    terms = {fam: check.strings(terms_raw.get(fam, []), f"terms.{fam}") for fam in TERM_FAMILIES}

    numbers = check.table(raw["numbers"], "numbers", ("words", "qualifiers"))
    number_words = _int_map(check, numbers.get("words", {}), "numbers.words")
    quals = check.table(numbers.get("qualifiers", {}), "numbers.qualifiers", QUALIFIERS)
    before: dict[str, str] = {}
    after: dict[str, str] = {}
    for qual, spec in quals.items():
        spec = check.table(spec, f"numbers.qualifiers.{qual}", ("before", "after"))
        for phrase in check.strings(spec.get("before", []), f"numbers.qualifiers.{qual}.before"):
            before[phrase.lower()] = qual
        for phrase in spec.get("after", []):
            if not isinstance(phrase, str) or not phrase:
                raise check.fail(f"numbers.qualifiers.{qual}.after", "must be a list of non-empty strings")
            after[phrase.lower()] = qual

    ordinals = check.table(raw.get("ordinals", {}), "ordinals", ("words",))
    ordinal_words = _int_map(check, ordinals.get("words", {}), "ordinals.words")

    relative: dict[str, tuple[str, int]] = {}
    for term, spec in check.table(raw.get("relative_dates", {}), "relative_dates").items():
        key = f'relative_dates."{term}"'
        if (not isinstance(spec, list) or len(spec) != 2 or spec[0] not in DATE_UNITS
                or isinstance(spec[1], bool) or not isinstance(spec[1], int)):
            raise check.fail(key, f"must be [unit, offset] with unit one of {', '.join(DATE_UNITS)}")
        relative[term.lower()] = (spec[0], spec[1])

    jurisdictions = {code: check.strings(v, f"jurisdictions.{code}")
                     for code, v in check.table(raw["jurisdictions"], "jurisdictions").items()}

    events = check.table(raw.get("events", {}), "events", _EVENT_KEYS)
    unnamed = check.table(events.get("unnamed", {}), "events.unnamed")
    for term, label in unnamed.items():
        if not isinstance(label, str) or not label:
            raise check.fail(f'events.unnamed."{term}"', "must be a non-empty string label")
    parties: dict[str, str] = {}
    for name, spellings in check.table(events.get("parties", {}), "events.parties").items():
        for spelling in (name, *check.strings(spellings, f'events.parties."{name}"')):
            parties[fold(spelling)] = name
    topics_raw = raw.get("topic", [])
    if not isinstance(topics_raw, list):
        raise check.fail("topic", "must be an array of tables ([[topic]])")
    topics = []
    for i, item in enumerate(topics_raw):
        item = check.table(item, f"topic[{i}]", ("label", "terms"))
        if not isinstance(item.get("label"), str) or not item["label"]:
            raise check.fail(f"topic[{i}].label", "must be a non-empty string")
        topics.append(Topic(item["label"], check.strings(item.get("terms", []), f"topic[{i}].terms")))

    known_raw = raw.get("known_event", [])
    if not isinstance(known_raw, list):
        raise check.fail("known_event", "must be an array of tables ([[known_event]])")
    known_events = []
    known_families: dict[str, tuple[str, ...]] = {}
    for i, item in enumerate(known_raw):
        item = check.table(item, f"known_event[{i}]", ("name", "all_of", "not_before", "jurisdiction"))
        jurisdiction = item.get("jurisdiction")
        if jurisdiction is not None and (not isinstance(jurisdiction, str) or not _PLACE_CODE.fullmatch(jurisdiction)):
            raise check.fail(f"known_event[{i}].jurisdiction",
                             'must be a place code: two or three capital letters, a state after a dash ("CN", "US-CA", "INT")')
        not_before = item.get("not_before")
        if not_before is not None and not (isinstance(not_before, dt.date) and not isinstance(not_before, dt.datetime)):
            raise check.fail(f"known_event[{i}].not_before", "must be a date (YYYY-MM-DD, unquoted)")
        if not isinstance(item.get("name"), str) or not item["name"]:
            raise check.fail(f"known_event[{i}].name", "must be a non-empty string (the dataset's event name)")
        groups = item.get("all_of")
        if not isinstance(groups, list) or not groups:
            raise check.fail(f"known_event[{i}].all_of", "must be a non-empty list of term lists")
        for j, group in enumerate(groups):
            known_families[f"event:{i}:{j}"] = check.strings(group, f"known_event[{i}].all_of[{j}]")
        known_events.append(KnownEvent(item["name"], tuple(f"event:{i}:{j}" for j in range(len(groups))), not_before,
                                       jurisdiction))

    families: dict[str, tuple[str, ...]] = dict(terms)
    families.update(known_families)
    # Count nouns are read only after a number in an approval sentence, by a regex built from the same
    # list (roles.py): in the automaton they were the commonest hit of all ("company", "service").
    count_nouns = families.pop("count_noun")
    # Hidden family: lets a sentence without a digit, numeral or number word skip the number regexes.
    families[NUMBER_WORD_FAMILY] = tuple({*number_words, *ordinal_words})
    families["relative_date"] = tuple(relative)
    families["unnamed_instrument"] = tuple(unnamed)
    for code, words in jurisdictions.items():
        families[f"jur:{code}"] = words
    for i, topic in enumerate(topics):
        families[f"topic:{i}"] = topic.terms
    rules = RuleSet(
        path=str(path), max_sentence_chars=max_chars, window=window,
        cutoff_markers=tuple(m.lower() for m in cutoffs), terms=terms, number_words=number_words,
        qualifiers_before=before, qualifiers_after=after, ordinal_words=ordinal_words,
        relative_dates=relative, jurisdictions=jurisdictions,
        place_codes={fold(word): code for code, words in jurisdictions.items() if code != "-" for word in words},
        instrument_names=check.strings(events.get("instrument_names", []), "events.instrument_names"),
        instrument_names_zh=check.strings(events.get("instrument_names_zh", []), "events.instrument_names_zh"),
        unnamed_instruments={k.lower(): v for k, v in unnamed.items()}, parties=parties, topics=tuple(topics),
        known_events=tuple(known_events), event_families=frozenset(known_families),
        count_noun_after=CountNouns(count_nouns),
        matcher=TermMatcher(families),
        sentence_scan=SentenceScan(families, SENTENCE_FAMILIES, [e.families for e in known_events]),
        numbers=NumberPatterns(number_words, ordinal_words, before, after),
        named_instrument=named_instrument_pattern(check.strings(events.get("instrument_names", []),
                                                                "events.instrument_names")),
    )
    logger.debug("loaded rules", extra={"path": str(path), "terms": sum(len(v) for v in families.values())})
    return rules


class CountNouns:
    """Whether a count noun follows a number within four words ("14 generative AI services", "11 firms"),
    none of the words one that ends a noun phrase ("14 of the", "389 billion parameters"). Words, not a
    regex: this runs for every count of every approval sentence."""

    def __init__(self, nouns: tuple[str, ...]) -> None:
        self._exact = frozenset(n for n in nouns if not n.endswith("*"))
        self._prefixes = tuple(n[:-1] for n in nouns if n.endswith("*"))

    def match(self, tail: str) -> bool:
        for word in tail[:80].replace("-", " ").split()[:5]:
            word = word.strip(".,;:()'’\"")
            if word in self._exact or (self._prefixes and word.startswith(self._prefixes)):
                return True
            if word in NOUN_PHRASE_ENDS:
                return False
        return False


def named_instrument_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """Title Case words ending in an instrument word: "Bletchley Declaration", "Executive Order 14110"."""
    if not words:
        return None
    cap = r"[A-Z0-9][\w.&'’-]{0,30}"
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # Small words may join capitalised ones inside a name ("Responsible AI Safety and Education Act"), never
    # open it; a bill's number may be short ("Senate Bill 53").
    joined = rf"{cap}\s(?:(?:and|of|for|on|the|in|to|&)\s(?=[A-Z0-9]))*"
    # The leading look-ahead (a name starts with a capital or a digit) makes every other position fail at one
    # test, where the repeat was entered and left at each (the sentences of a Chinese article, most of all).
    return re.compile(rf"(?=[A-Z0-9])(?:((?:{joined}){{1,7}})({alt})\b(?:\s(?:No\.\s)?(\d{{1,6}}))?)")


def _int_map(check: _Checker, value: Any, key: str) -> dict[str, int]:
    table = check.table(value, key)
    return {word.lower(): check.integer(n, f"{key}.{word}", 0, 1_000_000) for word, n in table.items()}
