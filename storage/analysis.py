"""Writes of the analysis stage: a document's cluster, mentions, findings and evidence, atomically."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from monitor.records import Document, Finding, Mention
from storage.models import DocumentRow, EvidenceRow, FindingRow, MentionRow, SourceRow
from storage.agreement import same_batch, settle_findings
from storage.records import StoredDocument

# Stories are syndicated within days; older signatures only cost memory in the index.
STORY_WINDOW = dt.timedelta(days=60)


# Core statements, built once: the ORM's bulk update by primary key spent more per row than SQLite.
_DOCUMENTS = DocumentRow.__table__
_MARK_ANALYSED = update(_DOCUMENTS).where(_DOCUMENTS.c.id == bindparam("doc_id")).values(
    signature=bindparam("signature"), cluster_id=bindparam("cluster_id"), processed_at=bindparam("processed_at"))
_FORGET_MENTIONS = delete(MentionRow).where(MentionRow.document_id.in_(bindparam("ids", expanding=True)))
_FORGET_EVIDENCE = delete(EvidenceRow).where(EvidenceRow.document_id.in_(bindparam("ids", expanding=True)))


@dataclass(frozen=True, slots=True)
class DocumentAnalysis:
    document_id: int
    signature: bytes
    cluster_id: int | None
    mentions: tuple[Mention, ...]
    findings: tuple[tuple[Finding, Mention], ...]  # each finding with the mention that raised it


def _pending_since(session: Session, window: dt.timedelta) -> dt.datetime:
    """``window`` before the oldest pending document's publication (not today's: a backfill or a replay
    with ``dataset_as_of`` meets stories of its own time)."""
    oldest = session.scalar(select(func.min(DocumentRow.published)).where(DocumentRow.processed_at.is_(None)))
    return (oldest or dt.datetime.now(dt.timezone.utc)) - window


def mention_values(document_id: int, mention: Mention, now: dt.datetime) -> dict[str, object]:
    return dict(document_id=document_id, kind=mention.kind, rule=mention.rule[:200], snippet=mention.snippet,
                company=mention.company, company_known=mention.company_known, model=mention.model,
                batch=mention.batch, count=mention.count, count_qualifier=mention.count_qualifier,
                total=mention.total, registry_kind=mention.registry, date=mention.date,
                jurisdiction=mention.jurisdiction, regulation=mention.regulation,
                companies=list(mention.companies), created_at=now)


def mention_row(document_id: int, mention: Mention, now: dt.datetime) -> MentionRow:
    return MentionRow(**mention_values(document_id, mention, now))


def _finding_row(finding: Finding, now: dt.datetime) -> FindingRow:
    return FindingRow(key=finding.key, kind=finding.kind, summary=finding.summary, status="new", first_seen_at=now,
                      updated_at=now, company=finding.company, batch=finding.batch, count=finding.count,
                      count_qualifier=finding.count_qualifier, total=finding.total, date=finding.date,
                      regulation=finding.regulation, dataset_fact=finding.dataset_fact)


def finding_from_row(row: FindingRow) -> Finding:
    return Finding(key=row.key, kind=row.kind, summary=row.summary, company=row.company, batch=row.batch,  # type: ignore[arg-type]
                   count=row.count, count_qualifier=row.count_qualifier, total=row.total, date=row.date,  # type: ignore[arg-type]
                   regulation=row.regulation, dataset_fact=row.dataset_fact)


def document_from_row(row: DocumentRow, source: str) -> Document:
    return Document(source=source, url=row.url, guid=row.guid, title=row.title, published=row.published, text=row.text,
                    summary=row.summary, language=row.language, published_from_source=row.published_from_source,
                    kind=row.kind)  # type: ignore[arg-type]


class AnalysisStore:
    """Mixed into :class:`storage.Store`."""

    _sessions: sessionmaker[Session]

    def pending_document_ids(self) -> list[int]:
        with self._sessions() as session:
            return list(session.scalars(select(DocumentRow.id).where(DocumentRow.processed_at.is_(None)).order_by(DocumentRow.id)))

    def documents_by_id(self, ids: Sequence[int]) -> list[StoredDocument]:
        with self._sessions() as session:
            # Plain rows, not ORM entities: read-only here, and entity loading (identity map, instance state)
            # cost half of this query's time.
            table = DocumentRow.__table__
            rows = session.execute(select(table, SourceRow.name.label("source_name")).join(SourceRow)
                                   .where(table.c.id.in_(ids)).order_by(table.c.id)).all()
            return [StoredDocument(row.id, document_from_row(row, row.source_name), row.cluster_id,  # type: ignore[arg-type]
                                   row.first_seen_at) for row in rows]

    def story_signatures(self) -> Iterable[tuple[int, bytes, int]]:
        """Signatures of stored stories that a pending document could be a copy of.

        The window is measured from the oldest pending document's publication, not from today, so a
        late copy of an old story (a backfill, a replay with ``dataset_as_of``) still finds it.
        """
        with self._sessions() as session:
            since = _pending_since(session, STORY_WINDOW)
            rows = session.execute(select(DocumentRow.id, DocumentRow.signature, DocumentRow.cluster_id).where(
                DocumentRow.signature.is_not(None), DocumentRow.cluster_id.is_not(None),
                DocumentRow.published >= since).order_by(DocumentRow.id)).all()
        return [(doc_id, bytes(sig), cluster) for doc_id, sig, cluster in rows]

    def story_reports(self, window: dt.timedelta) -> list[tuple[int, int, dt.datetime, str, str, tuple[Mention, ...]]]:
        """Analysed documents with mentions published at most ``window`` before the oldest pending one, oldest
        first: (doc_id, cluster_id, published, title, text, mentions), for the event match of a later rewrite.

        Only documents the rules read something in (a tenth of a feed's entries or fewer), and only as far
        back as a pending report can be matched (the event window, days): each analysis reads their texts
        again to find their lead facts."""
        from storage.queries import mention_from_row

        with self._sessions() as session:
            since = _pending_since(session, window)
            table = DocumentRow.__table__
            docs = session.execute(
                select(table.c.id, table.c.cluster_id, table.c.published, table.c.title, table.c.text)
                .where(table.c.processed_at.is_not(None), table.c.cluster_id.is_not(None), table.c.published >= since,
                       table.c.id.in_(select(MentionRow.document_id).distinct()))
                .order_by(table.c.published, table.c.id)).all()
            if not docs:
                return []
            mentions: dict[int, list[Mention]] = {}
            ids = [d.id for d in docs]
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                for row in session.scalars(select(MentionRow).where(MentionRow.document_id.in_(chunk))
                                           .order_by(MentionRow.id)):
                    mentions.setdefault(row.document_id, []).append(mention_from_row(row))
        return [(d.id, d.cluster_id, d.published, d.title, d.text, tuple(mentions.get(d.id, ()))) for d in docs]

    def bare_reports(self, window: dt.timedelta, limit: int, hints: Sequence[str] = (),
                     text_chars: int = 2000) -> list[tuple[int, int, dt.datetime, str, str]]:
        """Analysed documents the rules read nothing in, published at most ``window`` before the oldest pending
        one: the newest ``limit``, oldest first, as (doc_id, cluster_id, published, title, the first ``text_chars``
        of the text), for a later rewrite to find (monitor.dedup.events.BareWindow). ``hints``: substrings one of
        which the title or that text must hold (a pre-filter: SQLite's LIKE ignores ASCII case, so the caller
        reads the lead again)."""
        with self._sessions() as session:
            since = _pending_since(session, window)
            table = DocumentRow.__table__
            start = func.substr(table.c.text, 1, text_chars)
            query = (select(table.c.id, table.c.cluster_id, table.c.published, table.c.title, start)
                     .where(table.c.processed_at.is_not(None), table.c.cluster_id.is_not(None),
                            table.c.published >= since,
                            table.c.id.not_in(select(MentionRow.document_id).distinct())))
            if hints:
                query = query.where(or_(*(column.contains(hint, autoescape=True)
                                          for hint in hints for column in (table.c.title, start))))
            rows = session.execute(query.order_by(table.c.published.desc(), table.c.id.desc()).limit(limit)).all()
        return [(d.id, d.cluster_id, d.published, d.title, d[4]) for d in reversed(rows)]

    def save_analyses(self, analyses: Sequence[DocumentAnalysis], *, now: dt.datetime,
                      merged_stories: Mapping[int, int] | None = None) -> int:
        """Store the analysis of a batch of documents in one transaction; returns how many findings were
        created (not merely evidenced). A crash leaves the whole batch unanalysed, to be done again.

        ``merged_stories``: absorbed story id -> the id it now has (a report of this batch showed two stories
        to be one event); stored documents and findings of the absorbed story move to it in the same
        transaction."""
        if not analyses and not merged_stories:
            return 0
        try:
            return self._save_analyses(analyses, now, merged_stories or {})
        except IntegrityError:
            # A concurrent process created one of the finding keys first; now it exists, so we add evidence.
            return self._save_analyses(analyses, now, merged_stories or {})

    def save_analysis(self, analysis: DocumentAnalysis, *, now: dt.datetime) -> int:
        return self.save_analyses([analysis], now=now)

    def _save_analyses(self, analyses: Sequence[DocumentAnalysis], now: dt.datetime,
                       merged_stories: Mapping[int, int]) -> int:
        doc_ids = [a.document_id for a in analyses]
        with self._sessions() as session, session.begin():
            for absorbed, story in merged_stories.items():
                session.execute(update(_DOCUMENTS).where(_DOCUMENTS.c.cluster_id == absorbed).values(cluster_id=story))
                session.execute(update(FindingRow).where(FindingRow.story == absorbed).values(story=story))
            if not analyses:
                return 0
            session.execute(_MARK_ANALYSED, [{"doc_id": a.document_id, "signature": a.signature,
                                              "cluster_id": a.cluster_id, "processed_at": now} for a in analyses])
            session.execute(_FORGET_MENTIONS, {"ids": doc_ids})
            # Core executemany, not ORM objects: mentions and evidence are write-only here, and the unit of
            # work (identity map, flush, per-row events) cost more than the rules that found them.
            mention_rows = [mention_values(a.document_id, m, now) for a in analyses for m in a.mentions]
            if mention_rows:
                session.execute(insert(MentionRow), mention_rows)
            # A document's evidence is what it raises now: a finding it no longer supports loses it, and one
            # left with none is withdrawn (settle_findings).
            touched = set(session.scalars(select(EvidenceRow.finding_id).where(EvidenceRow.document_id.in_(doc_ids))))
            if touched:
                session.execute(_FORGET_EVIDENCE, {"ids": doc_ids})
            raised = [(a.document_id, finding, mention) for a in analyses for finding, mention in a.findings]
            created, evidenced = _raise(session, raised, now) if raised else (0, set())
            settle_findings(session, touched | evidenced, now)
        return created

    def accepted_findings(self) -> list[Finding]:
        with self._sessions() as session:
            rows = session.scalars(select(FindingRow).where(FindingRow.status == "accepted").order_by(FindingRow.id))
            return [finding_from_row(row) for row in rows]

    def mark_all_for_reprocessing(self, *, source: str | None = None) -> int:
        with self._sessions() as session, session.begin():
            statement = update(DocumentRow).values(processed_at=None)
            if source:
                statement = statement.where(DocumentRow.source_id.in_(select(SourceRow.id).where(SourceRow.name == source)))
            return session.execute(statement).rowcount or 0


def _raise(session: Session, raised: list[tuple[int, Finding, Mention]], now: dt.datetime) -> tuple[int, set[int]]:
    """Findings for what was raised (created, or the stored one of the same fact) and their evidence; returns
    how many were created and the ids of all."""
    keys = {finding.key for _, finding, _ in raised}
    rows = {row.key: row for row in session.scalars(select(FindingRow).where(FindingRow.key.in_(keys)))}
    created = 0
    batches: list[FindingRow] | None = None
    for _, finding, _ in raised:
        if finding.key in rows:
            continue
        if finding.kind == "new_batch":
            # One batch told by ordinal here and by date or count there is one finding: the first key
            # stays, so a reviewer's accept or dismiss keeps holding.
            if batches is None:
                batches = list(session.scalars(select(FindingRow).where(FindingRow.kind == "new_batch")))
            same = next((row for row in batches if same_batch(row, finding)), None)
            if same is not None:
                rows[finding.key] = same
                if same.batch is None and finding.batch is not None:
                    same.batch = finding.batch
                continue
        rows[finding.key] = _finding_row(finding, now)
        session.add(rows[finding.key])
        if batches is not None and finding.kind == "new_batch":
            batches.append(rows[finding.key])
        created += 1
    session.flush()
    seen: set[tuple[int, int]] = set()
    evidence = []
    for document_id, finding, mention in raised:
        row = rows[finding.key]
        if (row.id, document_id) not in seen:
            seen.add((row.id, document_id))
            evidence.append({"finding_id": row.id, "document_id": document_id, "snippet": mention.snippet,
                             "created_at": now, "summary": finding.summary, "count": finding.count,
                             "count_qualifier": finding.count_qualifier, "total": finding.total,
                             "date": finding.date})
            row.updated_at = now
    if evidence:
        session.execute(insert(EvidenceRow), evidence)
    return created, {row.id for row in rows.values()}
