"""Turn pending findings, source health and the total series into a :class:`Digest`.

Pure and deterministic: the same inputs (including ``now``) give the same digest, so a digest
rebuilt from the outbox after a crash renders byte for byte as the first attempt did.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Collection, Sequence

from monitor.filings.verdicts import ListVerdict
from monitor.records import FINDING_KINDS, Evidence, FindingKind

from .clean import ERROR_LIMIT, SNIPPET_LIMIT, SUMMARY_LIMIT, TITLE_LIMIT, clean_text, safe_url
from .records import (
    ChartBar,
    Digest,
    DigestItem,
    EvidenceGroup,
    FailingSource,
    FindingView,
    RegulatorNote,
    SourceHealth,
    SourceLink,
    StorySection,
    TotalPoint,
    WithdrawnView,
)
from .regulator import ListSources

logger = logging.getLogger(__name__)

SUBJECT_PREFIX = "AI approvals monitor"
LABELS: dict[str, str] = {
    "new_filing_list": "New filing list",
    "new_batch": "New approval batch",
    "new_company": "Newly approved company",
    "new_total": "New cumulative total",
    "conflict": "Report that contradicts the dataset",
    "new_regulation_event": "Other regulation event",
}
# A conflict with the regulator's own list, not with the dataset (monitor/filings/crosscheck.py).
LIST_CONFLICT_LABEL = "Report that the regulator's list contradicts"
# (singular, plural) for the subject line, in the order of FINDING_KINDS.
COUNT_WORDS: dict[str, tuple[str, str]] = {
    "new_filing_list": ("new filing list", "new filing lists"),
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


def _note(said: tuple[ListVerdict, Evidence] | None) -> RegulatorNote | None:
    if said is None:
        return None
    verdict = said[0]
    return RegulatorNote(verdict.verdict, verdict.label[:1].upper() + verdict.label[1:],
                         clean_text(verdict.row, SNIPPET_LIMIT))


def _view(item: DigestItem, said: tuple[ListVerdict, Evidence] | None = None) -> FindingView:
    """``said``: what the regulator's list says of the finding, and the evidence that says it."""
    finding = item.finding
    # The quote is what reported it; the list's verdict is shown apart, beside the value.
    earliest = sorted((e for e in item.evidence if said is None or e is not said[1]),
                      key=lambda e: (_sort_time(e.published), e.source, e.url))
    summary = clean_text(finding.summary, SUMMARY_LIMIT) or clean_text(finding.key, 200)
    quote = clean_text(earliest[0].snippet, SNIPPET_LIMIT) if earliest else ""
    contradicted = said is not None and said[0].verdict == "contradicted"
    return FindingView(
        quote="" if quote == summary else quote,  # a release's evidence is its summary: said once
        finding_id=item.finding_id,
        kind=finding.kind,
        label=LIST_CONFLICT_LABEL if contradicted else LABELS.get(finding.kind, finding.kind),
        summary=summary,
        dataset_fact=clean_text(finding.dataset_fact, SUMMARY_LIMIT) or None,
        n_sources=item.sources or len({ev.source for ev in item.evidence}),
        confidence=item.confidence,
        disputed=clean_text(item.disputed, SUMMARY_LIMIT) or None,
        regulator=_note(said),
    )


def _rank(item: DigestItem, lists: ListSources) -> tuple[int, int, float, int]:
    # What the regulator's own list carries (raised from its rows, or a report it checked) before what only
    # the press says, however many outlets agree; then the most important kind, then the surest
    # (independent agreement), then the order they arrived in.
    press_only = 0 if lists.rests_on_list(item) else 1
    kind = FINDING_KINDS.index(item.finding.kind) if item.finding.kind in FINDING_KINDS else len(FINDING_KINDS)
    return (press_only, kind, -item.confidence, item.finding_id)


def _section(members: Sequence[DigestItem], lists: ListSources) -> StorySection:
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
        said = lists.verdict(item)
        view = _view(item, said)
        if view.quote in quoted:  # three companies named in one sentence: the sentence once, under the first
            view = dataclasses.replace(view, quote="")
        quoted.update((view.quote, view.summary))
        if said is not None:  # the list row is shown beside the value, not again under its link
            quoted.add(clean_text(said[1].snippet, SNIPPET_LIMIT))
        views.append(view)
    # A sentence quoted under its finding is not printed again under its link.
    evidence = tuple(dataclasses.replace(g, snippet="") if g.snippet in quoted else g for g in _evidence_groups(pooled))
    story = members[0].story_cluster
    lead = next((g for g in evidence if story is not None and g.cluster == story), evidence[0] if evidence else None)
    headline = lead.title if lead else (clean_text(members[0].finding.summary, TITLE_LIMIT) or "(untitled)")
    return StorySection(cluster=story, headline=headline, findings=tuple(views), evidence=evidence)


def _story_key(item: DigestItem, lists: ListSources) -> tuple[str, object]:
    if item.story_cluster is not None:
        return ("cluster", item.story_cluster)
    if item.evidence and all(ev.source in lists.names for ev in item.evidence) and lists.verdict(item) is None:
        # A release and the providers and totals read from its rows are one story: the list they came from.
        # A verdict on a press report (a contradicted total) is a story of its own, not one more row.
        return ("list", min(ev.url for ev in item.evidence))
    return ("single", item.finding_id)


def _sections(items: Sequence[DigestItem], lists: ListSources) -> tuple[StorySection, ...]:
    """One section per story, the story of its most important, surest finding first."""
    stories: dict[object, list[DigestItem]] = {}
    for item in sorted(items, key=lambda item: _rank(item, lists)):
        stories.setdefault(_story_key(item, lists), []).append(item)
    return tuple(_section(members, lists) for members in stories.values())


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


def chart_bars(totals: Sequence[TotalPoint]) -> tuple[ChartBar, ...]:
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
                 withdrawn: Sequence[DigestItem] = (), preview: bool = False,
                 list_sources: Collection[str] = ()) -> Digest:
    """Group ``items`` by story (the most important first); keep sources failing a day or more.
    ``withdrawn``: findings an earlier digest sent whose evidence is gone, listed once.
    ``list_sources``: the sources that read the regulator's lists (kind ``filings``): what their
    evidence carries comes first, and what it says of a press report is shown beside it."""
    if now.tzinfo is None:
        raise ValueError("build_digest needs a timezone-aware 'now' (it becomes the Date header)")
    sections = _sections(items, ListSources(frozenset(list_sources)))
    counts = _counts(items)
    digest = Digest(
        digest_id=digest_id,
        day=day,
        now=now,
        subject=subject_for(day, counts) + (f", {len(withdrawn)} withdrawn" if withdrawn else ""),
        sections=sections,
        failing_sources=_failing(health, now),
        chart=chart_bars(totals),
        counts=counts,
        withdrawn=tuple(WithdrawnView(i.finding_id, clean_text(i.finding.summary, SUMMARY_LIMIT)) for i in withdrawn),
        title="Preview" if preview else f"Digest {digest_id}",
    )
    logger.debug("digest built digest_id=%s n_new=%d failing=%d", digest_id, digest.n_findings,
                 len(digest.failing_sources))
    return digest
