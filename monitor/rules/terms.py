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


# ASCII letters, digits and "_": a set look-up, not a call, in the per-hit checks below
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def is_word_char(ch: str) -> bool:
    return ch in WORD_CHARS


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
    length: int  # len(term), precomputed for the per-hit offset


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
                spec = _Spec(family, key, prefix, exact, is_word_char(key[0]), is_word_char(key[-1]) and not prefix,
                             len(key))
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
        # Runs once per hit, dozens of times per sentence on regulation news: local names, set
        # look-ups and tuple.__new__ (Hit's own __new__ is a Python-level call) halve its cost.
        hits: list[Hit] = []
        append = hits.append
        make = tuple.__new__
        words = WORD_CHARS
        n = len(text)
        for end_idx, spec_list in self._automaton.iter(folded):
            end = end_idx + 1
            for spec in spec_list:
                start = end - spec.length
                if spec.left and start > 0 and folded[start - 1] in words:
                    continue
                if spec.right and end < n and folded[end] in words:
                    continue
                if spec.exact is not None and text[start:end] != spec.exact:
                    continue
                append(make(Hit, (start, end, spec.family, spec.term)))
        hits.sort()
        return hits
