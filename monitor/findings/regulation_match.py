"""A reported regulation name matched to the dataset's known event under variants the exact lookup misses.

Reporters rename instruments: "China's interim measures for generative AI", a Traditional-Chinese title
(生成式人工智慧服務管理暫行辦法), "the generative-AI interim rules". Names are normalised (NFKC, case,
Traditional to Simplified, stop words and punctuation dropped) and compared with rapidfuzz's
token-sort ratio (Latin) or character ratio (Chinese) against every known name and alias.

Two guards keep distinct events apart: numbers in a name must be the known name's numbers (Executive
Order 14179 is not 14110), and a name made only of generic words ("rules on AI", "Regulatory Measures",
"China's Interim Measures") names no event at all: it is a background reference and raises nothing.

``MATCH_THRESHOLD`` was measured on the names of tests/findings/test_regulation_names.py (variants in
English, Simplified and Traditional Chinese against look-alike other events): variants score 92-100
(one made of generic words only scored 84, and raises nothing anyway), the closest different event
80 (Executive Orders with other numbers 84-91, kept apart by the number guard); 88 sits between.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Sequence

from rapidfuzz import fuzz, process

from monitor.dataset.model import KnownDataset, RegulationEvent
from monitor.dataset.names import TitleMatcher, another_title

MATCH_THRESHOLD = 88.0

_STOP = frozenset("the a an of for on in and to by with about china china's chinese cn beijing's new its".split())
# Words that say "a rule about AI" without saying which: a name made only of these is no event's name.
_GENERIC = frozenset(
    "rules rule regulation regulations regulatory measures measure interim provisions provision law laws "
    "guidelines guideline policy policies framework ai artificial intelligence generative gen genai services "
    "service management administration requirements governance oversight draft final national".split())
_GENERIC_ZH = ("中国", "我国", "国家", "人工智能", "生成式", "管理", "暂行", "办法", "规定", "规则", "法规", "监管", "服务",
               "措施", "相关", "有关", "的", "新", "条例", "政策", "要求")
_LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9']*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_DIGITS = re.compile(r"\d+")
_DRAFT = re.compile(r"[(（](?:征求意见稿|草案|试行)[)）]")


@functools.lru_cache(maxsize=1)
def _converter() -> object:
    import opencc

    # Phrases too (Taiwan's 智慧 is 智能): a title is short, so the rules' two-character hint may not fire.
    return opencc.OpenCC("tw2sp")


def _simplified(text: str) -> str:
    return _converter().convert(text) if _CJK.search(text) else text  # type: ignore[attr-defined]


def normalise(name: str) -> str:
    text = _simplified(unicodedata.normalize("NFKC", name)).casefold().replace("’", "'")
    if _CJK.search(text):
        text = _DRAFT.sub("", text)  # （征求意见稿）: the draft of the same instrument
        return "".join(ch for ch in text if ch.isalnum())
    words = [w.strip("'") for w in _LATIN_WORD.findall(text)]
    return " ".join(w for w in words if w and w not in _STOP)


def is_generic(name: str) -> bool:
    """Only generic words: 'rules on AI', 'Regulatory Measures', 中国人工智能监管规定."""
    text = normalise(name)
    if _CJK.search(text):
        for word in _GENERIC_ZH:
            text = text.replace(word, "")
        return not text
    return all(w in _GENERIC or w.removesuffix("'s") in _STOP for w in text.split())


def score(a: str, b: str, **cutoff: object) -> float:
    if _CJK.search(a) or _CJK.search(b):
        return fuzz.ratio(a, b)
    # Token sort, not token set: with set, a known "AI Act" inside "Korea AI Basic Act" scored 100.
    return fuzz.token_sort_ratio(a, b)


@functools.lru_cache(maxsize=8)
def _choices(events: tuple[RegulationEvent, ...]) -> tuple[tuple[str, ...], tuple[RegulationEvent, ...]]:
    names: list[str] = []
    owners: list[RegulationEvent] = []
    for event in events:
        for surface in (event.name, *event.aliases):
            text = normalise(surface)
            if text:
                names.append(text)
                owners.append(event)
    return tuple(names), tuple(owners)


def known_event(name: str, dataset: KnownDataset) -> RegulationEvent | None:
    """The known event ``name`` names: exact lookup first, then the fuzzy match above the threshold."""
    event = dataset.regulation_event(name)
    if event is not None:
        return event
    matches = dataset.event_matches
    if name not in matches:
        if len(matches) >= 10_000:
            matches.clear()  # a bound for a long-lived process reading endless new names
        matches[name] = fuzzy_event(name, dataset.regulation_events)
    return matches[name]


def raises_nothing(name: str, dataset: KnownDataset) -> bool:
    """A known event under another name, or a generic background reference."""
    return known_event(name, dataset) is not None or is_generic(name)


def fuzzy_event(name: str, events: Sequence[RegulationEvent]) -> RegulationEvent | None:
    names, owners = _choices(tuple(events))
    text = normalise(name)
    if not text or not names:
        return None
    digits = set(_DIGITS.findall(text))
    words = frozenset(text.split())
    last = text.rsplit(" ", 1)[-1]
    for choice, best, position in process.extract(text, names, scorer=score, limit=5):
        if best < MATCH_THRESHOLD:
            break
        alias = frozenset(choice.split())
        # (a known act's whole alias inside a title with a word of its own is another act: "Artificial
        # Intelligence Policy Act" scores 88.5 against "Artificial Intelligence Act")
        if set(_DIGITS.findall(choice)) == digits and not (
                not _CJK.search(text) and alias <= words and another_title(words, alias, last)):
            return owners[position]
    # a long title written another way (a translation's other words), by the weight of the words both share
    known = _titles(tuple(events)).match(name)
    return next((event for event in events if event.name == known), None) if known else None


@functools.lru_cache(maxsize=8)
def _titles(events: tuple[RegulationEvent, ...]) -> TitleMatcher:
    return TitleMatcher([(surface, event.name) for event in events for surface in (event.name, *event.aliases)])
