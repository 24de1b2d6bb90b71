"""Turn pending findings, source health and the total series into a :class:`Digest`.

Pure and deterministic: the same inputs (including ``now``) give the same digest, so a digest
rebuilt from the outbox after a crash renders byte for byte as the first attempt did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence

from monitor.records import FINDING_KINDS, Evidence, FindingKind

from .clean import ERROR_LIMIT, SNIPPET_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT, clean_text, safe_url
from .records import (
    ChartBar,
    Digest,
    DigestItem,
    EvidenceGroup,
    FailingSource,
    FindingView,
    SourceHealth,
    SourceLink,
    StorySection,
    TotalPoint,
    WithdrawnView,
)

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "AI approvals monitor"
LABELS: dict[str, str] = {
    "new_batch": "New approval batch",
    "new_company": "Newly approved company",
    "new_total": "New cumulative total",
    "conflict": "Report that contradicts the dataset",
    "new_regulation_event": "Other regulation event",
}
# (singular, plural) for the subject line, in the order of FINDING_KINDS.
COUNT_WORDS: dict[str, tuple[str, str]] = {
    "new_batch": ("new batch", "new batches"),
    "new_company": ("new company", "new companies"),
    "new_total": ("new total", "new totals"),
    "conflict": ("conflict", "conflicts"),
    "new_regulation_event": ("new regulation event", "new regulation events"),
}
FAILING_FOR = dt.timedelta(days=1)
CHART_MAX_BARS = 24


def _sort_time(value: dt.datetime | None) -> tuple[int, str]:
    # Undated evidence sorts last; isoformat keeps aware datetimes comparable as text only when
    # all share an offset, so normalise to UTC first.
    if value is None:
        return (1, "")
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    return (0, value.isoformat())


def _evidence_groups(evidence: Sequence[Evidence]) -> tuple[EvidenceGroup, ...]:
    ordered = sorted(evidence, key=lambda e: (_sort_time(e.published), e.source, e.url))
    clusters: dict[object, list[Evidence]] = {}
    for number, ev in enumerate(ordered):
        # Unclustered documents are their own story.
        key = ("cluster", ev.cluster) if ev.cluster is not None else ("single", number)
        clusters.setdefault(key, []).append(ev)
    groups = []
    for members in clusters.values():
        lead = members[0]
        seen: set[tuple[str, str]] = set()
        links = []
        for ev in members:
            if (ev.source, ev.url) in seen:
                continue
            seen.add((ev.source, ev.url))
            links.append(SourceLink(
                source=clean_text(ev.source, 100) or "unknown source",
                title=clean_text(ev.title, TITLE_LIMIT),
                url=safe_url(ev.url),
                published=ev.published,
            ))
        groups.append(EvidenceGroup(
            cluster=lead.cluster,
            title=clean_text(lead.title, TITLE_LIMIT) or "(untitled)",
            snippet=clean_text(lead.snippet, SNIPPET_LIMIT),
            links=tuple(links),
        ))
    return tuple(groups)


def _view(item: DigestItem) -> FindingView:
    finding = item.finding
    earliest = sorted(item.evidence, key=lambda e: (_sort_time(e.published), e.source, e.url))
    return FindingView(
        quote=clean_text(earliest[0].snippet, SNIPPET_LIMIT) if earliest else "",
        finding_id=item.finding_id,
        kind=finding.kind,
        label=LABELS.get(finding.kind, finding.kind),
        summary=clean_text(finding.summary, SUMMARY_LIMIT) or clean_text(finding.key, 200),
        dataset_fact=clean_text(finding.dataset_fact, SUMMARY_LIMIT) or None,
        n_sources=item.sources or len({ev.source for ev in item.evidence}),
        confidence=item.confidence,
        disputed=clean_text(item.disputed, SUMMARY_LIMIT) or None,
    )


def _rank(item: DigestItem) -> tuple[int, float, int]:
    # Most important kind first, then the surest (independent agreement), then the order they arrived in.
    kind = FINDING_KINDS.index(item.finding.kind) if item.finding.kind in FINDING_KINDS else len(FINDING_KINDS)
    return (kind, -item.confidence, item.finding_id)


def _section(members: Sequence[DigestItem]) -> StorySection:
    """One story's findings, with each piece of their evidence once (three findings of one article used to
    print its evidence three times)."""
    seen: set[tuple[str, str]] = set()
    pooled = []
    for item in members:
        for ev in item.evidence:
            if (ev.source, ev.url) not in seen:
                seen.add((ev.source, ev.url))
                pooled.append(ev)
    views = []
    quoted: set[str] = set()
    for item in members:
        view = _view(item)
        if view.quote in quoted:  # three companies named in one sentence: the sentence once, under the first
            view = dataclasses.replace(view, quote="")
        quoted.add(view.quote)
        views.append(view)
    # A sentence quoted under its finding is not printed again under its link.
    evidence = tuple(dataclasses.replace(g, snippet="") if g.snippet in quoted else g for g in _evidence_groups(pooled))
    story = members[0].story_cluster
    lead = next((g for g in evidence if story is not None and g.cluster == story), evidence[0] if evidence else None)
    headline = lead.title if lead else (clean_text(members[0].finding.summary, TITLE_LIMIT) or "(untitled)")
    return StorySection(cluster=story, headline=headline, findings=tuple(views), evidence=evidence)


def _sections(items: Sequence[DigestItem]) -> tuple[StorySection, ...]:
    """One section per story, the story of its most important, surest finding first."""
    stories: dict[object, list[DigestItem]] = {}
    for item in sorted(items, key=_rank):
        key = ("cluster", item.story_cluster) if item.story_cluster is not None else ("single", item.finding_id)
        stories.setdefault(key, []).append(item)
    return tuple(_section(members) for members in stories.values())


def _counts(items: Sequence[DigestItem]) -> tuple[tuple[FindingKind, int], ...]:
    return tuple((kind, n) for kind in FINDING_KINDS  # type: ignore[misc]
                 if (n := sum(1 for i in items if i.finding.kind == kind)))


def _aware(value: dt.datetime) -> dt.datetime:
    # Stores without timezone support hand back naive UTC; comparing naive with aware would raise.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def _failing(health: Sequence[SourceHealth], now: dt.datetime) -> tuple[FailingSource, ...]:
    failing = [h for h in health if h.failing_since is not None and now - _aware(h.failing_since) >= FAILING_FOR]
    failing.sort(key=lambda h: (_aware(h.failing_since), h.name))  # type: ignore[arg-type]
    return tuple(FailingSource(
        name=clean_text(h.name, 100),
        url=safe_url(h.url),
        failing_since=h.failing_since,  # type: ignore[arg-type]  # filtered above
        consecutive_failures=h.consecutive_failures,
        last_error=clean_text(h.last_error, ERROR_LIMIT) or "(no error recorded)",
        last_success=h.last_success,
    ) for h in failing)


def _chart(totals: Sequence[TotalPoint]) -> tuple[ChartBar, ...]:
    """Filed and registered totals as two series, each in date order and scaled to its own largest bar
    (a total without registry is a filed one, as the diff reads it)."""
    bars = []
    for series in ("filed", "registered"):
        points = sorted((p for p in totals if (p.registry or "filed") == series),
                        key=lambda p: (p.as_of, p.total, p.source))[-CHART_MAX_BARS:]
        if not points:
            continue
        top = max(max(p.total for p in points), 1)
        for p in points:
            label = "reported" if p.source == "reported" else ""
            # A non-zero total always gets a visible sliver.
            percent = max(round(100 * p.total / top), 1 if p.total > 0 else 0)
            bars.append(ChartBar(as_of=p.as_of, total=p.total, label=label, source=p.source, percent=percent,
                                 series=series))
    return tuple(bars)


def subject_for(day: dt.date, counts: Sequence[tuple[FindingKind, int]]) -> str:
    parts = [f"{n} {COUNT_WORDS[kind][0 if n == 1 else 1]}" for kind, n in counts if n]
    return f"{SUBJECT_PREFIX}, {day.isoformat()}: {', '.join(parts) if parts else 'nothing new'}"


def build_digest(items: Sequence[DigestItem], *, day: dt.date, health: Sequence[SourceHealth],
                 totals: Sequence[TotalPoint], digest_id: int, now: dt.datetime,
                 withdrawn: Sequence[DigestItem] = (), preview: bool = False) -> Digest:
    """Group ``items`` by story (the most important first); keep sources failing a day or more.
    ``withdrawn``: findings an earlier digest sent whose evidence is gone, listed once."""
    if now.tzinfo is None:
        raise ValueError("build_digest needs a timezone-aware 'now' (it becomes the Date header)")
    sections = _sections(items)
    counts = _counts(items)
    digest = Digest(
        digest_id=digest_id,
        day=day,
        now=now,
        subject=subject_for(day, counts) + (f", {len(withdrawn)} withdrawn" if withdrawn else ""),
        sections=sections,
        failing_sources=_failing(health, now),
        chart=_chart(totals),
        counts=counts,
        withdrawn=tuple(WithdrawnView(i.finding_id, clean_text(i.finding.summary, SUMMARY_LIMIT)) for i in withdrawn),
        title="Preview" if preview else f"Digest {digest_id}",
    )
    logger.debug("digest built digest_id=%s n_new=%d failing=%d", digest_id, digest.n_findings,
                 len(digest.failing_sources))
    return digest
