"""One Aho-Corasick automaton over every named term family of the rules file.

The whole document is scanned once; callers bucket the hits into sentences. Matching is on a
lower-cased copy of the same length as the text, so positions are valid in both. English terms keep
word boundaries (``"ai"`` must not fire inside ``"said"``); a trailing ``*`` makes a term a prefix;
a term written with a capital letter must match the original text exactly (``"US"`` is not ``"us"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

import ahocorasick


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length (so offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. U+0130) grow when lower-cased; keep those as they are.
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


def is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


class Hit(NamedTuple):
    start: int
    end: int
    family: str
    term: str


@dataclass(frozen=True, slots=True)
class _Spec:
    family: str
    term: str
    prefix: bool
    exact: str | None  # original spelling when the match is case-sensitive
    left: bool  # check the left word boundary
    right: bool


class TermMatcher:
    """Find every family term in a text; build once per rule set."""

    def __init__(self, families: Mapping[str, Iterable[str]]) -> None:
        specs: dict[str, list[_Spec]] = {}
        for family, terms in families.items():
            for raw in terms:
                prefix = raw.endswith("*") and len(raw) > 1
                term = raw[:-1] if prefix else raw
                key = fold(term)
                exact = term if any(c.isupper() for c in term) else None
                spec = _Spec(family, key, prefix, exact, is_word_char(key[0]), is_word_char(key[-1]) and not prefix)
                specs.setdefault(key, []).append(spec)
        self._automaton = ahocorasick.Automaton()
        for key, spec_list in specs.items():
            self._automaton.add_word(key, tuple(spec_list))
        self.empty = not specs
        if not self.empty:
            self._automaton.make_automaton()

    def find(self, text: str, folded: str) -> list[Hit]:
        """Hits sorted by start offset; ``folded`` is ``fold(text)``."""
        if self.empty:
            return []
        hits: list[Hit] = []
        n = len(text)
        for end_idx, spec_list in self._automaton.iter(folded):
            end = end_idx + 1
            for spec in spec_list:
                start = end - len(spec.term)
                if spec.left and start > 0 and is_word_char(folded[start - 1]):
                    continue
                if spec.right and end < n and is_word_char(folded[end]):
                    continue
                if spec.exact is not None and text[start:end] != spec.exact:
                    continue
                hits.append(Hit(start, end, spec.family, spec.term))
        hits.sort()
        return hits
