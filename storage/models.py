"""The tables. Unique keys make every write idempotent (docs/contracts.md section 7):

- documents by canonical URL (``url_hash``) and by (source, guid) (``guid_hash``);
- findings by ``key``; evidence by (finding, document); digest items by finding.

Hashes (sha1 hex) stand in for long text in unique indexes: PostgreSQL's btree rows are limited to
about 2.7 KB and feed URLs and guids can be longer.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}



class Timestamp(TypeDecorator[dt.datetime]):
    """A timezone-aware UTC timestamp on every backend.

    SQLite has no time zone type and hands back naive values; storing UTC and tagging it on the
    way out keeps comparisons between stored and fresh (aware) datetimes correct everywhere.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a Timestamp column; use an aware datetime")
        return value.astimezone(dt.timezone.utc)

    def process_result_value(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SourceRow(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    failing_since: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status: Mapped[str | None] = mapped_column(String(20))
    next_due_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    documents_total: Mapped[int] = mapped_column(Integer, default=0)


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("source_id", "guid_hash", name="uq_documents_source_guid"),
        Index("ix_documents_published", "published"),
        # the pending rows only (processed_at IS NULL): every run and every daemon job asks for them
        Index("ix_documents_pending", "id", sqlite_where=text("processed_at IS NULL"),
              postgresql_where=text("processed_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(Text)
    url_hash: Mapped[str] = mapped_column(String(40), unique=True)
    guid: Mapped[str] = mapped_column(Text)
    guid_hash: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10), default="entry")
    title: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[dt.datetime] = mapped_column(Timestamp)
    published_from_source: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    processed_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class MentionRow(Base):
    __tablename__ = "mentions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    rule: Mapped[str] = mapped_column(String(200))
    snippet: Mapped[str] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(Text)
    company_known: Mapped[bool] = mapped_column(Boolean, default=True)
    model: Mapped[str | None] = mapped_column(Text)
    batch: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int | None] = mapped_column(Integer)
    count_qualifier: Mapped[str | None] = mapped_column(String(16))
    total: Mapped[int | None] = mapped_column(Integer)
    registry_kind: Mapped[str | None] = mapped_column("registry", String(16))
    date: Mapped[dt.date | None] = mapped_column(Date)
    jurisdiction: Mapped[str | None] = mapped_column(String(64))
    regulation: Mapped[str | None] = mapped_column(Text)
    companies: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)


class FindingRow(Base):
    __tablename__ = "findings"
    # A page of the review (monitor/web): one status, not withdrawn, newest first, without a sort of them all.
    __table_args__ = (Index("ix_findings_review", "status", "withdrawn_at", "first_seen_at", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(Timestamp, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    company: Mapped[str | None] = mapped_column(Text)
    batch: Mapped[int | None] = mapped_column(Integer)
    count: Mapped[int | None] = mapped_column(Integer)
    count_qualifier: Mapped[str | None] = mapped_column(String(16))
    total: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date | None] = mapped_column(Date)
    regulation: Mapped[str | None] = mapped_column(Text)
    dataset_fact: Mapped[str | None] = mapped_column(Text)
    # Values by agreement (storage/agreement.py): outlets behind the finding, outlets behind its value, the
    # confidence the digest orders by, values a minority reported ("346 (1 source)"), the story it came from.
    sources: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    agreeing: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    confidence: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    disputed: Mapped[str | None] = mapped_column(Text)
    story: Mapped[int | None] = mapped_column(Integer)
    # Reprocessing removed all its evidence; the digest that told recipients so (once), if it had been sent.
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    withdrawn_digest_id: Mapped[int | None] = mapped_column(Integer)


class EvidenceRow(Base):
    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("finding_id", "document_id", name="uq_evidence_finding_document"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    snippet: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    # What this report said, so the finding's value is the one most outlets report, not the first one seen.
    summary: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int | None] = mapped_column(Integer)
    count_qualifier: Mapped[str | None] = mapped_column(String(16))
    total: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date | None] = mapped_column(Date)


class DigestRow(Base):
    __tablename__ = "digests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    message_id: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    sent_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)


class DigestItemRow(Base):
    __tablename__ = "digest_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), unique=True)


class DigestRefusalRow(Base):
    """A recipient the SMTP server refused while it accepted the digest for others (the digest is sent).

    Kept so the refusal is neither lost nor silent: the next sends retry the recipient alone, and
    ``monitor sources`` shows it until a retry is delivered (``delivered_at``)."""

    __tablename__ = "digest_refusals"
    __table_args__ = (UniqueConstraint("digest_id", "recipient", name="uq_digest_refusals_digest_recipient"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"), index=True)
    recipient: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text)  # the server's last reply, "550 5.1.1 no such user"
    attempts: Mapped[int] = mapped_column(Integer, default=1)  # sends that reached the server for this recipient
    refused_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)


class RuntimeRow(Base):
    """Heartbeats and the daemon's identity, so ``monitor sources`` can show that it is alive."""

    __tablename__ = "runtime"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(Text)
    started_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    heartbeat_at: Mapped[dt.datetime] = mapped_column(Timestamp)


class ChannelRow(Base):
    """An alert channel of the config as first seen: findings first seen before ``since`` never alert on it
    (a channel added to a running deployment does not replay the history)."""

    __tablename__ = "channels"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    since: Mapped[dt.datetime] = mapped_column(Timestamp)


class ChannelMessageRow(Base):
    """One message for one channel (storage/channels.py), written with its deliveries before any attempt.

    ``status``: pending (retried at ``next_attempt_at``), sent, or failed (given up, ``last_error`` says why).
    ``key`` is the idempotency key every attempt carries; title and body are sent as written."""

    __tablename__ = "channel_messages"
    __table_args__ = (Index("ix_channel_messages_channel_status", "channel", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(100))
    key: Mapped[str] = mapped_column(String(600), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    warning: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    sent_at: Mapped[dt.datetime | None] = mapped_column(Timestamp)
    last_error: Mapped[str | None] = mapped_column(Text)


class ChannelDeliveryRow(Base):
    """One delivery record per (finding, channel), or per health announcement: unique, so a finding is put
    in one message of a channel whatever two processes do; its state is its message's."""

    __tablename__ = "channel_deliveries"
    __table_args__ = (UniqueConstraint("channel", "item", name="uq_channel_deliveries_channel_item"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(100))
    item: Mapped[str] = mapped_column(String(400))  # the finding key, or health:<source>:down|up:<outage start>
    message_id: Mapped[int] = mapped_column(ForeignKey("channel_messages.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[int | None] = mapped_column(ForeignKey("findings.id", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(Timestamp)
