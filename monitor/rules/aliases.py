"""Company (and known regulation) names -> canonical names, matched with one Aho-Corasick automaton.

Thousands of aliases cost about what ten do: the automaton scans the text once whatever its size.
Matching is case-insensitive; English names keep word boundaries ("Baidu" not inside "Baiduxyz"),
Chinese names need none. Overlapping matches resolve leftmost-longest ("Baidu Inc" over "Baidu").
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from typing import TYPE_CHECKING, Iterable, Literal, NamedTuple

import ahocorasick_rs

from monitor.dataset.names import TitleMatcher
from monitor.rules.terms import WORD_CHARS, automaton, fold

if TYPE_CHECKING:
    from monitor.rules.romanised import Index as RomanisedIndex
    from monitor.rules.romanised import RomanisedNames

logger = logging.getLogger(__name__)

AliasKind = Literal["company", "model", "regulation"]
# Characters that turn a noun into a shape or manner ("金字塔型", "阶梯式", "网状"): a model named after a common
# word, read right before one of them, is the word
_SHAPE_SUFFIX = frozenset("型式状形般化")
_CJK = re.compile(r"[\u4e00-\u9fff]")


class AliasMatch(NamedTuple):
    start: int
    end: int
    canonical: str
    surface: str  # as written in the text
    kind: AliasKind


# Measured on the bundled dataset's event names and aliases: two different events' names score at most
# 86 (EU AI Act and Colorado AI Act; Executive Orders 14110/14148/14179 score 89 and are kept apart by their
# numbers anyway); a title with one word changed (人工智能相关技术研究开发及活用推进法 for 应用) scores 94.
EVENT_TITLE_MATCH = 92.0
_DIGIT_RUNS = re.compile(r"\d+")
_ONE_WORD = re.compile(r"[A-Za-z]+")


def _title_key(name: str) -> str:
    return "".join(ch for ch in fold(name) if ch.isalnum())


class EventDates(NamedTuple):
    """A known regulation event's name, place, kind and dates, as :meth:`AliasIndex.event_near` reads them."""

    name: str
    jurisdiction: str | None
    kind: str | None
    issued: dt.date
    effective: dt.date | None = None


# What an unnamed instrument's label can stand for, by the dataset's kinds of event.
_LABEL_KINDS = {"rules": frozenset({"rules", "rule", "proposed rule", "standard", "law"}),  # "the EU's AI rules"
                "regulations": frozenset({"rules", "rule", "proposed rule"}),
                "executive order": frozenset({"order"}), "law": frozenset({"law"}), "bill": frozenset({"law"}),
                "declaration": frozenset({"declaration"}),  # a summit's declaration (events.py)
                "draft": frozenset({"proposed rule"})}  # drafted rules: only a known proposal (events.py)
_ISSUED_WINDOW = dt.timedelta(days=45)
_EFFECTIVE_WINDOW = dt.timedelta(days=20)
# A date read from "last week" or "last month" is the period's first day: the event may be a few days after it
_RELATIVE_SLACK = dt.timedelta(days=6)


