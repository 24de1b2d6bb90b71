"""Records of the digest stage: what the caller hands in, and the built digest the templates read.

Inputs (``DigestItem``, ``SourceHealth``, ``TotalPoint``) carry raw, untrusted text. The built
records (``Digest`` and below) carry text that :mod:`monitor.digest.clean` has already stripped of
control characters and truncated, and links that are http(s) or absent. Escaping for HTML is left
to the template engine, so nothing here is markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from monitor.records import Evidence, Finding, FindingKind

TotalSource = Literal["dataset", "reported"]


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One finding waiting for a digest, with its stored id and every piece of evidence."""

    finding_id: int
    finding: Finding
    evidence: tuple[Evidence, ...]
    story_cluster: int | None = None
    sources: int = 0  # independent outlets; 0: count the evidence's sources
    confidence: float = 0.0
    disputed: str | None = None  # minority values, shown beside the value, never as it


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A source's failure record, as the fetch stage keeps it."""

    name: str
    url: str
    failing_since: dt.datetime | None
    consecutive_failures: int
    last_error: str | None
    last_success: dt.datetime | None


@dataclass(frozen=True, slots=True)
class TotalPoint:
    """One point of the cumulative-total series: from the dataset, or as a report claims it."""

    as_of: dt.date
    total: int
    registry: str | None
    source: TotalSource


@dataclass(frozen=True, slots=True)
class SourceLink:
    """One source that carried a story: where and when. ``url`` is None when it was not http(s)."""

    source: str
    title: str
    url: str | None
    published: dt.datetime | None


@dataclass(frozen=True, slots=True)
class EvidenceGroup:
    """Documents of one near-duplicate story cluster, shown once with all their sources."""

    cluster: int | None
    title: str
    snippet: str
    links: tuple[SourceLink, ...]


@dataclass(frozen=True, slots=True)
class FindingView:
    finding_id: int
    kind: FindingKind
    summary: str
    dataset_fact: str | None
    evidence: tuple[EvidenceGroup, ...]  # empty when its story shows the evidence once for all its findings
    n_sources: int
    confidence: float = 0.0
    disputed: str | None = None


@dataclass(frozen=True, slots=True)
class StoryGroup:
    """Findings raised from the same story cluster (``cluster`` None: a finding on its own); a story of
    several findings shows each piece of its evidence once, in ``evidence``."""

    cluster: int | None
    findings: tuple[FindingView, ...]
    evidence: tuple[EvidenceGroup, ...] = ()


@dataclass(frozen=True, slots=True)
class WithdrawnView:
    """A finding an earlier digest reported whose evidence is gone after reprocessing."""

    finding_id: int
    summary: str


@dataclass(frozen=True, slots=True)
class KindSection:
    kind: FindingKind
    heading: str
    stories: tuple[StoryGroup, ...]

    @property
    def n_findings(self) -> int:
        return sum(len(story.findings) for story in self.stories)


@dataclass(frozen=True, slots=True)
class FailingSource:
    name: str
    url: str | None
    failing_since: dt.datetime
    consecutive_failures: int
    last_error: str
    last_success: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One bar of the cumulative-total chart; ``percent`` is its width relative to the largest."""

    as_of: dt.date
    total: int
    label: str
    source: TotalSource
    percent: int
    series: str = "filed"  # filed (备案) and registered (登记) are two series: mixed in one, the bars zig-zag


@dataclass(frozen=True, slots=True)
class Digest:
    digest_id: int
    day: dt.date
    now: dt.datetime
    subject: str
    sections: tuple[KindSection, ...]
    failing_sources: tuple[FailingSource, ...]
    chart: tuple[ChartBar, ...]
    counts: tuple[tuple[FindingKind, int], ...]
    withdrawn: tuple[WithdrawnView, ...] = ()
    title: str = ""  # "Digest 12", or "Preview" for what a send would mail

    @property
    def is_empty(self) -> bool:
        return not self.sections

    @property
    def n_findings(self) -> int:
        return sum(section.n_findings for section in self.sections)

    def findings(self) -> tuple[FindingView, ...]:
        return tuple(f for section in self.sections for story in section.stories for f in story.findings)
