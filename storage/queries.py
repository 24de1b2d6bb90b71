"""Read side for the CLI and the digest: documents, mentions, findings with their evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from monitor.records import Evidence, Finding, Mention
from storage.analysis import finding_from_row
from storage.models import DocumentRow, EvidenceRow, FindingRow, MentionRow, SourceRow

FINDING_STATUSES = ("new", "accepted", "dismissed")
# What --status can ask for besides a review status: withdrawn findings (every review status) and all.
WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class DocumentView:
    id: int
    url: str
    title: str
    source: str
    published: dt.datetime
    language: str | None
    text: str
    cluster: int | None


@dataclass(frozen=True, slots=True)
class MentionView:
    id: int
    mention: Mention
    document: Evidence


@dataclass(frozen=True, slots=True)
class FindingView:
    id: int
    finding: Finding
    status: str
    first_seen: dt.datetime
    evidence: tuple[Evidence, ...]
    sources: int = 0  # independent outlets (storage/agreement.py)
    agreeing: int = 0  # outlets that report the finding's value
    confidence: float = 0.0
    disputed: str | None = None  # minority values, "346 (1 source)"
    story: int | None = None
    withdrawn_at: dt.datetime | None = None

    @property
    def source_count(self) -> int:
        return self.sources or len({e.source for e in self.evidence})


def _since(statement: Select, column: object, since: dt.date | None) -> Select:  # type: ignore[type-arg]
    if since is None:
        return statement
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.timezone.utc)
    return statement.where(column >= start)  # type: ignore[operator]


class QueryStore:
    """Mixed into :class:`storage.Store`."""

    _sessions: sessionmaker[Session]

    def list_documents(self, *, sources: Sequence[str] = (), since: dt.date | None = None,
                       limit: int | None = None) -> list[DocumentView]:
        statement = select(DocumentRow, SourceRow.name).join(SourceRow).order_by(DocumentRow.published.desc(), DocumentRow.id)
        if sources:
            statement = statement.where(SourceRow.name.in_(sources))
        statement = _since(statement, DocumentRow.published, since)
        if limit:
            statement = statement.limit(limit)
        with self._sessions() as session:
            return [DocumentView(row.id, row.url, row.title, name, row.published, row.language, row.text, row.cluster_id)
                    for row, name in session.execute(statement)]

    def list_mentions(self, *, since: dt.date | None = None) -> list[MentionView]:
        statement = (select(MentionRow, DocumentRow, SourceRow.name).join(DocumentRow, MentionRow.document_id == DocumentRow.id)
                     .join(SourceRow).order_by(DocumentRow.published.desc(), MentionRow.id))
        statement = _since(statement, DocumentRow.published, since)
        with self._sessions() as session:
            return [MentionView(m.id, mention_from_row(m), Evidence(d.url, d.title, name, d.published, m.snippet, d.cluster_id))
                    for m, d, name in session.execute(statement)]

    def list_findings(self, *, status: str = "new", since: dt.date | None = None,
                      ids: Sequence[int] | None = None) -> list[FindingView]:
        statement = select(FindingRow).order_by(FindingRow.first_seen_at, FindingRow.id)
        if status == WITHDRAWN:
            statement = statement.where(FindingRow.withdrawn_at.is_not(None))
        elif status != "all":
            # A withdrawn finding has no evidence left: it is no longer news nor up for review.
            statement = statement.where(FindingRow.status == status, FindingRow.withdrawn_at.is_(None))
        if ids is not None:
            statement = statement.where(FindingRow.id.in_(ids))
        statement = _since(statement, FindingRow.first_seen_at, since)
        with self._sessions() as session:
            rows = list(session.scalars(statement))
            evidence = self._evidence(session, [row.id for row in rows])
            return [finding_view(row, evidence.get(row.id, ())) for row in rows]

    def _evidence(self, session: Session, finding_ids: list[int]) -> dict[int, list[Evidence]]:
        found: dict[int, list[Evidence]] = {}
        for start in range(0, len(finding_ids), 500):
            chunk = finding_ids[start:start + 500]
            statement = (select(EvidenceRow.finding_id, EvidenceRow.snippet, DocumentRow, SourceRow.name)
                         .join(DocumentRow, EvidenceRow.document_id == DocumentRow.id).join(SourceRow)
                         .where(EvidenceRow.finding_id.in_(chunk)).order_by(DocumentRow.published, DocumentRow.id))
            for finding_id, snippet, doc, name in session.execute(statement):
                found.setdefault(finding_id, []).append(Evidence(doc.url, doc.title, name, doc.published, snippet,
                                                                 doc.cluster_id))
        return found

    def set_finding_status(self, finding_id: int, status: str) -> FindingView | None:
        if status not in FINDING_STATUSES:
            raise ValueError(f"status must be one of {', '.join(FINDING_STATUSES)}")
        with self._sessions() as session, session.begin():
            changed = session.execute(update(FindingRow).where(FindingRow.id == finding_id).values(status=status)).rowcount
        if not changed:
            return None
        return self.list_findings(status="all", ids=[finding_id])[0]

    def count_findings(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count(FindingRow.id))) or 0


def finding_view(row: FindingRow, evidence: Sequence[Evidence]) -> FindingView:
    return FindingView(row.id, finding_from_row(row), row.status, row.first_seen_at, tuple(evidence),
                       sources=row.sources or 0, agreeing=row.agreeing or 0, confidence=row.confidence or 0.0,
                       disputed=row.disputed, story=row.story, withdrawn_at=row.withdrawn_at)


def mention_from_row(row: MentionRow) -> Mention:
    return Mention(kind=row.kind, rule=row.rule, snippet=row.snippet, company=row.company,  # type: ignore[arg-type]
                   company_known=row.company_known, model=row.model, batch=row.batch, count=row.count,
                   count_qualifier=row.count_qualifier, total=row.total, registry=row.registry_kind,  # type: ignore[arg-type]
                   date=row.date, jurisdiction=row.jurisdiction, regulation=row.regulation,
                   companies=tuple(row.companies or ()))
