"""The digest job: pending findings -> outbox -> SMTP, delivered at least once and never lost.

    send_digests:  0. recipients refused earlier, each sent the digest they missed (same message)
                   1. every pending digest, oldest first, rebuilt from its stored items and sent
                   2. a new digest for the findings in no digest yet, written BEFORE sending, then sent
    a digest is marked sent only after the SMTP server accepted it; a failure leaves it pending.
    A server that accepts a digest but refuses some recipients (550 for one address of three) has
    sent it: those recipients are recorded, retried alone by later sends (up to
    ``RECIPIENT_ATTEMPTS``), shown by `monitor sources`, and the send exits 1.

A pending digest is sent as it was written (same items, same id, hence the same Message-ID and
Date), and the findings that arrived meanwhile go into the next one: so a digest never changes
once written and every finding sits in exactly one digest (``digest_items.finding_id`` is unique).
When the process dies after the server accepted and before the mark, the next run sends the same
message again with the same Message-ID: at-least-once delivery, never lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal, Sequence
from zoneinfo import ZoneInfo

from monitor.config import MonitorConfig, smtp_password
from monitor.digest import Digest, DigestItem, SmtpSettings, SourceHealth, TotalPoint, build_digest, build_message
from monitor.digest import render_html, render_text, send_message
from monitor.errors import ConfigError, DeliveryError
from monitor.run.locking import DIGEST_SEND, exclusive
from storage import SourceState, Store
from storage.outbox import OutboxDigest, Refusal
from storage.queries import StoredFinding

logger = logging.getLogger(__name__)

PREVIEW_ID = 0  # digest id shown by a preview, which writes nothing


# Sends that reach the server for one refused recipient before the refusal is left to a person:
# a 550 "no such user" will not heal by itself, but a full mailbox or a greylisting server may.
RECIPIENT_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class SentDigest:
    digest_id: int
    message_id: str
    subject: str
    n_findings: int
    refused: tuple[tuple[str, str], ...] = ()  # (recipient, server reply) refused while others got it


@dataclass(frozen=True, slots=True)
class RecipientRetry:
    """One earlier-refused recipient sent its digest again, and how that went."""

    digest_id: int
    recipient: str
    reply: str | None  # None: delivered now; else the server's reply, refused again
    attempts: int


@dataclass(frozen=True, slots=True)
class OutboxReport:
    sent: tuple[SentDigest, ...] = ()
    error: str | None = None  # the delivery error that stopped the run; what is unsent stays pending
    skipped_empty: bool = False
    retried: tuple[RecipientRetry, ...] = ()

    @property
    def refusals(self) -> list[str]:
        """Every recipient refused in this run, as a line for a person."""
        lines = [f"digest {d.digest_id}: {recipient} refused ({reply}); retried at the next send"
                 for d in self.sent for recipient, reply in d.refused]
        lines += [f"digest {r.digest_id}: {r.recipient} refused again ({r.reply}), attempt {r.attempts} of "
                  f"{RECIPIENT_ATTEMPTS}" for r in self.retried if r.reply is not None]
        return lines

    @property
    def exit_status(self) -> int:
        """docs/contracts.md section 5: 1 when the digest could not be sent, else 0 (also when nothing was due)."""
        return 1 if self.error or self.refusals else 0


def refusal_lines(refusals: Sequence[Refusal]) -> list[str]:
    """What `monitor sources` shows of recipients who have not received a digest."""
    return [f"digest {r.digest_id}: {r.recipient} refused ({r.reply}), {r.attempts} attempt"
            f"{'s' if r.attempts != 1 else ''}, "
            + ("retried at the next send" if r.attempts < RECIPIENT_ATTEMPTS else "no more retries: check the address")
            for r in refusals]


def local_day(config: MonitorConfig, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(config.digest.timezone)).date()


def smtp_settings(config: MonitorConfig) -> SmtpSettings:
    d = config.digest
    return SmtpSettings(host=d.smtp_host, port=d.smtp_port, security=d.security, username=d.username, timeout=d.timeout)


def mail_domain(config: MonitorConfig) -> str:
    """The Message-ID domain: the sender's, so ids of different deployments never collide."""
    return config.digest.sender.rpartition("@")[2].strip(" >") or "localhost"


