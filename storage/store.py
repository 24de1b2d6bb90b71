"""The :class:`Store` facade: sources and documents. Analysis and outbox writes live in sibling modules.

Every method opens its own short transaction, so a process killed at any point leaves either the
whole write or none of it; unique keys make repeating a write harmless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Iterable, Literal, Sequence

from sqlalchemy import Engine, Insert, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from monitor.records import Document
from monitor.run.schedule import due_after_success, source_backoff
from storage.analysis import AnalysisStore
from storage.queries import QueryStore
from storage.outbox import OutboxStore
from storage.channels import ChannelStore
from storage.runtime import RuntimeStore
from storage.filings import FilingsStore
from storage.stories import StoryStore
from storage.records import SourceIdentity, SourceState, StoredDocument
from storage.text import storable_text
from storage.engine import READ_ONLY_OPTION, create_engine_for, redact, upgrade
from storage.models import DocumentRow, SourceRow

SaveStatus = Literal["new", "updated", "unchanged"]


# Built once with expanding IN parameters: one cached statement instead of a new IN clause with
# a bind per value for every saved batch (SQLAlchemy spent more building them than SQLite running them).
_SOURCE_IDS = select(SourceRow.name, SourceRow.id).where(SourceRow.name.in_(bindparam("names", expanding=True)))
_DOCS_BY_URL = select(DocumentRow).where(DocumentRow.url_hash.in_(bindparam("hashes", expanding=True)))
# source_id too: the unique index is (source_id, guid_hash), and guid_hash alone would scan the table
_DOCS_BY_GUID = select(DocumentRow).where(DocumentRow.source_id.in_(bindparam("sources", expanding=True)),
                                          DocumentRow.guid_hash.in_(bindparam("hashes", expanding=True)))
_MARK_NOT_MODIFIED = update(SourceRow).where(SourceRow.name == bindparam("source_name")).values(
    last_attempt_at=bindparam("now"), last_success_at=bindparam("now"), consecutive_failures=0, failing_since=None,
    last_error=None, last_status="not_modified", next_due_at=bindparam("due"))


@dataclass(frozen=True, slots=True)
class FetchSuccess:
    """A source fetch that returned content: what its row records (validators, next due time, warning)."""

    source: str
    interval: dt.timedelta
    etag: str | None
    last_modified: str | None
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class SourceSave:
    """One source's fetched documents and the fetch that produced them: one :meth:`Store.save_documents`."""

    documents: Sequence[Document]
    now: dt.datetime
    success: FetchSuccess | None = None