class AliasIndex:
    """Immutable after :meth:`build`; safe to share between threads."""

    def __init__(self, lookup: dict[str, tuple[str, AliasKind]], event_dates: tuple[EventDates, ...] = (),
                 shared: dict[str, tuple[str, ...]] | None = None, as_written: dict[str, str] | None = None) -> None:
        self._lookup = lookup
        # names that match only as written (see build): automaton index -> the name's letters and case
        self._as_written = {i: as_written[key] for i, key in enumerate(lookup) if key in as_written} if as_written else {}
        self._event_dates = event_dates
        # a name two places' events share ("AI Basic Act": Korea's and Taiwan's) -> every event that claims it
        self._shared = shared or {}
        self._place_of = {e.name: e.jurisdiction for e in event_dates}
        namesakes: dict[str, set[str]] = {}
        for claimants in self._shared.values():
            for name in claimants:
                namesakes.setdefault(name, set()).update(other for other in claimants if other != name)
        self._namesakes = {name: frozenset(others) for name, others in namesakes.items()}
        self._targets = list(lookup.values())
        # Not a DFA: thousands of names, Chinese among them, make one of ~40 MB in every process that
        # reads; the library's default automaton takes ~1 MB and scans 2 KB in ~12 us.
        self._automaton: ahocorasick_rs.AhoCorasick | None = automaton(list(lookup), dfa=False) if lookup else None
        events = [(key, canonical) for key, (canonical, kind) in lookup.items() if kind == "regulation"]
        self._event_keys = [_title_key(key) for key, _ in events]
        self._event_owner = [canonical for _, canonical in events]
        self._regulation_targets = frozenset(i for i, (_, kind) in enumerate(self._targets) if kind == "regulation")
        # the keys regulation_marks finds, for a scan that finds them with its own (SentenceScan.with_names)
        self.regulation_keys = tuple(key for key, (_, kind) in lookup.items() if kind == "regulation")
        self.longest = max(map(len, lookup), default=0)

    @classmethod
    def build(
        cls,
        entries: Iterable[tuple[str, Iterable[str]]],
        *,
        models: Iterable[tuple[str, Iterable[str]]] = (),
        regulations: Iterable[tuple[str, Iterable[str]]] = (),
        event_dates: Iterable[EventDates] = (),
    ) -> "AliasIndex":
        """``entries``: (canonical company, surface names). ``models`` marks surfaces that are model
        names (the mention then carries ``model``); ``regulations``: (canonical event name, aliases);
        ``event_dates``: when each known event was issued and took effect, for :meth:`event_near`."""
        lookup: dict[str, tuple[str, AliasKind]] = {}
        shared: dict[str, tuple[str, ...]] = {}
        # A model named by one word of letters ("KnowS", "Change", "Echo", "Moonshot") matches only as written:
        # folded, it is an English word ("a wise man knows", "a moonshot project"), not the filed model
        as_written: dict[str, str] = {}

        def add(canonical: str, surfaces: Iterable[str], kind: AliasKind) -> None:
            for surface in (canonical, *surfaces):
                key = fold(surface.strip())
                if len(key) < 2:
                    continue  # one-character names would match everywhere
                if key in lookup and lookup[key][0] != canonical:
                    if kind == "regulation" and lookup[key][1] == "regulation":
                        # the first claimant stays the name's meaning; the place told beside it may choose another
                        shared[key] = tuple(dict.fromkeys((*shared.get(key, (lookup[key][0],)), canonical)))
                    logger.debug("alias claimed twice", extra={"alias": surface, "kept": lookup[key][0]})
                    continue
                lookup.setdefault(key, (canonical, kind))

        for canonical, surfaces in regulations:
            add(canonical, surfaces, "regulation")
        for canonical, names in models:
            for name in names:
                key = fold(name.strip())
                if len(key) >= 2 and key not in lookup:
                    lookup[key] = (canonical, "model")
                    if _ONE_WORD.fullmatch(name.strip()):
                        as_written[key] = name.strip()
        for canonical, surfaces in entries:
            add(canonical, surfaces, "company")
        return cls(lookup, tuple(EventDates(*e) for e in event_dates), shared, as_written)

    @functools.cached_property
    def version(self) -> int:
        """Equal for two indexes of the same names: what a cache of results read through an index keys on
        (computed on first use: the rules' worker processes never ask)."""
        return hash((frozenset(self._lookup.items()), self._event_dates, frozenset(self._shared.items()),
                     frozenset(self._as_written.items())))

    def __len__(self) -> int:
        return len(self._lookup)

    def event_in_place(self, surface: str, jurisdiction: str | None) -> str | None:
        """Of the known events that share a name ("人工智能基本法": Korea's and Taiwan's), the one of this place;
        None when the name is not shared or no claimant is of that place."""
        claimants = self._shared.get(fold(surface.strip())) if jurisdiction else None
        if not claimants:
            return None
        return next((name for name in claimants if self._place_of.get(name) == jurisdiction), None)

    def place_of(self, canonical: str) -> str | None:
        """The jurisdiction the dataset gives a known event, if it dates the event."""
        return self._place_of.get(canonical)

    def namesakes(self, canonical: str) -> frozenset[str]:
        """The other known events that share a name with this one (Korea's and Taiwan's AI Basic Acts)."""
        return self._namesakes.get(canonical, frozenset())

    def canonical(self, name: str) -> str | None:
        """The canonical name for an exact surface (any case), or None."""
        found = self._lookup.get(fold(name.strip()))
        return found[0] if found else None

    def event_near(self, jurisdiction: str | None, label: str, on: dt.date | None, *, told: bool = False,
                   within: tuple[dt.date, dt.date] | None = None) -> str | None:
        """The one known event an unnamed instrument stands for: "China's new rules for ChatGPT-style services"
        in an article of July 2023 are the Interim Measures. Same jurisdiction, a kind the label can name,
        issued up to 45 days before the article (``told``: a date the sentence tells, which may be the first day
        of "last week", so up to 6 days after it too) or taking effect within 20 days of it; None when no event
        or more than one fits."""
        kinds = _LABEL_KINDS.get(label)
        if jurisdiction is None or on is None or not kinds:
            return None
        fits = {e for e in self._event_dates
                if e.jurisdiction == jurisdiction and e.kind in kinds
                and (within is None or within[0] <= e.issued <= within[1])  # (the term of the president named)
                and ((-_RELATIVE_SLACK if told else dt.timedelta(0)) <= on - e.issued <= _ISSUED_WINDOW
                     or (e.effective is not None and abs(on - e.effective) <= _EFFECTIVE_WINDOW))}
        names = {e.name for e in fits}
        if len(names) == 1:
            return names.pop()
        # several in the window: the one issued that day or the day before, when the next is days older ("Trump signs
        # executive order on AI" on 23 January 2025 is that day's order, not the one of the 20th)
        gaps = sorted(((on - e.issued).days, e.name) for e in fits if dt.timedelta(0) <= on - e.issued)
        if len(gaps) >= 2 and gaps[0][0] <= 1 and gaps[1][0] - gaps[0][0] >= 3:
            return gaps[0][1]
        return None

    def issued_on(self, canonical: str) -> dt.date | None:
        """The date the dataset gives a known event (its issue or signing), None for an event of no date."""
        return next((e.issued for e in self._event_dates if e.name == canonical), None)

    def event_between(self, jurisdiction: str | None, label: str, first: dt.date, last: dt.date) -> str | None:
        """The one known event of this place and kind issued between two dates ("Biden's executive order": his
        term); None when none or several."""
        kinds = _LABEL_KINDS.get(label)
        if jurisdiction is None or not kinds:
            return None
        fits = {e.name for e in self._event_dates
                if e.jurisdiction == jurisdiction and e.kind in kinds and first <= e.issued <= last}
        return fits.pop() if len(fits) == 1 else None

    def event_in_year(self, jurisdiction: str | None, label: str, year: int) -> str | None:
        """The one known event of this place and kind issued in ``year``: "a 2023 executive order on AI" is
        Executive Order 14110 when the dataset knows no other US order of 2023; None when none or several."""
        kinds = _LABEL_KINDS.get(label)
        if jurisdiction is None or not kinds:
            return None
        fits = {e.name for e in self._event_dates
                if e.jurisdiction == jurisdiction and e.kind in kinds and e.issued.year == year}
        return fits.pop() if len(fits) == 1 else None

    def only_suit_against(self, party: str, jurisdictions: frozenset[str] = frozenset()) -> str | None:
        """The one known lawsuit named "<plaintiff> v. <party>", when the dataset knows exactly one against
        ``party`` (authors settling with Anthropic are Bartz v. Anthropic; OpenAI's many suits name none), or
        exactly one in one of ``jurisdictions`` when given (a German court's ruling against OpenAI: GEMA's suit)."""
        end = f" v. {party}".casefold()
        fits = {e.name for e in self._event_dates if e.kind == "lawsuit" and e.name.casefold().endswith(end)
                and (not jurisdictions or e.jurisdiction in jurisdictions)}
        return fits.pop() if len(fits) == 1 else None

    def romanised(self, name: str) -> str | None:
        """The known company an English name spells in pinyin ("Bosi Shucai Technology": 博思数采科技股份有限公司)."""
        return self._romanised.canonical(name) if name.isascii() else None

    @functools.cached_property
    def _romanised(self) -> RomanisedNames:
        from monitor.rules.romanised import RomanisedNames

        return RomanisedNames.build(self.company_surfaces())

    def company_surfaces(self) -> list[tuple[str, list[str]]]:
        """(canonical name, every surface it is looked up by) of each known company."""
        companies: dict[str, list[str]] = {}
        for key, (canonical, kind) in self._lookup.items():
            if kind == "company":
                companies.setdefault(canonical, []).append(key)
        return list(companies.items())

    def adopt_romanised(self, index: RomanisedIndex) -> None:
        """Take the pinyin table built from the same companies elsewhere (``RomanisedNames.build(
        self.company_surfaces()).index``), so this process never loads pypinyin."""
        from monitor.rules.romanised import RomanisedNames

        self.__dict__["_romanised"] = RomanisedNames(index)

    def known_event(self, name: str) -> str | None:
        """The known regulation event a full title names, exactly or but for a word or two: a Chinese title
        with 活用 for 应用, a British "Utilisation". Titles of eight characters or more only, scored by
        rapidfuzz's ratio on letters and digits alone (numbers must agree: Executive Order 14179 is not
        14110); the matcher of the findings (monitor.findings.regulation_match) still decides what is news."""
        exact = self.canonical(name)
        if exact is not None:
            return exact
        key = _title_key(name)
        if len(key) < 8 or not self._event_keys:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self._event_keys, scorer=fuzz.ratio, score_cutoff=EVENT_TITLE_MATCH)
        if best is None or _DIGIT_RUNS.findall(best[0]) != _DIGIT_RUNS.findall(key):
            # a long title written another way: "Interim Administrative Measures for Generative Artificial
            # Intelligence Service" (a law firm's translation), by the weight of the words both titles share
            return self._titles.match(name)
        return self._event_owner[best[2]]

    @functools.cached_property
    def _titles(self) -> TitleMatcher:
        return TitleMatcher([(key, canonical) for key, (canonical, kind) in self._lookup.items() if kind == "regulation"])

    def regulation_marks(self, folded: str) -> list[int]:
        """Start offsets of every known regulation's name in a folded document, without the boundary checks
        of :meth:`find` (a superset: what makes the rules read a sentence, triggers.py)."""
        if self._automaton is None or not self._regulation_targets:
            return []
        wanted = self._regulation_targets
        return [start for index, start, _ in self._automaton.find_matches_as_indexes(folded, overlapping=True)
                if index in wanted]

    def find(self, text: str, folded: str) -> list[AliasMatch]:
        """Non-overlapping matches, leftmost-longest, sorted by start."""
        if self._automaton is None:
            return []
        n = len(text)
        raw: list[tuple[int, int, str, AliasKind]] = []
        targets = self._targets
        as_written = self._as_written
        for index, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            if start > 0 and folded[start] in WORD_CHARS and folded[start - 1] in WORD_CHARS:
                continue
            if end < n and folded[end - 1] in WORD_CHARS and folded[end] in WORD_CHARS:
                continue
            if as_written and index in as_written and text[start:end] != as_written[index]:
                continue
            if end < n and folded[end] in _SHAPE_SUFFIX and targets[index][1] == "model" and _CJK.match(folded, end - 1):
                continue  # "呈金字塔型格局": a filed model named 金字塔 ("pyramid"), here the word, pyramid-shaped
            raw.append((start, -end, *targets[index]))
        raw.sort()
        out: list[AliasMatch] = []
        last_end = -1
        for start, neg_end, canonical, kind in raw:
            if start >= last_end:
                out.append(AliasMatch(start, -neg_end, canonical, text[start:-neg_end], kind))
                last_end = -neg_end
        return out
