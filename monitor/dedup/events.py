"""Event clusters: reports of one event joined by the facts they report, whatever their wording or language.

    story_facts(title, text, mentions) -> StoryFacts | None   the facts a report leads with
    same_event(a, b) -> int                                  > 0 when two reports' facts say one event
    FactIndex(window).match(facts, published) -> cluster | None
    FactIndex.add(doc_id, cluster, facts, published)

Real syndication is rewriting: five reports of one batch share 8-22 % of their word trigrams, far below
any near-duplicate threshold, and an English and a Chinese report share none. What they share is what
the rules read from them: the batch of 14, the fourth batch, the total of 346 filed, the companies named,
the law or lawsuit. So a document that the MinHash index (:mod:`monitor.dedup.index`) puts in no
existing story is matched here on those facts, within ``window`` of a report that states them.

Only the facts a report *leads with* count: those read from its headline or its opening paragraphs
(:data:`LEAD_CHARS`). A report of the Daily News suit recalls the New York Times suit further down, a
Bletchley report recalls the US executive order signed two days before, a batch story recalls last
year's total: background like that must not join stories. Kinds of fact are compared from the most
specific down, and the first kind both reports carry decides:

1. counts (a batch's size, its ordinal, a filed or registered total): one shared value joins, unless
   as many kinds disagree as agree ("the fourth batch of 14" and "the fifth batch of 14" stay apart;
   two lists of companies with none in common disagree too);
   reports whose counts all differ stay apart unless they name two or more of the same companies
   (one outlet writes "eight firms", another "11 companies");
2. companies reported as filed: two shared and half of the shorter list, or the one company of two
   single-company reports (two single-company approvals of different companies stay apart; a list
   sharing one leading firm with another list is not the same event);
3. laws, orders and lawsuits, for reports that carry neither counts nor companies: one shared name.

Costs: a fact key's entries are kept newest last and at most ``PER_KEY`` of them are looked at, so a
company named in every filing story does not make matching linear in the archive.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from monitor.records import Mention

DEFAULT_EVENT_WINDOW = dt.timedelta(days=4)
# The headline and the opening of the body: where a report states its news. Counted in characters of
# the body after the headline; a paragraph that starts inside the budget counts whole (datelines and
# one-sentence leads are short, the paragraph after them still carries the news).
LEAD_CHARS = 320
PER_KEY = 64

Fact = tuple[str, str | int]


@dataclass(frozen=True, slots=True)
class StoryFacts:
    counts: frozenset[Fact]  # ("batch", 14), ("ordinal", 4), ("total:filed", 346), ("total:registered", 263)
    companies: frozenset[str]
    regulations: frozenset[str]

    def keys(self) -> Iterable[Fact]:
        yield from self.counts
        for company in self.companies:
            yield ("company", company)
        for name in self.regulations:
            yield ("regulation", name)


def lead_end(title: str, text: str) -> int:
    """Offset in ``title + "\\n" + text`` where the lead ends: the paragraph holding body character LEAD_CHARS."""
    head = len(title.strip()) + 1 if title.strip() else 0
    if len(text) <= LEAD_CHARS:
        return head + len(text)
    cut = text.find("\n", LEAD_CHARS)
    return head + (len(text) if cut < 0 else cut)


def story_facts(title: str, text: str, mentions: Sequence[Mention]) -> StoryFacts | None:
    """The facts of ``mentions`` read from the headline or the lead; None when there are none."""
    if not mentions:
        return None
    whole = f"{title.strip()}\n{text}" if title.strip() else text
    end = lead_end(title, text)
    counts: set[Fact] = set()
    companies: set[str] = set()
    regulations: set[str] = set()
    for m in mentions:
        where = whole.find(m.snippet[:60].strip()) if m.snippet else -1
        if not 0 <= where < end:
            continue
        if m.kind == "approval_batch":
            if m.count is not None:
                counts.add(("batch", m.count))
            if m.batch is not None:
                counts.add(("ordinal", m.batch))
        elif m.kind == "cumulative_total" and m.total is not None:
            counts.add((f"total:{m.registry or 'filed'}", m.total))
        elif m.kind == "company_approval" and m.company:
            companies.add(m.company.casefold())
        elif m.kind == "regulation_event" and m.regulation:
            regulations.add(m.regulation.casefold())
    if not (counts or companies or regulations):
        return None
    return StoryFacts(frozenset(counts), frozenset(companies), frozenset(regulations))


def _count_kinds(counts: frozenset[Fact]) -> dict[str, set[str | int]]:
    kinds: dict[str, set[str | int]] = defaultdict(set)
    for kind, value in counts:
        kinds[kind].add(value)
    return kinds


def same_event(a: StoryFacts, b: StoryFacts) -> int:
    """How strongly two reports' lead facts say one event: 0 = not shown to be the same."""
    common = len(a.companies & b.companies)
    if a.counts and b.counts:
        shared = len(a.counts & b.counts)
        if shared:
            kinds_a, kinds_b = _count_kinds(a.counts), _count_kinds(b.counts)
            disagree = sum(1 for kind in kinds_a.keys() & kinds_b.keys() if not kinds_a[kind] & kinds_b[kind])
            if len(a.companies) >= 2 and len(b.companies) >= 2 and not common:
                disagree += 1  # Beijing's nine (JD, Kuaishou) and Shanghai's nine (Bilibili, Xiaohongshu) that week
            return 2 * shared - disagree if shared > disagree else 0
        # Counts told on both sides and none in common ("eight firms" and "11 companies"; a batch in one,
        # the total in the other): the same event only when they name the same companies.
        return common if common >= 2 and 2 * common >= min(len(a.companies), len(b.companies)) else 0
    if a.companies and b.companies:
        if common >= 2 and 2 * common >= min(len(a.companies), len(b.companies)):
            return common
        # One company on each side: a single-company story, or a rewrite that kept one name. A list that
        # shares one name with another list is not enough (the leading firms are named in every story).
        return 1 if common == 1 and len(a.companies) == len(b.companies) == 1 else 0
    if a.counts or b.counts or a.companies or b.companies:
        return 0
    return len(a.regulations & b.regulations)


