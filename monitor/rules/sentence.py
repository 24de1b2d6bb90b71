"""What the rules know about one sentence: its text, folded text, term hits and alias matches."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from monitor.rules.aliases import AliasMatch
from monitor.rules.terms import Hit

# Clause ends: punctuation (not the comma inside "1,000"), dashes, contrastive conjunctions and a headline's
# space between two Chinese phrases. The leading look-ahead names every first character, so the engine skips
# to candidates instead of trying each alternative at every position (2.3x faster on a sentence).
# A semicolon that parts a sentence ("；", or ";" before a space or a Chinese character, not an entity's "&amp;").
SEMICOLON = re.compile(r"；|;(?=\s|[\u4e00-\u9fff])")


def semicolon_parts(text: str) -> list[tuple[int, int]]:
    """A sentence's parts between semicolons, as offsets in it (one part when it has none)."""
    cuts = [m.end() for m in SEMICOLON.finditer(text)]
    bounds = [0, *cuts, len(text)] if not cuts or cuts[-1] < len(text) else [0, *cuts]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]


CLAUSE_END = re.compile(r"(?=[,;；:：，。()（）—–\s])(?:(?<!\d),|,(?!\d{3})|[;；:：，。()（）—–]|\sbut\s|\swhile\s"
                        r"|\swhereas\s|\sunlike\s|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff]))")
# CLAUSE_END's three kinds of end, searched apart (the same ends: no match of one kind can overlap one of
# another, since punctuation is no white space and the conjunctions have letters beside their spaces).
# Its look-ahead holds \s, so nearly every position of English is a candidate there; here the punctuation is
# one character class, the conjunctions are searched only when one of their words is in the sentence, and
# the space between Chinese phrases only in a sentence with a character past ASCII.
# (Each opens with its character class, which the engine scans for: a look-ahead or a \b first had it try the
# pattern at every position, ~3.5x the cost per character. Same matches: the same one character, or white space.)
_CLAUSE_PUNCT = re.compile(r"[,;；:：，。()（）—–](?:(?<!,)|(?<!\d,)|(?!\d{3}))")
_CLAUSE_CONJ = re.compile(r"\s(?:but|while|whereas|unlike)\s")
_CLAUSE_CJK_SPACE = re.compile(r"\s(?<=[\u4e00-\u9fff]\s)\s*(?=[\u4e00-\u9fff])")


def clause_ends(folded: str) -> list[int]:
    """The ends of CLAUSE_END's matches in ``folded``, in order."""
    ends = [m.end() for m in _CLAUSE_PUNCT.finditer(folded)]
    more = False
    if "but" in folded or "while" in folded or "whereas" in folded or "unlike" in folded:
        found = [m.end() for m in _CLAUSE_CONJ.finditer(folded)]
        if found:
            ends += found
            more = True
    if not folded.isascii():
        found = [m.end() for m in _CLAUSE_CJK_SPACE.finditer(folded)]
        if found:
            ends += found
            more = True
    if more:
        ends.sort()
    return ends
# A short parenthesis of one word ("346 generative artificial intelligence (AI) services", "(CAC)", "（AIGC）")
# spells out or abbreviates the words around it; it does not part the clause.
_SHORT_PARENS = re.compile(r"[(（][^()（）\s,;，；:：]{1,15}[)）]")

# A name as English text writes it: up to five capitalised words ("The New York Times", "01.AI",
# "Zorblax Intelligence"). Companies and lawsuit parties are both read with it.
# A capitalised word, or one whose second letter is ("xAI", "iFlytek", "eBay")
_NAME_WORD = r"(?:[A-Z0-9]|[a-z](?=[A-Z]))[\w.&'’-]{0,30}"
PROPER_NAME = rf"{_NAME_WORD}(?:\s{_NAME_WORD}){{0,4}}"


@dataclass(slots=True)
class Sentence:
    text: str
    folded: str
    hits: list[Hit]
    aliases: list[AliasMatch]
    published: dt.date | None
    raw: str = ""  # the text as written (``text`` may be converted from Traditional script)
    families: frozenset[str] = field(default_factory=frozenset)
    _by_family: dict[tuple[str, ...], list[Hit]] = field(default_factory=dict, repr=False)
    _clause_bounds: list[int] | None = field(default=None, repr=False)
    _one_family: dict[str, list[Hit]] | None = field(default=None, repr=False)
    # Answers of pure functions of the sentence that several rules ask, kept for its lifetime (companies._chain_at)
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.raw = self.raw or self.text
        if not self.families:  # the caller may pass the hits' families, known already
            self.families = frozenset(h.family for h in self.hits)

    def of(self, *families: str) -> list[Hit]:
        """Hits of these families in text order; cached, since a count's role asks the same several times."""
        found = self._by_family.get(families)
        if found is None:
            if self.families.isdisjoint(families):
                found = []
            elif len(families) == 1:
                # most questions name one family: one pass over the hits answers every such question
                if self._one_family is None:
                    self._one_family = {}
                    for h in self.hits:
                        self._one_family.setdefault(h.family, []).append(h)
                found = self._one_family[families[0]]
            else:
                found = [h for h in self.hits if h.family in families]
            self._by_family[families] = found
        return found

    def clause_bounds(self) -> list[int]:
        """Where the folded text's clauses start, from 0, closed by ``len(folded) + 1``; computed once, since
        both a count's role and a company's negation are read clause by clause."""
        if self._clause_bounds is None:
            ends = clause_ends(self.folded)
            if "(" in self.folded or "（" in self.folded:
                inside = {i for m in _SHORT_PARENS.finditer(self.folded) for i in (m.start() + 1, m.end())}
                ends = [e for e in ends if e not in inside]
            self._clause_bounds = [0, *ends, len(self.folded) + 1]
        return self._clause_bounds

    def clause_index(self, pos: int) -> int:
        """The number of the clause holding ``pos``."""
        return bisect.bisect_right(self.clause_bounds(), pos) - 1

    def clause_span(self, pos: int) -> tuple[int, int]:
        """(start, end) of the clause holding ``pos``; past the last bound, the empty span there."""
        bounds = self.clause_bounds()
        i = bisect.bisect_right(bounds, pos)
        return (bounds[i - 1], bounds[i]) if i < len(bounds) else (bounds[-1], bounds[-1])

    def nearest_jurisdiction(self, start: int, end: int) -> str | None:
        best: tuple[int, str] | None = None
        members = [(h.start, h.end) for h in self.hits if h.family == "jur:-"]  # "EU country": no place
        for hit in self.hits:
            if hit.family.startswith("jur:") and hit.family != "jur:-" and not any(
                    a <= hit.start and hit.end <= b for a, b in members):
                distance = start - hit.end if hit.end <= start else max(0, hit.start - end)
                if best is None or distance < best[0]:
                    best = (distance, hit.family[4:])
        return best[1] if best else None
