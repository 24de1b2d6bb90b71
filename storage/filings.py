"""The regulator's list rows and the attachments they came from.

A row is unique by (registry, filing number): reading a list again changes nothing, and a row that
comes back with other fields (a corrected name, a later release repeating it) is updated in place and
counted as an update. An attachment is unique by its URL and keeps its validators, so it is fetched
in full once and conditionally afterwards. A release is diffed while its attachment's document (kind
``filings``) is pending; the ``diffed_at`` column is kept for the schema and not written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Sequence

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from monitor.filings.records import FilingEntry
from monitor.records import Finding
from storage.analysis import finding_from_row
from storage.models import Base, DocumentRow, EvidenceRow, FindingRow, Timestamp

FilingStatus = Literal["new", "updated", "unchanged"]


class FilingRow(Base):
    __tablename__ = "filings"
    __table_args__ = (UniqueConstraint("registry", "filing_number", name="uq_filings_registry_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    registry_kind: Mapped[str] = mapped_column("registry", String(16))  # 'registry' is Declarative's own name
    filing_number: Mapped[str] = mapped_column(String(200))
    service: Mapped[str] = mapped_column(Text)
    provider: Mapped[str] = mapped_column(Text, index=True)
    locality: Mapped[str] = mapped_column(String(64), default="")
    filed_on: Mapped[dt.date | None] = mapped_column(Date)
    serial: Mapped[int | None] = mapped_column(Integer)
    scenario: Mapped[str | None] = mapped_column(Text)
    period: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM of the release that first listed it
    source: Mapped[str] = mapped_column(String(100))
    announcement_url: Mapped[str] = mapped_column(Text)
    attachment_url: Mapped[str] = mapped_column(Text)
    row_number: Mapped[int] = mapped_column(Integer)
    first_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updates: Mapped[int] = mapped_column(Integer, default=0)


class FilingAttachmentRow(Base):
    __tablename__ = "filing_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url_hash: Mapped[str] = mapped_column(String(40), unique=True)
    url: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(100))
    announcement_url: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(8))
    period: Mapped[str | None] = mapped_column(String(7))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    diffed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


@dataclass(frozen=True, slots=True)
class StoredFiling:
    entry: FilingEntry
    period: str
    announcement_url: str
    attachment_url: str


@dataclass(frozen=True, slots=True)
class AttachmentState:
    url: str
    etag: str | None
    last_modified: str | None
    period: str | None


def _hash(url: str) -> str:
    from storage.store import digest_of  # storage.store imports this module

    return digest_of(url)


_COMPARED = ("service", "provider", "locality", "filed_on", "serial", "scenario")


def _entry(row: FilingRow) -> FilingEntry:
    return FilingEntry(registry=row.registry_kind, service=row.service, provider=row.provider,  # type: ignore[arg-type]
                       filing_number=row.filing_number, locality=row.locality, filed_on=row.filed_on,
                       serial=row.serial, scenario=row.scenario, row_number=row.row_number)


class FilingsStore:
    """Mixed into :class:`storage.Store`."""

    _sessions: sessionmaker[Session]

    def attachment_state(self, url: str) -> AttachmentState | None:
        with self._sessions() as session:
            row = session.scalar(select(FilingAttachmentRow).where(FilingAttachmentRow.url_hash == _hash(url)))
            if row is None:
                return None
            return AttachmentState(row.url, row.etag, row.last_modified, row.period)

    def save_filings(self, entries: Sequence[FilingEntry], *, source: str, period: str, announcement_url: str,
                     attachment_url: str, name: str, file_format: str | None, etag: str | None,
                     last_modified: str | None, error: str | None, now: dt.datetime) -> list[FilingStatus]:
        """Store an attachment's rows and its validators in one transaction; the status of each row."""
        statuses: list[FilingStatus] = []
        with self._sessions() as session, session.begin():
            numbers = list({entry.filing_number for entry in entries})
            existing = {(row.registry_kind, row.filing_number): row for row in session.scalars(
                select(FilingRow).where(FilingRow.filing_number.in_(numbers)))} if numbers else {}
            for entry in entries:
                key = (entry.registry, entry.filing_number)
                row = existing.get(key)
                if row is None:
                    row = FilingRow(registry_kind=entry.registry, filing_number=entry.filing_number, period=period,
                                    source=source, announcement_url=announcement_url, attachment_url=attachment_url,
                                    row_number=entry.row_number, first_seen_at=now, updated_at=now, updates=0,
                                    **{field: getattr(entry, field) for field in _COMPARED})
                    session.add(row)
                    existing[key] = row
                    statuses.append("new")
                elif any(getattr(row, field) != getattr(entry, field) for field in _COMPARED):
                    for field in _COMPARED:
                        setattr(row, field, getattr(entry, field))
                    row.updated_at, row.updates = now, row.updates + 1
                    statuses.append("updated")
                else:
                    statuses.append("unchanged")
            attachment = session.scalar(select(FilingAttachmentRow).where(FilingAttachmentRow.url_hash == _hash(attachment_url)))
            if attachment is None:
                attachment = FilingAttachmentRow(url_hash=_hash(attachment_url), url=attachment_url, source=source,
                                                 announcement_url=announcement_url, name=name, fetched_at=now)
                session.add(attachment)
            attachment.name, attachment.format = name, file_format
            attachment.period = period if entries and period else None  # an attachment without rows has no release
            attachment.etag, attachment.last_modified, attachment.error = etag, last_modified, error
            attachment.rows, attachment.fetched_at = len(entries), now
        return statuses

    def pending_filing_documents(self) -> list[tuple[int, str]]:
        """(id, url) of the attachments' documents not diffed yet (new, changed, or marked for reprocessing)."""
        with self._sessions() as session:
            return [(doc_id, url) for doc_id, url in session.execute(
                select(DocumentRow.id, DocumentRow.url).where(DocumentRow.kind == "filings",
                                                              DocumentRow.processed_at.is_(None)).order_by(DocumentRow.id))]

    def press_findings(self, kinds: Sequence[str] = ("new_company", "new_total", "new_batch")
                       ) -> list[tuple[Finding, dt.date]]:
        """Findings the news raised (evidence from documents other than the lists), each with the day it
        was first reported (its earliest evidence's publication)."""
        with self._sessions() as session:
            rows = session.execute(
                select(FindingRow, func.min(DocumentRow.published)).join(EvidenceRow, EvidenceRow.finding_id == FindingRow.id)
                .join(DocumentRow, DocumentRow.id == EvidenceRow.document_id)
                .where(FindingRow.kind.in_(kinds), DocumentRow.kind != "filings")
                .group_by(FindingRow.id).order_by(FindingRow.id)).all()
            return [(finding_from_row(row), published.date()) for row, published in rows]

    def attachment_periods(self) -> dict[str, str]:
        """{attachment URL: release period} of the attachments that gave rows."""
        with self._sessions() as session:
            return {url: period for url, period in session.execute(
                select(FilingAttachmentRow.url, FilingAttachmentRow.period).where(FilingAttachmentRow.period.is_not(None)))}

    def filings(self, *, since: dt.date | None = None, provider: str | None = None, registry: str | None = None,
                period: str | None = None, before_period: str | None = None) -> list[StoredFiling]:
        statement = select(FilingRow).order_by(FilingRow.period, FilingRow.registry_kind, FilingRow.row_number, FilingRow.id)
        if since is not None:
            statement = statement.where(FilingRow.filed_on >= since)
        if provider:
            statement = statement.where(FilingRow.provider.contains(provider, autoescape=True))
        if registry:
            statement = statement.where(FilingRow.registry_kind == registry)
        if period:
            statement = statement.where(FilingRow.period == period)
        if before_period:
            statement = statement.where(FilingRow.period < before_period)
        with self._sessions() as session:
            return [StoredFiling(_entry(row), row.period, row.announcement_url, row.attachment_url)
                    for row in session.scalars(statement)]
