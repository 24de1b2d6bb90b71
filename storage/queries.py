"""Read side for the CLI and the digest: documents, mentions, findings with their evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Sequence

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from monitor.errors import NotFoundError
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
class StoredFinding:
    """A finding as the store holds it: its record, review status, evidence and the agreement of its sources.

    What every reader of findings gets (CLI, web, channels, the digest's outbox); a digest turns each
    into the line it prints (:class:`monitor.digest.FindingView`)."""

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
                       limit: int | None = None, offset: int = 0) -> list[DocumentView]:
        statement = select(DocumentRow, SourceRow.name).join(SourceRow).order_by(DocumentRow.published.desc(), DocumentRow.id)
        if sources:
            statement = statement.where(SourceRow.name.in_(sources))
        statement = _page(_since(statement, DocumentRow.published, since), limit, offset)
        with self._sessions() as session:
            return [DocumentView(row.id, row.url, row.title, name, row.published, row.language, row.text, row.cluster_id)
                    for row, name in session.execute(statement)]

    def list_mentions(self, *, since: dt.date | None = None, limit: int | None = None,
                      offset: int = 0) -> list[MentionView]:
        statement = (select(MentionRow, DocumentRow, SourceRow.name).join(DocumentRow, MentionRow.document_id == DocumentRow.id)
                     .join(SourceRow).order_by(DocumentRow.published.desc(), MentionRow.id))
        statement = _page(_since(statement, DocumentRow.published, since), limit, offset)
        with self._sessions() as session:
            return [MentionView(m.id, mention_from_row(m), Evidence(d.url, d.title, name, d.published, m.snippet, d.cluster_id))
                    for m, d, name in session.execute(statement)]

    def list_findings(self, *, status: str = "new", since: dt.date | None = None,
                      ids: Sequence[int] | None = None, kind: str | None = None, until: dt.date | None = None,
                      limit: int | None = None, offset: int = 0, newest_first: bool = False) -> list[StoredFinding]:
        """Findings with their evidence, oldest first (``newest_first``: the other way), one page of them
        when ``limit`` is given. ``since``/``until``: first seen on or after / on or before these days."""
        order = (FindingRow.first_seen_at.desc(), FindingRow.id.desc()) if newest_first else (
            FindingRow.first_seen_at, FindingRow.id)
        # Plain rows, not ORM entities: read-only here, and loading entities cost a sixth of a web page's time.
        statement = _page(_finding_filter(select(FindingRow.__table__), status, since=since, until=until, kind=kind,
                                          ids=ids).order_by(*order), limit, offset)
        with self._sessions() as session:
            rows = [SimpleNamespace(**row._mapping) for row in session.execute(statement)]
            evidence = self._evidence(session, [row.id for row in rows])
            return [stored_finding(row, evidence.get(row.id, ())) for row in rows]  # type: ignore[arg-type]

    def count_findings(self, *, status: str = "all", since: dt.date | None = None, until: dt.date | None = None,
                       kind: str | None = None) -> int:
        """How many findings :meth:`list_findings` would list with these filters and no limit."""
        statement = _finding_filter(select(func.count(FindingRow.id)), status, since=since, until=until, kind=kind)
        with self._sessions() as session:
            return session.scalar(statement) or 0

    def _evidence(self, session: Session, finding_ids: list[int]) -> dict[int, list[Evidence]]:
        found: dict[int, list[Evidence]] = {}
        for start in range(0, len(finding_ids), 500):
            chunk = finding_ids[start:start + 500]
            # The columns evidence shows, not whole document rows: their text is most of a row's bytes.
            statement = (select(EvidenceRow.finding_id, EvidenceRow.snippet, DocumentRow.url, DocumentRow.title,
                                DocumentRow.published, DocumentRow.cluster_id, SourceRow.name)
                         .join(DocumentRow, EvidenceRow.document_id == DocumentRow.id).join(SourceRow)
                         .where(EvidenceRow.finding_id.in_(chunk)).order_by(DocumentRow.published, DocumentRow.id))
            for finding_id, snippet, url, title, published, cluster, name in session.execute(statement):
                found.setdefault(finding_id, []).append(Evidence(url, title, name, published, snippet, cluster))
        return found

    def set_finding_status(self, finding_id: int, status: str) -> StoredFinding | None:
        """One finding's review; None when no finding has that id."""
        try:
            return self.set_findings_status([finding_id], status).findings[0]
        except NotFoundError:
            return None

    def set_findings_status(self, finding_ids: Sequence[int], status: str) -> ReviewResult:
        """Give every finding of ``finding_ids`` the review ``status``, in one transaction.

        All or nothing: an id that names no finding raises :class:`NotFoundError` and changes none.
        Returns the findings as they are now and the ids whose status actually changed."""
        if status not in FINDING_STATUSES:
            raise ValueError(f"status must be one of {', '.join(FINDING_STATUSES)}")
        wanted = list(dict.fromkeys(finding_ids))  # a repeated id is one review
        if not wanted:
            raise NotFoundError("no finding id given")
        with self._sessions() as session, session.begin():
            before: dict[int, str] = {}
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                before.update((i, st) for i, st in session.execute(
                    select(FindingRow.id, FindingRow.status).where(FindingRow.id.in_(chunk))))
            missing = [i for i in wanted if i not in before]
            if missing:
                raise NotFoundError(f"no finding with id {', '.join(map(str, missing))}; nothing was changed")
            changed = [i for i in wanted if before[i] != status]
            for start in range(0, len(changed), 500):
                session.execute(update(FindingRow).where(FindingRow.id.in_(changed[start:start + 500]))
                                .values(status=status))
        views = {view.id: view for view in self.list_findings(status="all", ids=wanted)}
        return ReviewResult(status, tuple(views[i] for i in wanted), tuple(changed))


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """What one review did: the findings as they are now, in the order asked, and which of them changed."""

    status: str
    findings: tuple[StoredFinding, ...]
    changed: tuple[int, ...]


def _page(statement: Select, limit: int | None, offset: int) -> Select:  # type: ignore[type-arg]
    if limit:
        statement = statement.limit(limit)
    return statement.offset(offset) if offset else statement


def _finding_filter(statement: Select, status: str, *, since: dt.date | None, until: dt.date | None,  # type: ignore[type-arg]
                    kind: str | None, ids: Sequence[int] | None = None) -> Select:  # type: ignore[type-arg]
    if status == WITHDRAWN:
        statement = statement.where(FindingRow.withdrawn_at.is_not(None))
    elif status != "all":
        # A withdrawn finding has no evidence left: it is no longer news nor up for review.
        statement = statement.where(FindingRow.status == status, FindingRow.withdrawn_at.is_(None))
    if ids is not None:
        statement = statement.where(FindingRow.id.in_(ids))
    if kind is not None:
        statement = statement.where(FindingRow.kind == kind)
    if until is not None:
        end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), tzinfo=dt.timezone.utc)
        statement = statement.where(FindingRow.first_seen_at < end)
    return _since(statement, FindingRow.first_seen_at, since)


def stored_finding(row: FindingRow, evidence: Sequence[Evidence]) -> StoredFinding:
    return StoredFinding(row.id, finding_from_row(row), row.status, row.first_seen_at, tuple(evidence),
                       sources=row.sources or 0, agreeing=row.agreeing or 0, confidence=row.confidence or 0.0,
                       disputed=row.disputed, story=row.story, withdrawn_at=row.withdrawn_at)


def mention_from_row(row: MentionRow) -> Mention:
    return Mention(kind=row.kind, rule=row.rule, snippet=row.snippet, company=row.company,  # type: ignore[arg-type]
                   company_known=row.company_known, model=row.model, batch=row.batch, count=row.count,
                   count_qualifier=row.count_qualifier, total=row.total, registry=row.registry_kind,  # type: ignore[arg-type]
                   date=row.date, jurisdiction=row.jurisdiction, regulation=row.regulation,
                   companies=tuple(row.companies or ()))