def _stamp(when: dt.datetime | None) -> float:
    return when.timestamp() if when is not None and when.tzinfo is not None else math.nan


class FactIndex:
    """Lead facts of stored reports by fact key, for the reports that near-duplicate matching left alone."""

    def __init__(self, window: dt.timedelta = DEFAULT_EVENT_WINDOW) -> None:
        self.window = window.total_seconds()
        self._entries: dict[Fact, list[int]] = defaultdict(list)  # fact key -> entry numbers, oldest first
        self._cluster: list[int] = []
        self._doc: list[int] = []
        self._facts: list[StoryFacts] = []
        self._published: list[float] = []

    def __len__(self) -> int:
        return len(self._doc)

    def match(self, facts: StoryFacts | None, published: dt.datetime | None) -> int | None:
        """The story of the best-matching report within the window; ties go to the earliest story."""
        stamp = _stamp(published)
        if facts is None or math.isnan(stamp):
            return None  # an undated report has no window to be matched in
        seen: set[int] = set()
        best: tuple[int, int] | None = None  # (-score, cluster)
        for key in facts.keys():
            entries = self._entries.get(key)
            if not entries:
                continue
            for entry in entries[-PER_KEY:]:
                if entry in seen:
                    continue
                seen.add(entry)
                if not abs(self._published[entry] - stamp) <= self.window:
                    continue
                score = same_event(facts, self._facts[entry])
                if score > 0:
                    candidate = (-score, self._cluster[entry])
                    if best is None or candidate < best:
                        best = candidate
        return None if best is None else best[1]

    def add(self, doc_id: int, cluster: int, facts: StoryFacts | None, published: dt.datetime | None) -> None:
        stamp = _stamp(published)
        if facts is None or math.isnan(stamp):
            return
        entry = len(self._doc)
        self._doc.append(doc_id)
        self._cluster.append(cluster)
        self._facts.append(facts)
        self._published.append(stamp)
        for key in facts.keys():
            self._entries[key].append(entry)


__all__ = ["DEFAULT_EVENT_WINDOW", "FactIndex", "StoryFacts", "lead_end", "same_event", "story_facts"]
