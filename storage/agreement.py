"""Stored findings settled from their evidence: value by agreement, sources, confidence, story, withdrawal.

Called inside the transaction that changed a finding's evidence (monitor/findings/agreement.py holds the vote).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Hashable, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.dataset.model import describe_count
from monitor.findings.agreement import Report, agree
from monitor.findings.diff import counts_fit
from monitor.records import Finding
from storage.models import DocumentRow, EvidenceRow, FindingRow

# One batch told by date here and by ordinal or count there: reports within a week that fit one count.
SAME_BATCH_WINDOW = dt.timedelta(days=7)


def same_batch(row: FindingRow, finding: Finding) -> bool:
    """Is the stored batch ``row`` the fact ``finding`` reports under another key?"""
    if row.batch is not None and finding.batch is not None:
        # Two ordinals are two batches; the same one is one, also when the stored batch got its ordinal
        # from a later report (it keeps its first key, a date or a count).
        return row.batch == finding.batch
    if row.count is None or finding.count is None or row.date is None or finding.date is None:
        return False
    if abs(row.date - finding.date) > SAME_BATCH_WINDOW:
        return False
    return counts_fit(finding.count, finding.count_qualifier, row.count, row.count_qualifier)  # type: ignore[arg-type]


def _value(row: FindingRow, ev: Any) -> Hashable:
    if row.kind == "new_total":
        return (ev.total, ev.count_qualifier)
    if row.kind == "conflict" and row.key.endswith(":date"):
        return ev.date
    if row.kind in ("new_batch", "conflict"):
        return (ev.count, ev.count_qualifier)
    return None


def _describe(value: Hashable) -> str:
    if isinstance(value, tuple) and value and isinstance(value[0], int):
        return describe_count(value[0], value[1])
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _as_utc(value: object) -> dt.datetime | None:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        return None
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value


def settle_findings(session: Session, finding_ids: Iterable[int], now: dt.datetime) -> None:
    ids = sorted(set(finding_ids))
    for start in range(0, len(ids), 500):
        _settle(session, ids[start:start + 500], now)


def _settle(session: Session, ids: list[int], now: dt.datetime) -> None:
    rows = {row.id: row for row in session.scalars(select(FindingRow).where(FindingRow.id.in_(ids)))}
    reports: dict[int, list[Report]] = {finding_id: [] for finding_id in rows}
    # Grouped in the database: a finding carried by thousands of copies is a few rows per outlet, so
    # settling it again for every batch of a long reprocess stays cheap.
    e, d = EvidenceRow, DocumentRow
    statement = (select(e.finding_id, d.source_id, d.cluster_id, e.count, e.count_qualifier, e.total, e.date, e.summary,
                        func.count().label("copies"), func.min(d.published).label("first"))
                 .join(d, e.document_id == d.id).where(e.finding_id.in_(ids))
                 .group_by(e.finding_id, d.source_id, d.cluster_id, e.count, e.count_qualifier, e.total, e.date, e.summary))
    for ev in session.execute(statement):
        first = _as_utc(ev.first)  # min() keeps the column's type, but a driver may hand back text or naive UTC
        reports[ev.finding_id].append(Report(outlet=str(ev.source_id), value=_value(rows[ev.finding_id], ev),
                                             summary=ev.summary, cluster=ev.cluster_id, published=first,
                                             copies=ev.copies))
    for finding_id, row in rows.items():
        settled = agree(reports[finding_id])
        if settled is None:
            if row.withdrawn_at is None:
                row.withdrawn_at = now
            row.sources = row.agreeing = 0
            row.confidence = 0.0
            continue
        row.withdrawn_at = None
        row.sources, row.agreeing, row.confidence, row.story = (settled.sources, settled.agreeing,
                                                                 settled.confidence, settled.story)
        row.disputed = "; ".join(f"{_describe(v)} ({n} source{'s' if n != 1 else ''})"
                                 for v, n in settled.disputed) or None
        if settled.summary:
            row.summary = settled.summary
        value = settled.value
        if row.kind == "new_total" and isinstance(value, tuple) and value[0] is not None:
            row.total, row.count_qualifier = value
        elif row.kind in ("new_batch", "conflict") and isinstance(value, tuple) and value[0] is not None:
            row.count, row.count_qualifier = value
        elif isinstance(value, dt.date):
            row.date = value
