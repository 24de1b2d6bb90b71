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
class RegulatorNote:
    """What the regulator's own list says of a finding, shown beside its value: the verdict and the row."""

    verdict: str  # "confirmed" or "contradicted"
    label: str  # "Confirmed by the regulator's list of 2026-08"
    row: str  # the list row (or the list's count and its last row) that says so


@dataclass(frozen=True, slots=True)
class FindingView:
    """One finding as a digest shows it: label, summary, quote, sources (from a stored finding,
    :class:`storage.queries.StoredFinding`, through :class:`DigestItem`)."""

    finding_id: int
    kind: FindingKind
    label: str  # the kind in words: "New approval batch"
    summary: str
    quote: str  # the sentence of its earliest report that says it (its story's evidence is listed once, below)
    dataset_fact: str | None
    n_sources: int
    confidence: float = 0.0
    disputed: str | None = None
    regulator: RegulatorNote | None = None  # a press report the regulator's list confirmed or contradicted


@dataclass(frozen=True, slots=True)
class StorySection:
    """One story: every finding its reports raised, and each piece of its evidence once.

    ``cluster`` None: a finding whose reports belong to no stored story, a section of its own."""

    cluster: int | None
    headline: str
    findings: tuple[FindingView, ...]
    evidence: tuple[EvidenceGroup, ...]

    @property
    def n_findings(self) -> int:
        return len(self.findings)


@dataclass(frozen=True, slots=True)
class WithdrawnView:
    """A finding an earlier digest reported whose evidence is gone after reprocessing."""

    finding_id: int
    summary: str


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
    sections: tuple[StorySection, ...]
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
        return tuple(f for section in self.sections for f in section.findings)