def digest_of(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _insert_ignoring_existing(session: Session) -> Insert:
    """INSERT INTO sources ... ON CONFLICT (name) DO NOTHING, in the session's SQL dialect."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(SourceRow).on_conflict_do_nothing(index_elements=[SourceRow.name])


def _state(row: SourceRow) -> SourceState:
    return SourceState(row.name, row.kind, row.url, row.etag, row.last_modified, row.last_attempt_at, row.last_success_at,
                       row.failing_since, row.consecutive_failures, row.last_error, row.last_status, row.next_due_at,
                       row.documents_total)


class Store(AnalysisStore, QueryStore, OutboxStore, RuntimeStore, FilingsStore, StoryStore, ChannelStore):
    """Typed access to the database; the only place that sees rows."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> "Store":
        engine = create_engine_for(url)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def for_reading(self) -> "Store":
        """This database for reads only (the web view's pages), sharing this store's connections.

        On SQLite its transactions begin deferred instead of IMMEDIATE: concurrent page views read their
        own snapshot at once instead of taking turns at the write lock (seconds of p99 under load).
        Writing through it is not for it: a write may then find the database busy. Close this store,
        not the reader."""
        return type(self)(self.engine.execution_options(**{READ_ONLY_OPTION: True}))

    @property
    def url_for_display(self) -> str:
        return redact(str(self.engine.url))

    def session(self) -> Session:
        return self._sessions()

    # -- sources ---------------------------------------------------------------------------------

    def sync_sources(self, sources: Iterable[SourceIdentity]) -> list[SourceState]:
        """Make sure every configured source has a row; a changed URL forgets the old validators.

        Returns the state of every source row, by name, as the sync left it: callers need it next,
        and the rows are already loaded here."""
        sources = list(sources)
        with self.session() as session, session.begin():
            rows = {row.name: row for row in session.scalars(select(SourceRow))}
            missing = [source for source in sources if source.name not in rows]
            if missing:
                # Another process starting at the same moment may insert the same names between our
                # read and our insert: ON CONFLICT leaves its rows alone (on PostgreSQL it waits for
                # its commit) instead of failing this whole start with a unique violation.
                session.execute(_insert_ignoring_existing(session), [
                    {"name": s.name, "kind": s.kind, "url": s.url, "consecutive_failures": 0, "documents_total": 0}
                    for s in missing])
                added = select(SourceRow).where(SourceRow.name.in_([s.name for s in missing]))
                rows.update((row.name, row) for row in session.scalars(added))
            for source in sources:
                row = rows[source.name]
                if row.url != source.url or row.kind != source.kind:
                    row.url, row.kind, row.etag, row.last_modified = source.url, source.kind, None, None
                    row.next_due_at = None
            session.flush()
            return [_state(rows[name]) for name in sorted(rows)]

    def source_states(self) -> list[SourceState]:
        with self.session() as session:
            return [_state(row) for row in session.scalars(select(SourceRow).order_by(SourceRow.name))]

    def source_state(self, name: str) -> SourceState | None:
        """The state of one source; None before it was first synced from the config."""
        with self.session() as session:
            row = session.scalars(select(SourceRow).where(SourceRow.name == name)).one_or_none()
            return _state(row) if row is not None else None

    @staticmethod
    def _record_success(session: Session, success: FetchSuccess, now: dt.datetime, new_documents: int) -> None:
        """A fetch that returned content (a 304 goes to record_not_modified), in the caller's transaction.

        One UPDATE, no ORM load: the row is not needed, only changed."""
        statement = update(SourceRow).where(SourceRow.name == success.source).values(
            last_attempt_at=now, last_success_at=now, consecutive_failures=0, failing_since=None,
            last_error=success.warning, last_status="ok", next_due_at=due_after_success(now, success.interval),
            etag=success.etag, last_modified=success.last_modified,
            documents_total=func.coalesce(SourceRow.documents_total, 0) + new_documents)
        # synchronize_session=False: no objects of this session to update, so no SELECT to find them first
        done = session.execute(statement, execution_options={"synchronize_session": False})
        if done.rowcount != 1:  # type: ignore[attr-defined]
            raise LookupError(f"no source named {success.source!r} in the database")

    def record_not_modified(self, checks: Sequence[tuple[str, dt.datetime, dt.timedelta]]) -> None:
        """Many 304s in one transaction: (source name, checked at, interval) each.

        What a 304 changes on the source row, batched: a warm run of 1,000 sources
        would otherwise spend most of its time committing one row at a time. Losing a batch to a
        crash costs one more conditional GET per source, nothing else."""
        if not checks:
            return
        rows = [{"source_name": name, "now": now, "due": due_after_success(now, interval)}
                for name, now, interval in checks]
        with self.engine.begin() as connection:
            connection.execute(_MARK_NOT_MODIFIED, rows)

    def record_failure(self, name: str, *, now: dt.datetime, interval: dt.timedelta, error: str,
                       max_backoff: float, retry_after: float | None = None) -> SourceState:
        with self.session() as session, session.begin():
            row = session.scalars(select(SourceRow).where(SourceRow.name == name)).one()
            row.last_attempt_at = now
            row.consecutive_failures = (row.consecutive_failures or 0) + 1
            row.failing_since = row.failing_since or now
            row.last_error, row.last_status = storable_text(error, 2000), "failed"
            # when it is polled again: monitor/run/schedule.py decides, from the failures counted here
            row.next_due_at = now + source_backoff(interval, row.consecutive_failures, max_backoff,
                                                   retry_after=retry_after)
            return _state(row)

    # -- documents -------------------------------------------------------------------------------

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Which of these canonical URLs are stored already (page sources fetch only the others)."""
        hashes = {digest_of(url): url for url in urls}
        found: set[str] = set()
        with self.session() as session:
            keys = list(hashes)
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                found.update(hashes[h] for h in session.scalars(select(DocumentRow.url_hash).where(DocumentRow.url_hash.in_(chunk))))
        return found

    def save_documents(self, documents: Sequence[Document], *, now: dt.datetime,
                       success: FetchSuccess | None = None) -> list[SaveStatus]:
        """Insert new documents, update changed ones, in one transaction; returns a status per document.

        ``success``: the fetch that produced them, recorded on its source in the same transaction,
        so the validators never advance without the documents (and one commit per source, not two)."""
        if not documents and success is None:
            return []
        try:
            return self._save_documents(documents, now, success)
        except IntegrityError:
            # Another process (the daemon beside run-once) stored one of them between our read and
            # our write: the second attempt sees its rows and updates instead of inserting.
            return self._save_documents(documents, now, success)

    def save_sources(self, saves: Sequence[SourceSave]) -> list[list[SaveStatus]]:
        """Several sources' :meth:`save_documents` in one transaction: one commit for all of them.

        All or nothing, like one source: a crash loses the whole group, and the next run fetches it
        again (none of its validators advanced). Raises what ``save_documents`` raises, for the
        group; a caller that wants only the source at fault to fail saves each on its own then
        (monitor.run.writer does)."""
        with self.session() as session, session.begin():
            return [self._save_in(session, save.documents, save.now, save.success) for save in saves]

    def _save_documents(self, documents: Sequence[Document], now: dt.datetime,
                        success: FetchSuccess | None) -> list[SaveStatus]:
        with self.session() as session, session.begin():
            return self._save_in(session, documents, now, success)

    def _save_in(self, session: Session, documents: Sequence[Document], now: dt.datetime,
                 success: FetchSuccess | None) -> list[SaveStatus]:
        statuses: list[SaveStatus] = []
        if not documents:
            if success is not None:
                self._record_success(session, success, now, 0)
            return statuses
        names = list({d.source for d in documents})
        source_ids = dict(session.execute(_SOURCE_IDS, {"names": names}).all())
        by_url = list({digest_of(d.url) for d in documents})
        existing_by_url = {row.url_hash: row for row in session.scalars(_DOCS_BY_URL, {"hashes": by_url})}
        by_guid = {(source_ids[d.source], digest_of(d.guid)) for d in documents}
        existing_by_guid = {(row.source_id, row.guid_hash): row for row in session.scalars(
            _DOCS_BY_GUID, {"sources": list({s for s, _ in by_guid}), "hashes": list({g for _, g in by_guid})})}
        # New rows are plain objects inserted in one executemany at the end, not ORM entities: the unit
        # of work cost more per row than parsing the entry. A later copy in this batch updates the object.
        fresh: list[_NewDocument] = []
        for doc in documents:
            source_id = source_ids[doc.source]
            url_hash, guid_hash = digest_of(doc.url), digest_of(doc.guid)
            content_hash = digest_of("\x00".join((doc.title, doc.summary, doc.text)))
            row = existing_by_guid.get((source_id, guid_hash)) or existing_by_url.get(url_hash)
            if row is None:
                row = _NewDocument(source_id=source_id, url=doc.url, url_hash=url_hash, guid=doc.guid,
                                   guid_hash=guid_hash, first_seen_at=now, content_hash=content_hash)
                _copy(doc, row, now)  # type: ignore[arg-type]
                fresh.append(row)
                existing_by_url[url_hash] = existing_by_guid[(source_id, guid_hash)] = row  # type: ignore[assignment]
                statuses.append("new")
            elif row.content_hash != content_hash and _richer_or_changed(doc, row):
                row.content_hash = content_hash
                _copy(doc, row, now)
                row.processed_at = None  # the rules must read it again
                statuses.append("updated")
            else:
                statuses.append("unchanged")
        if fresh:
            session.execute(insert(DocumentRow), [vars(row) for row in fresh])
        if success is not None:
            self._record_success(session, success, now, statuses.count("new"))
        return statuses

    def document_count(self) -> int:
        with self.session() as session:
            return session.scalar(select(func.count(DocumentRow.id))) or 0


class _NewDocument:
    """A document row to insert: the attributes ``_copy`` and ``_richer_or_changed`` use, as a plain object."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)
        self.processed_at = None


def _richer_or_changed(doc: Document, row: DocumentRow) -> bool:
    # A feed entry (summary only) must not overwrite the full article text fetched for the same URL.
    return not (doc.kind == "entry" and row.kind == "article" and len(doc.text) < len(row.text))


def _copy(doc: Document, row: DocumentRow, now: dt.datetime) -> None:
    row.kind = doc.kind
    row.title = doc.title
    row.published = doc.published
    row.published_from_source = doc.published_from_source
    row.language = doc.language
    row.summary = doc.summary
    row.text = doc.text
    row.updated_at = now