def _item(view: StoredFinding) -> DigestItem:
    # The story that carries most of the value's reports (storage/agreement.py), else the first clustered
    # evidence (the store orders evidence by publication).
    story = view.story if view.story is not None else next(
        (e.cluster for e in view.evidence if e.cluster is not None), None)
    return DigestItem(finding_id=view.id, finding=view.finding, evidence=view.evidence, story_cluster=story,
                      sources=view.sources, confidence=view.confidence, disputed=view.disputed)


def _health(states: Sequence[SourceState]) -> list[SourceHealth]:
    return [SourceHealth(s.name, s.url, s.failing_since, s.consecutive_failures, s.last_error, s.last_success_at)
            for s in states]


def _totals(config: MonitorConfig, store: Store, items: Sequence[DigestItem]) -> list[TotalPoint]:
    """Dataset totals (as of the replay date, with accepted findings) plus totals reported in this digest."""
    from monitor.findings.known import diff_view, load_known

    points: list[TotalPoint] = []
    try:
        # The dataset as the diff sees it: the file as of the replay date plus accepted findings.
        dataset = diff_view(load_known(config.dataset, config.dataset_as_of), store.accepted_findings())
        points = [TotalPoint(t.as_of, t.count, t.registry, "dataset") for t in dataset.totals]
    except ConfigError as exc:
        # A broken dataset file must not hold back the mail; the chart is the only part that needs it.
        logger.warning("digest chart without dataset totals: %s", exc)
    for item in items:
        f = item.finding
        if f.kind == "new_total" and f.total is not None:
            dates = [e.published.date() for e in item.evidence if e.published is not None]
            as_of = f.date or (min(dates) if dates else None)
            if as_of is not None:
                points.append(TotalPoint(as_of, f.total, f.registry, "reported"))
    return points


def build(config: MonitorConfig, store: Store, finding_ids: Sequence[int], *, digest_id: int, day: dt.date,
          now: dt.datetime, withdrawn_ids: Sequence[int] = (), preview: bool = False) -> Digest:
    items = [_item(v) for v in store.list_findings(status="all", ids=list(finding_ids))] if finding_ids else []
    withdrawn = [_item(v) for v in store.list_findings(status="all", ids=list(withdrawn_ids))] if withdrawn_ids else []
    states = store.source_states()
    # From the stored kind, not the config: a list source since renamed or removed still read those lists.
    lists = [s.name for s in states if s.kind == "filings"]
    return build_digest(items, day=day, health=_health(states), totals=_totals(config, store, items),
                        digest_id=digest_id, now=now, withdrawn=withdrawn, preview=preview, list_sources=lists)


def message_for(config: MonitorConfig, store: Store, outbox: OutboxDigest) -> tuple[Digest, EmailMessage]:
    """The message of a stored digest; the same digest always gets the same Message-ID and Date."""
    digest = build(config, store, outbox.finding_ids, digest_id=outbox.id, day=outbox.day, now=outbox.created_at,
                   withdrawn_ids=outbox.withdrawn_ids)
    return digest, build_message(digest, config.digest.sender, config.digest.recipients, domain=mail_domain(config))


def preview(config: MonitorConfig, store: Store, *, now: dt.datetime, fmt: Literal["text", "html"]) -> str:
    """What the next send would mail, rendered as one digest; writes nothing."""
    pending = store.pending_digests()
    ids = [i for d in pending for i in d.finding_ids] + store.unassigned_finding_ids()
    withdrawn = [i for d in pending for i in d.withdrawn_ids] + store.withdrawn_unreported_ids()
    digest = build(config, store, ids, digest_id=PREVIEW_ID, day=local_day(config, now), now=now,
                   withdrawn_ids=withdrawn, preview=True)
    return render_html(digest) if fmt == "html" else render_text(digest)


