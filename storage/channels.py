"""The channel outbox: messages and their delivery records are written before any attempt to send.

    new findings of a channel --save_message--> message (pending) + one delivery per finding   [one transaction]
    the service took it      --mark_message_sent--> message (sent)
    it did not               --mark_message_failed--> pending, attempts + 1, next_attempt_at, last_error
                                                      or failed (given up) once attempts reach the limit

``channel_deliveries`` is unique by (channel, item), so a finding (or a health announcement) is put in
one message of a channel whatever two processes do at the same time; a pending message keeps its
deliveries until it is sent or given up, so nothing is lost. A crash after the service took a message
and before the mark sends it again, with the same idempotency key: at-least-once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from sqlalchemy import and_, case, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import ChannelDeliveryRow, ChannelMessageRow, ChannelRow, DigestItemRow, DigestRow, FindingRow
from storage.text import storable_text

if TYPE_CHECKING:
    from monitor.channels.messages import ChannelMessage

ALERT_FINDING_STATUSES = ("new", "accepted")  # as the digest: news until a reviewer dismisses it


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message of the outbox as stored: what every attempt sends."""

    id: int
    channel: str
    key: str
    kind: str
    title: str
    body: str
    warning: bool
    status: str
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    sent_at: dt.datetime | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class ChannelCounts:
    """One channel's outbox for `monitor channels`: deliveries (findings and announcements) by state."""

    channel: str
    pending: int = 0
    sent: int = 0
    failed: int = 0
    last_error: str | None = None
    last_error_at: dt.datetime | None = None
    last_success: dt.datetime | None = None
    next_attempt: dt.datetime | None = None


def _stored(row: ChannelMessageRow) -> StoredMessage:
    return StoredMessage(row.id, row.channel, row.key, row.kind, row.title, row.body, bool(row.warning), row.status,
                         row.attempts or 0, row.created_at, row.next_attempt_at, row.sent_at, row.last_error)


