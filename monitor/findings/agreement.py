"""A finding's value by agreement of independent sources, not by whichever report came first.

Each outlet (a source) votes once, however many copies of the story it carried: copies within one
story and repeats across its pages are one report. An outlet votes for the value most of its own
reports give. The finding takes the value most outlets report; the others are shown as disputed,
never as the value. Ties go to the value reported first.

``confidence`` = share of outlets that agree x (1 - 0.5 ** agreeing outlets): one report is 0.5, two
that agree 0.75, five of six agreeing 0.81, and two outlets that disagree 0.25 each way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Sequence


@dataclass(frozen=True, slots=True)
class Report:
    """One piece of evidence: who said what, and where it sits."""

    outlet: str
    value: Hashable  # what the report says the fact is: (count, qualifier), a total, or None for facts without a number
    summary: str | None
    cluster: int | None
    published: dt.datetime | None  # the earliest, for reports grouped as ``copies``
    copies: int = 1  # identical reports of one outlet in one story, counted as one row


@dataclass(frozen=True, slots=True)
class Agreement:
    value: Hashable
    summary: str | None  # the summary of the first report of the value
    sources: int  # independent outlets behind the finding
    agreeing: int  # outlets behind its value
    confidence: float
    disputed: tuple[tuple[Hashable, int], ...]  # (minority value, outlets), most outlets first
    story: int | None  # the story that carries most of the value's reports


def confidence(agreeing: int, sources: int) -> float:
    if sources == 0:
        return 0.0
    return round(agreeing / sources * (1 - 0.5 ** agreeing), 3)


def agree(reports: Sequence[Report]) -> Agreement | None:
    if not reports:
        return None
    ordered = sorted(reports, key=lambda r: (r.published is None, r.published or dt.datetime.min.replace(tzinfo=dt.timezone.utc)))
    first_seen: dict[Hashable, int] = {}
    by_outlet: dict[str, Counter[Hashable]] = {}
    for position, report in enumerate(ordered):
        first_seen.setdefault(report.value, position)
        by_outlet.setdefault(report.outlet, Counter())[report.value] += report.copies
    votes: Counter[Hashable] = Counter()
    for counts in by_outlet.values():
        top = max(counts.values())
        votes[min((v for v, n in counts.items() if n == top), key=first_seen.__getitem__)] += 1
    ranked = sorted(votes, key=lambda v: (-votes[v], first_seen[v]))
    value = ranked[0]
    backing = [r for r in ordered if r.value == value]
    clusters: Counter[int] = Counter()
    for r in backing:
        if r.cluster is not None:
            clusters[r.cluster] += r.copies
    story = max(clusters, key=lambda c: (clusters[c], -c)) if clusters else None
    sources = len(by_outlet)
    return Agreement(value=value, summary=backing[0].summary, sources=sources, agreeing=votes[value],
                     confidence=confidence(votes[value], sources),
                     disputed=tuple((v, votes[v]) for v in ranked[1:]), story=story)
