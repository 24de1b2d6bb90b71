"""One Aho-Corasick automaton over every named term family of the rules file.

Each sentence the rules read is scanned on its own (triggers.py decides which). Matching is on a
lower-cased copy of the same length as the text, so positions are valid in both. English terms keep
word boundaries (``"ai"`` must not fire inside ``"said"``); a trailing ``*`` makes a term a prefix;
a term written with a capital letter must match the original text exactly (``"US"`` is not ``"us"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, NamedTuple

import ahocorasick_rs


def fold(text: str) -> str:
    """Lower-case ``text`` without changing its length (so offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. U+0130) grow when lower-cased; keep those as they are.
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


# A rules file's terms fit a DFA in about a megabyte (the bundled 343 terms, 2,400 characters: 1.3 MB)
# and it scans 2 KB in 11 us, against 16 us for the library's default automaton and 25 us for
# pyahocorasick. A DFA grows by ~1.2 KB per character of Chinese pattern (~0.1 KB of Latin), so past
# this many characters (~6 MB at worst) the library chooses, and a long hand-written list stays cheap.
DFA_MAX_CHARS = 5_000


def automaton(patterns: list[str], *, dfa: bool) -> ahocorasick_rs.AhoCorasick:
    """An automaton reporting every match, overlapping ones included, as (pattern, start, end) in characters."""
    if dfa and sum(map(len, patterns)) <= DFA_MAX_CHARS:
        return ahocorasick_rs.AhoCorasick(patterns, implementation=ahocorasick_rs.Implementation.DFA)
    return ahocorasick_rs.AhoCorasick(patterns)


# ASCII letters, digits and "_": a set look-up, not a call, in the per-hit checks below
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def is_word_char(ch: str) -> bool:
    return ch in WORD_CHARS


def split_wildcards(raw: str) -> tuple[str, bool, bool]:
    """A rules-file term as (literal, prefix, suffix): "approv*" matches as a word's start, "*n't" as a word's
    end ("can't", "hasn't"), anything else as a whole word."""
    prefix = raw.endswith("*") and len(raw) > 1
    term = raw[:-1] if prefix else raw
    suffix = term.startswith("*") and len(term) > 1
    return (term[1:] if suffix else term), prefix, suffix


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
                term, prefix, suffix = split_wildcards(raw)
                key = fold(term)
                exact = term if any(c.isupper() for c in term) else None
                spec = _Spec(family, key, prefix, exact, is_word_char(key[0]) and not suffix,
                             is_word_char(key[-1]) and not prefix)
                specs.setdefault(key, []).append(spec)
        self._specs = [tuple(spec_list) for spec_list in specs.values()]
        self._automaton = automaton(list(specs), dfa=True) if specs else None

    def find(self, text: str, folded: str) -> list[Hit]:
        """Hits sorted by start offset; ``folded`` is ``fold(text)``."""
        if self._automaton is None:
            return []
        # Runs once per hit, dozens of times per sentence on regulation news: local names, set
        # look-ups and tuple.__new__ (Hit's own __new__ is a Python-level call) halve its cost.
        hits: list[Hit] = []
        append = hits.append
        make = tuple.__new__
        words = WORD_CHARS
        n = len(text)
        specs = self._specs
        for index, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            for spec in specs[index]:
                if spec.left and start > 0 and folded[start - 1] in words:
                    continue
                if spec.right and end < n and folded[end] in words:
                    continue
                if spec.exact is not None and text[start:end] != spec.exact:
                    continue
                append(make(Hit, (start, end, spec.family, spec.term)))
        hits.sort()
        return hits