def _deliver(config: MonitorConfig, store: Store, outbox: OutboxDigest, now: dt.datetime,
             password: str | None) -> SentDigest:
    digest, msg = message_for(config, store, outbox)
    message_id = str(msg["Message-ID"])
    try:
        refused = send_message(msg, smtp_settings(config), password=password)
    except DeliveryError as exc:
        store.mark_digest_failed(outbox.id, error=str(exc), subject=digest.subject, message_id=message_id)
        logger.warning("digest not sent, stays pending: %s", exc,
                       extra={"digest": outbox.id, "status": "pending", "n_new": len(outbox.finding_ids)})
        raise
    store.mark_digest_sent(outbox.id, now=now, subject=digest.subject, message_id=message_id)
    # After the mark: a crash in between resends to everyone (at-least-once), never to no one.
    store.record_refusals(outbox.id, refused, now=now)
    logger.info("digest sent", extra={"digest": outbox.id, "status": "sent", "n_new": len(outbox.finding_ids),
                                      "message_id": message_id, "n_refused": len(refused)})
    return SentDigest(outbox.id, message_id, digest.subject, len(outbox.finding_ids), tuple(refused.items()))


def _retry_refused(config: MonitorConfig, store: Store, now: dt.datetime, password: str | None) -> list[RecipientRetry]:
    """Step 0: each recipient refused earlier gets the digest it missed, the same message, alone.

    A temporary failure of the whole send (server down) raises DeliveryError and stops the run like
    any other send; a permanent one (every retried recipient refused) counts as one more attempt."""
    due: dict[int, dict[str, Refusal]] = {}  # by digest (oldest first), then recipient
    for open_refusal in store.open_refusals():
        if open_refusal.attempts < RECIPIENT_ATTEMPTS:
            due.setdefault(open_refusal.digest_id, {})[open_refusal.recipient] = open_refusal
    retries: list[RecipientRetry] = []
    for digest_id, group in due.items():
        _, msg = message_for(config, store, store.digest(digest_id))
        try:
            replies = send_message(msg, smtp_settings(config), password=password, to=list(group))
        except DeliveryError as exc:
            if not exc.permanent:
                raise
            replies = {recipient: str(exc) for recipient in group}
        store.record_refusals(digest_id, replies, now=now)
        store.mark_recipients_delivered(digest_id, [r for r in group if r not in replies], now=now)
        retries += [RecipientRetry(digest_id, recipient, replies.get(recipient), refusal.attempts + 1)
                    for recipient, refusal in group.items()]
    return retries


def prepare_digest(config: MonitorConfig, store: Store, *, now: dt.datetime) -> OutboxDigest | None:
    """Step 2's write: the new digest in the outbox, before any attempt to send it."""
    day = local_day(config, now)
    allow_empty = config.digest.send_empty and store.sent_digest_count(day) == 0
    return store.create_digest(day=day, now=now, allow_empty=allow_empty)


def send_lock_wait(config: MonitorConfig) -> float:
    """How long a send waits for another one: long enough for a few digests at the SMTP timeout."""
    return max(60.0, 4 * config.digest.timeout)


def send_digests(config: MonitorConfig, store: Store, *, now: dt.datetime | None = None) -> OutboxReport:
    """Send what is pending, then what is new; stop at the first delivery failure.

    One send at a time per database (the daemon's digest job, `monitor digest send`, several hosts):
    two sends that overlapped both found the same pending digest and both mailed it. The second
    waits for the first and then finds it sent (LockBusy after ``send_lock_wait``)."""
    password = smtp_password()
    with exclusive(store.engine, DIGEST_SEND, wait=send_lock_wait(config)):
        return _send_digests(config, store, now or dt.datetime.now(dt.timezone.utc), password)


def _send_digests(config: MonitorConfig, store: Store, now: dt.datetime, password: str | None) -> OutboxReport:
    sent: list[SentDigest] = []
    retried: list[RecipientRetry] = []
    try:
        retried = _retry_refused(config, store, now, password)
        for outbox in store.pending_digests():
            sent.append(_deliver(config, store, outbox, now, password))
        fresh = prepare_digest(config, store, now=now)
        if fresh is not None:
            sent.append(_deliver(config, store, fresh, now, password))
    except DeliveryError as exc:
        return OutboxReport(sent=tuple(sent), error=str(exc), retried=tuple(retried))
    if not sent:
        logger.info("digest skipped: nothing new", extra={"status": "empty", "n_new": 0})
    return OutboxReport(sent=tuple(sent), skipped_empty=not sent, retried=tuple(retried))
