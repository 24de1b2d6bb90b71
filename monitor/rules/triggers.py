"""What makes ``extract_mentions`` read a sentence, and one scan of the whole document that finds it.

Most sentences of a news page can fire no rule: they hold no approval, total, list, lawsuit or AI word, no
known regulation's name and no case name ("v.") or Chinese title mark (《). The rules used to fold and
match every sentence with both automatons before learning that. ``SentenceScan`` instead scans the whole
lower-cased document once for the trigger families' terms, with the word-boundary checks of
:class:`~monitor.rules.terms.TermMatcher` ("ai" is not in "said") but none of its case checks, so its
marks are a superset of what the sentence-level match would find: a sentence with no mark in it is
skipped unread, with the same outcome as reading it; a mark the sentence-level checks reject costs only
the reading. (A sentence cut inside a word, where its edge is a boundary that the whole document does
not have, is always read: extract.py.)
"""

from __future__ import annotations

import copy
from bisect import bisect_left
from typing import Callable, Iterable, Mapping, Sequence

from monitor.rules.terms import WORD_CHARS, automaton, fold, is_word_char, split_wildcards

APPROVAL_TRIGGERS = frozenset({"approval", "batch", "filed", "registered"})
# Names listed in a sentence of their own right after an approval sentence ("The group includes ...").
FILING_WORDS = frozenset({"filed", "registered"})
LIST_TRIGGERS = frozenset({"membership", "enumeration", "register_ref"})
# A known event told by its facts (every group of one [[known_event]]) is a trigger too; its terms alone
# ("the company's cloud business") are not.
EVENT_TRIGGERS = frozenset({"lawsuit", "unnamed_instrument", "ai_context"})
# Every family extract_mentions tests before it decides to read a sentence (with the known events' groups).
# Not negative_domain: on its own it only silences a sentence.
SENTENCE_FAMILIES = APPROVAL_TRIGGERS | FILING_WORDS | LIST_TRIGGERS | EVENT_TRIGGERS | {"total"}
# Strings read without a family: a case name (v., 诉), a Chinese title, and the AI register's regulator
# (approvals.AI_REGULATOR: naming it makes later approval words count without an AI word of their own).
SENTENCE_LITERALS = ("v.", "《", "诉", "cac", "cyberspace", "网信")


class SentenceScan:
    """Offsets in a folded document where a sentence may need reading; build once per rule set."""

    def __init__(self, families: Mapping[str, Iterable[str]], wanted: Iterable[str],
                 events: Iterable[Sequence[str]] = ()) -> None:
        """``wanted``: the families whose every term marks; ``events``: each known event's group families,
        whose terms mark only in a document that has a term of every group (a sentence is read for a known
        event only when it has them all: "cloud" alone, in a story on cloud revenue, marks nothing)."""
        # key -> (left boundary checked, right boundary checked, the (event, group) pairs it belongs to, or
        # None for a trigger that marks on its own); a key two terms share is checked as the looser one
        specs: dict[str, tuple[bool, bool, frozenset[tuple[int, int]] | None]] = {
            literal: (False, False, None) for literal in SENTENCE_LITERALS}
        owners = [(family, None) for family in wanted]
        self._groups = []
        for e, groups in enumerate(events):
            owners += [(family, (e, g)) for g, family in enumerate(groups)]
            self._groups.append(len(groups))
        for family, owner in owners:
            for raw in families.get(family, ()):
                term, prefix, suffix = split_wildcards(raw)
                key = fold(term)
                if not key:
                    continue
                left, right = is_word_char(key[0]) and not suffix, is_word_char(key[-1]) and not prefix
                events_of: frozenset[tuple[int, int]] | None = None if owner is None else frozenset({owner})
                if key in specs:
                    old_left, old_right, old_events = specs[key]
                    left, right = left and old_left, right and old_right
                    events_of = None if old_events is None or events_of is None else old_events | events_of
                specs[key] = (left, right, events_of)
        self._keys = list(specs)
        self._specs = [specs[key] for key in self._keys]
        self._automaton = automaton(self._keys, dfa=True)
        self.longest = max(map(len, self._keys))
        self._names: tuple[str, ...] = ()  # names that mark wherever they occur (with_names)
        self._with_names: dict[int, tuple[tuple[str, ...], SentenceScan]] = {}

    def with_names(self, names: tuple[str, ...]) -> SentenceScan:
        """This scan, with every occurrence of ``names`` marking too (no boundary checks: a known regulation's
        name, AliasIndex.regulation_keys). One automaton finds both, in one pass over the document instead
        of two (the pass, not the automaton, is most of a scan's cost). Kept per tuple of names."""
        if not names:
            return self
        kept = self._with_names.get(id(names))
        if kept is not None and kept[0] is names:
            return kept[1]
        scan = copy.copy(self)
        scan._names = names
        scan._with_names = {}
        # (a name that is a key too gets an index of its own, past the keys': the automaton reports both)
        scan._automaton = automaton([*self._keys, *names], dfa=True)
        scan.longest = max(self.longest, *map(len, names))
        if len(self._with_names) >= 8:
            self._with_names.clear()
        self._with_names[id(names)] = (names, scan)
        return scan

    def marks(self, folded: str) -> list[int]:
        """Start offsets of every trigger term or literal in ``folded`` (sorted, overlapping included)."""
        words = WORD_CHARS
        n = len(folded)
        specs = self._specs
        found: set[int] = set()
        event_hits: list[tuple[int, frozenset[tuple[int, int]]]] = []
        keys = len(specs)  # past them, the indexes of with_names' names
        for index, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            if index >= keys:
                found.add(start)
                continue
            left, right, events_of = specs[index]
            if left and start > 0 and folded[start - 1] in words:
                continue
            if right and end < n and folded[end] in words:
                continue
            if events_of is None:
                found.add(start)
            else:
                event_hits.append((start, events_of))
        if event_hits:
            present: dict[int, set[int]] = {}
            for _, events_of in event_hits:
                for e, g in events_of:
                    present.setdefault(e, set()).add(g)
            whole = {e for e, groups in present.items() if len(groups) == self._groups[e]}
            found.update(start for start, events_of in event_hits if any(e in whole for e, _ in events_of))
        return sorted(found)


class Marks:
    """A folded document's marks (the rules' and the known regulations' names), found a block at a time as
    the sentences advance: a huge document costs what the rules' time budget lets them read, not a scan of
    all of it first. Blocks overlap by the longest name, and a match at a block's edge passes the boundary
    check there, so the marks stay a superset."""

    BLOCK = 32_768

    def __init__(self, scan: SentenceScan, regulation_marks: Callable[[str], list[int]] | None, longest_name: int,
                 folded: str) -> None:
        """``regulation_marks``: None when ``scan`` marks the regulations' names itself (with_names)."""
        self._scan = scan
        self._regulation_marks = regulation_marks
        self._overlap = max(scan.longest, longest_name)
        self._folded = folded
        self._done = 0  # marks are known for every start before this offset
        self._marks: list[int] = []

    def __call__(self, start: int, end: int) -> bool:
        """Whether a mark starts inside ``[start, end)`` (sentences are asked about in document order)."""
        while self._done < end and self._done < len(self._folded):
            lo, hi = self._done, self._done + self.BLOCK
            window = self._folded[lo:hi + self._overlap]
            found = self._scan.marks(window)
            if self._regulation_marks is not None:
                found = sorted({*found, *self._regulation_marks(window)})
            self._marks.extend(lo + m for m in found if m < self.BLOCK)
            self._done = hi
        k = bisect_left(self._marks, start)
        return k < len(self._marks) and self._marks[k] < end