class ChannelStore:
    """Mixed into :class:`storage.Store`."""

    _sessions: sessionmaker[Session]

    def register_channels(self, names: Iterable[str], *, now: dt.datetime) -> dict[str, dt.datetime]:
        """Each channel's ``since``: when it was first seen (``now`` for one seen now for the first time)."""
        names = list(dict.fromkeys(names))
        if not names:
            return {}
        for attempt in range(3):
            try:
                with self._sessions() as session, session.begin():
                    known = {row.name: row.since for row in
                             session.scalars(select(ChannelRow).where(ChannelRow.name.in_(names)))}
                    for name in names:
                        if name not in known:
                            session.add(ChannelRow(name=name, since=now))
                            known[name] = now
                    return known
            except IntegrityError:  # another process registered one meanwhile: read again
                if attempt == 2:
                    raise
        return {}  # unreachable

    def undelivered_finding_ids(self, channel: str, *, since: dt.datetime, min_confidence: float,
                                kinds: Sequence[str] = ()) -> list[int]:
        """Findings that are news for ``channel`` and in none of its messages yet, oldest first."""
        delivered = exists().where(ChannelDeliveryRow.channel == channel, ChannelDeliveryRow.finding_id == FindingRow.id)
        statement = (select(FindingRow.id)
                     .where(FindingRow.status.in_(ALERT_FINDING_STATUSES), FindingRow.withdrawn_at.is_(None),
                            FindingRow.first_seen_at >= since, FindingRow.confidence >= min_confidence, ~delivered)
                     .order_by(FindingRow.first_seen_at, FindingRow.id))
        if kinds:
            statement = statement.where(FindingRow.kind.in_(list(kinds)))
        with self._sessions() as session:
            return list(session.scalars(statement))

    def channel_items(self, channel: str, *, prefix: str) -> set[str]:
        """The delivery items of ``channel`` that start with ``prefix`` (its health announcements)."""
        with self._sessions() as session:
            return set(session.scalars(select(ChannelDeliveryRow.item).where(
                ChannelDeliveryRow.channel == channel, ChannelDeliveryRow.item.startswith(prefix, autoescape=True))))

    def save_message(self, message: ChannelMessage, *, now: dt.datetime) -> int | None:
        """The message and its delivery records in one transaction, before any attempt; None when one of its
        items is in another message already (a concurrent planner took it) or the key exists."""
        try:
            with self._sessions() as session, session.begin():
                row = ChannelMessageRow(channel=message.channel, key=message.key, kind=message.kind,
                                        title=message.title, body=message.body, warning=message.warning,
                                        status="pending", attempts=0, created_at=now)
                session.add(row)
                session.flush()
                session.add_all(ChannelDeliveryRow(channel=message.channel, item=item.item, message_id=row.id,
                                                   finding_id=item.finding_id, source=item.source, created_at=now)
                                for item in message.items)
                session.flush()
                return row.id
        except IntegrityError:
            return None

    def due_messages(self, channels: Sequence[str], *, now: dt.datetime) -> list[StoredMessage]:
        """Pending messages of these channels whose next attempt is due, oldest first."""
        if not channels:
            return []
        statement = (select(ChannelMessageRow)
                     .where(ChannelMessageRow.channel.in_(list(channels)), ChannelMessageRow.status == "pending",
                            (ChannelMessageRow.next_attempt_at.is_(None)) | (ChannelMessageRow.next_attempt_at <= now))
                     .order_by(ChannelMessageRow.id))
        with self._sessions() as session:
            return [_stored(row) for row in session.scalars(statement)]

    def channel_message(self, message_id: int) -> StoredMessage | None:
        with self._sessions() as session:
            row = session.get(ChannelMessageRow, message_id)
            return _stored(row) if row is not None else None

    def channel_messages(self, channel: str | None = None) -> list[StoredMessage]:
        statement = select(ChannelMessageRow).order_by(ChannelMessageRow.id)
        if channel is not None:
            statement = statement.where(ChannelMessageRow.channel == channel)
        with self._sessions() as session:
            return [_stored(row) for row in session.scalars(statement)]

    def mark_message_sent(self, message_id: int, *, now: dt.datetime) -> None:
        """Only after the service took the message."""
        with self._sessions() as session, session.begin():
            session.execute(update(ChannelMessageRow).where(ChannelMessageRow.id == message_id).values(
                status="sent", sent_at=now, last_attempt_at=now, next_attempt_at=None,
                attempts=ChannelMessageRow.attempts + 1))

    def mark_message_failed(self, message_id: int, *, now: dt.datetime, error: str,
                            retry_at: dt.datetime | None) -> None:
        """One more failed attempt: retried at ``retry_at``, or given up (status failed) when it is None."""
        with self._sessions() as session, session.begin():
            session.execute(update(ChannelMessageRow).where(ChannelMessageRow.id == message_id).values(
                status="pending" if retry_at is not None else "failed", last_attempt_at=now, next_attempt_at=retry_at,
                last_error=storable_text(error, 2000), attempts=ChannelMessageRow.attempts + 1))

    def channel_counts(self, channels: Sequence[str]) -> list[ChannelCounts]:
        """Deliveries by state, last error and last success of each channel, in the order given."""
        names = list(channels)
        with self._sessions() as session:
            counts: dict[str, dict[str, int]] = {name: {} for name in names}
            rows = session.execute(
                select(ChannelDeliveryRow.channel, ChannelMessageRow.status, func.count(ChannelDeliveryRow.id))
                .join(ChannelMessageRow, ChannelDeliveryRow.message_id == ChannelMessageRow.id)
                .where(ChannelDeliveryRow.channel.in_(names))
                .group_by(ChannelDeliveryRow.channel, ChannelMessageRow.status))
            for channel, status, n in rows:
                counts[channel][status] = n
            times = {channel: (success, retry) for channel, success, retry in session.execute(
                select(ChannelMessageRow.channel, func.max(ChannelMessageRow.sent_at),
                       func.min(case((ChannelMessageRow.status == "pending", ChannelMessageRow.next_attempt_at))))
                .where(ChannelMessageRow.channel.in_(names)).group_by(ChannelMessageRow.channel))}
            errors = {}
            for name in names:
                last = session.execute(
                    select(ChannelMessageRow.last_error, ChannelMessageRow.last_attempt_at)
                    .where(ChannelMessageRow.channel == name, ChannelMessageRow.last_error.is_not(None))
                    .order_by(ChannelMessageRow.last_attempt_at.desc(), ChannelMessageRow.id.desc()).limit(1)).first()
                errors[name] = (last[0], last[1]) if last else (None, None)
        return [ChannelCounts(name, counts[name].get("pending", 0), counts[name].get("sent", 0),
                              counts[name].get("failed", 0), errors[name][0], errors[name][1],
                              times.get(name, (None, None))[0], times.get(name, (None, None))[1]) for name in names]

    def email_digest_counts(self, name: str) -> ChannelCounts:
        """The [digest] e-mail seen as a channel: its findings by digest state, its last error and success."""
        with self._sessions() as session:
            by_status = dict(session.execute(
                select(DigestRow.status, func.count(DigestItemRow.id))
                .join(DigestItemRow, DigestItemRow.digest_id == DigestRow.id).group_by(DigestRow.status)).all())
            last_success = session.scalar(select(func.max(DigestRow.sent_at)))
            error = session.execute(select(DigestRow.last_error, DigestRow.created_at)
                                    .where(and_(DigestRow.status == "pending", DigestRow.last_error.is_not(None)))
                                    .order_by(DigestRow.id.desc()).limit(1)).first()
        return ChannelCounts(name, pending=by_status.get("pending", 0), sent=by_status.get("sent", 0), failed=0,
                             last_error=error[0] if error else None, last_error_at=None, last_success=last_success)
