"""Read side of stories: the reports a story cluster holds, its headline in each language, first and last report.

A story's id is its cluster id, the id of the first document that started it (see monitor.dedup), so it
stays the same as reports are added. Documents whose language is unknown count under "und".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.records import Evidence
from storage.models import DocumentRow, EvidenceRow, FindingRow, SourceRow


@dataclass(frozen=True, slots=True)
class StoryView:
    id: int
    headlines: tuple[tuple[str, str], ...]  # (language, headline of its first report in that language)
    reports: int
    sources: tuple[str, ...]
    first_report: Evidence
    last_report: Evidence
    findings: tuple[str, ...]  # keys of the live findings its reports support


class StoryStore:
    """Mixed into :class:`storage.Store`."""

    _sessions: sessionmaker[Session]

    def list_stories(self, *, since: dt.date | None = None, min_reports: int = 1,
                     limit: int | None = None) -> list[StoryView]:
        """Stories with at least ``min_reports`` reports whose last report is on or after ``since``, newest first."""
        documents = DocumentRow.__table__
        last = func.max(documents.c.published)
        statement = (select(documents.c.cluster_id).where(documents.c.cluster_id.is_not(None))
                     .group_by(documents.c.cluster_id)
                     .having(func.count() >= min_reports)
                     .order_by(last.desc(), documents.c.cluster_id))
        if since is not None:
            statement = statement.having(last >= dt.datetime.combine(since, dt.time(), tzinfo=dt.timezone.utc))
        if limit:
            statement = statement.limit(limit)
        with self._sessions() as session:
            clusters = list(session.scalars(statement))
            if not clusters:
                return []
            rows = session.execute(
                select(documents.c.id, documents.c.cluster_id, documents.c.url, documents.c.title,
                       documents.c.published, documents.c.language, SourceRow.name)
                .join(SourceRow, SourceRow.id == documents.c.source_id)
                .where(documents.c.cluster_id.in_(clusters))
                .order_by(documents.c.published, documents.c.id)).all()
            keys = session.execute(
                select(documents.c.cluster_id, FindingRow.key).distinct()
                .join(EvidenceRow, EvidenceRow.document_id == documents.c.id)
                .join(FindingRow, FindingRow.id == EvidenceRow.finding_id)
                .where(documents.c.cluster_id.in_(clusters), FindingRow.withdrawn_at.is_(None))).all()
        members: dict[int, list] = {}
        for row in rows:
            members.setdefault(row.cluster_id, []).append(row)
        findings: dict[int, list[str]] = {}
        for cluster, key in keys:
            findings.setdefault(cluster, []).append(key)
        views = []
        for cluster in clusters:
            reports = members.get(cluster, [])
            if not reports:
                continue
            headlines: dict[str, str] = {}
            for r in reports:
                headlines.setdefault(r.language or "und", r.title)
            views.append(StoryView(
                id=cluster, headlines=tuple(headlines.items()), reports=len(reports),
                sources=tuple(sorted({r.name for r in reports})),
                first_report=_evidence(reports[0]), last_report=_evidence(reports[-1]),
                findings=tuple(sorted(findings.get(cluster, ())))))
        return views


def _evidence(row) -> Evidence:  # type: ignore[no-untyped-def]
    return Evidence(url=row.url, title=row.title, source=row.name, published=row.published, snippet="",
                    cluster=row.cluster_id)
