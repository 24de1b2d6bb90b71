"""The digest outbox (docs/contracts.md section 7): digests and their items are written before sending.

    findings not in any digest --create_digest--> digest (pending) + items     [one transaction]
    SMTP server accepted       --mark_digest_sent--> digest (sent)
    SMTP failed                --mark_digest_failed--> digest (pending, attempts + 1, last_error)
    accepted, some recipients refused --record_refusals--> refusals, retried alone until delivered

``digest_items.finding_id`` is unique, so a finding belongs to at most one digest whatever two
processes do at the same time; a pending digest keeps its items until it is sent, so no finding
is lost. Which findings are news: status ``new`` and ``accepted`` (a reviewer may accept a
finding before the mail went out; recipients have still not heard of it), never ``dismissed``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Mapping

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from storage.models import DigestItemRow, DigestRefusalRow, DigestRow, FindingRow
from storage.text import storable_text

DIGEST_FINDING_STATUSES = ("new", "accepted")


@dataclass(frozen=True, slots=True)
class OutboxDigest:
    """One digest row and the findings it holds (ids in finding order)."""

    id: int
    day: dt.date
    status: str
    created_at: dt.datetime
    sent_at: dt.datetime | None
    attempts: int
    last_error: str | None
    message_id: str | None
    finding_ids: tuple[int, ...]
    withdrawn_ids: tuple[int, ...] = ()  # findings an earlier digest sent, withdrawn since: listed once, here


@dataclass(frozen=True, slots=True)
class Refusal:
    """A recipient the server refused for a digest it accepted for others, not delivered since."""

    digest_id: int
    recipient: str
    reply: str
    attempts: int
    refused_at: dt.datetime


# A conflict is news only once independent outlets agree on a value the dataset contradicts: one page's
# number against the dataset is more often the page's error than the dataset's. A report that the
# regulator's own list contradicts (monitor/filings/crosscheck.py) is news at once: the list is the record.
CONFLICT_OUTLETS = 2
LIST_CONFLICT_PREFIX = "conflict:list:"


def _unassigned(session: Session) -> list[int]:
    taken = select(DigestItemRow.finding_id)
    statement = (select(FindingRow.id).where(FindingRow.status.in_(DIGEST_FINDING_STATUSES), FindingRow.id.not_in(taken),
                                             FindingRow.withdrawn_at.is_(None),
                                             (FindingRow.kind != "conflict") | (FindingRow.agreeing >= CONFLICT_OUTLETS)
                                             | FindingRow.key.startswith(LIST_CONFLICT_PREFIX))
                 .order_by(FindingRow.id))
    return list(session.scalars(statement))


def _withdrawn_unreported(session: Session) -> list[int]:
    """Findings a sent digest told recipients about, withdrawn since, and not yet said to be."""
    sent = select(DigestItemRow.finding_id).join(DigestRow, DigestItemRow.digest_id == DigestRow.id).where(
        DigestRow.status == "sent")
    return list(session.scalars(select(FindingRow.id).where(
        FindingRow.withdrawn_at.is_not(None), FindingRow.withdrawn_digest_id.is_(None), FindingRow.id.in_(sent))
        .order_by(FindingRow.id)))


def _outbox(session: Session, row: DigestRow) -> OutboxDigest:
    ids = session.scalars(select(DigestItemRow.finding_id).where(DigestItemRow.digest_id == row.id)
                          .order_by(DigestItemRow.finding_id))
    withdrawn = session.scalars(select(FindingRow.id).where(FindingRow.withdrawn_digest_id == row.id)
                                .order_by(FindingRow.id))
    return OutboxDigest(row.id, row.day, row.status, row.created_at, row.sent_at, row.attempts or 0, row.last_error,
                        row.message_id, tuple(ids), tuple(withdrawn))


class OutboxStore:
    """Mixed into :class:`storage.Store`."""

    _sessions: sessionmaker[Session]

    def unassigned_finding_ids(self) -> list[int]:
        """Findings that are news and in no digest yet (what the next digest would take)."""
        with self._sessions() as session:
            return _unassigned(session)

    def withdrawn_unreported_ids(self) -> list[int]:
        """Sent findings withdrawn since, that the next digest will list as withdrawn."""
        with self._sessions() as session:
            return _withdrawn_unreported(session)

    def pending_digests(self) -> list[OutboxDigest]:
        """Digests written but not yet accepted by the SMTP server, oldest first."""
        with self._sessions() as session:
            rows = session.scalars(select(DigestRow).where(DigestRow.status == "pending").order_by(DigestRow.id))
            return [_outbox(session, row) for row in rows]

    def digest(self, digest_id: int) -> OutboxDigest:
        with self._sessions() as session:
            return _outbox(session, session.get_one(DigestRow, digest_id))

    def digests(self) -> list[OutboxDigest]:
        with self._sessions() as session:
            return [_outbox(session, row) for row in session.scalars(select(DigestRow).order_by(DigestRow.id))]

    def sent_digest_count(self, day: dt.date) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count(DigestRow.id)).where(DigestRow.day == day,
                                                                         DigestRow.status == "sent")) or 0

    def create_digest(self, *, day: dt.date, now: dt.datetime, allow_empty: bool = False) -> OutboxDigest | None:
        """Write a pending digest holding every unassigned finding; None when there is nothing to hold.

        ``allow_empty`` writes a digest without items (the "nothing new" mail).
        """
        for attempt in (1, 2):
            try:
                return self._create_digest(day, now, allow_empty)
            except IntegrityError:
                # Another process put one of these findings into its digest between our read and
                # our insert; the unique key refused ours whole. Read again: those are taken now.
                if attempt == 2:
                    raise
        return None  # unreachable; keeps type checkers content

    def _create_digest(self, day: dt.date, now: dt.datetime, allow_empty: bool) -> OutboxDigest | None:
        with self._sessions() as session, session.begin():
            ids = _unassigned(session)
            withdrawn = _withdrawn_unreported(session)
            if not ids and not withdrawn and not allow_empty:
                return None
            row = DigestRow(day=day, status="pending", subject="", created_at=now, attempts=0)
            session.add(row)
            session.flush()
            session.add_all(DigestItemRow(digest_id=row.id, finding_id=finding_id) for finding_id in ids)
            if withdrawn:
                session.execute(update(FindingRow).where(FindingRow.id.in_(withdrawn)).values(withdrawn_digest_id=row.id))
            session.flush()
            return OutboxDigest(row.id, day, "pending", now, None, 0, None, None, tuple(ids), tuple(withdrawn))

    def mark_digest_sent(self, digest_id: int, *, now: dt.datetime, subject: str, message_id: str) -> None:
        """Only after the SMTP server accepted the message."""
        with self._sessions() as session, session.begin():
            row = session.get_one(DigestRow, digest_id, with_for_update=True)
            row.status, row.sent_at, row.subject, row.message_id = "sent", now, subject, message_id
            row.attempts = (row.attempts or 0) + 1
            row.last_error = None

    def mark_digest_failed(self, digest_id: int, *, error: str, subject: str, message_id: str) -> None:
        """The digest stays pending with its items; the next schedule or ``monitor digest send`` retries."""
        with self._sessions() as session, session.begin():
            row = session.get_one(DigestRow, digest_id, with_for_update=True)
            row.attempts = (row.attempts or 0) + 1
            row.last_error, row.subject, row.message_id = storable_text(error, 2000), subject, message_id

    def record_refusals(self, digest_id: int, replies: Mapping[str, str], *, now: dt.datetime) -> None:
        """Recipients the server refused for this digest, with its reply: new ones, or one more attempt."""
        if not replies:
            return
        with self._sessions() as session, session.begin():
            rows = {row.recipient: row for row in session.scalars(
                select(DigestRefusalRow).where(DigestRefusalRow.digest_id == digest_id,
                                               DigestRefusalRow.recipient.in_(list(replies))))}
            for recipient, reply in replies.items():
                row = rows.get(recipient)
                if row is None:
                    session.add(DigestRefusalRow(digest_id=digest_id, recipient=recipient,
                                                 reply=storable_text(reply, 2000), attempts=1, refused_at=now))
                else:
                    row.reply, row.refused_at = storable_text(reply, 2000), now
                    row.attempts = (row.attempts or 0) + 1
                    row.delivered_at = None

    def mark_recipients_delivered(self, digest_id: int, recipients: Iterable[str], *, now: dt.datetime) -> None:
        """A retry reached these recipients: their refusals are settled."""
        names = list(recipients)
        if not names:
            return
        with self._sessions() as session, session.begin():
            session.execute(update(DigestRefusalRow).where(DigestRefusalRow.digest_id == digest_id,
                                                           DigestRefusalRow.recipient.in_(names))
                            .values(delivered_at=now))

    def open_refusals(self) -> list[Refusal]:
        """Refused recipients not delivered since, by digest then recipient."""
        with self._sessions() as session:
            rows = session.scalars(select(DigestRefusalRow).where(DigestRefusalRow.delivered_at.is_(None))
                                   .order_by(DigestRefusalRow.digest_id, DigestRefusalRow.recipient))
            return [Refusal(r.digest_id, r.recipient, r.reply, r.attempts, r.refused_at) for r in rows]
