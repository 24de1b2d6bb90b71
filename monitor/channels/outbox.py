"""Deliver alerts to the configured channels through the channel outbox, at least once.

    deliver(config, store)  [one deliverer per database at a time: the "channels" lock]
        1. register the channels (a new one alerts only on findings first seen from then on)
        2. plan: for each ``immediate`` channel, its new findings at or above ``min_confidence`` and of
           its ``kinds``, one message per story; with ``digest=True`` one message for each ``digest``
           channel; for channels with ``health_alerts``, an outage reaching ``failing_runs`` and the end
           of an announced one. Each message and its delivery records are written BEFORE any attempt.
        3. send every due message (new ones, and failed ones whose backoff has passed), oldest first;
           marked sent only after the service took it. A failure waits ``retry_delay`` seconds, doubled
           after each further failure up to 15 minutes (30 s, 1, 2, 4, 8, 15, 15 min by default), and is
           given up after ``max_attempts`` with its reason kept for `monitor channels`.

Called at the end of every run (monitor.run.pipeline: run-once and each daemon source job alike), by the
daemon's channel job every ~30 s (retries between runs), and with ``digest=True`` by the digest job.
A channel's failure never stops another channel or the run, and recording a failure never raises.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from monitor.channels.config import ChannelConfig
from monitor.channels.messages import (
    ChannelMessage,
    digest_message,
    health_down_message,
    health_item,
    health_up_message,
    outage_stamp,
    story_groups,
    story_message,
)
from monitor.config import MonitorConfig
from monitor.errors import ChannelError, MonitorError
from monitor.run.locking import LockBusy, exclusive
from storage import SourceState, Store
from storage.channels import StoredMessage

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
CHANNEL_SEND = "channels"  # the lock: one deliverer per database, so a message is never sent twice at once
LOCK_WAIT = 20.0  # seconds; a deliverer still busy after that sends what this one would have
MAX_RETRY_DELAY = 900.0  # seconds: retries stay within minutes


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class Attempt:
    """One attempt to send one message: ``error`` is None when the channel took it."""

    channel: str
    key: str
    attempts: int
    error: str | None = None
    retry_at: dt.datetime | None = None  # when a failed one is tried again; None and an error: given up


@dataclass(frozen=True, slots=True)
class ChannelReport:
    planned: int = 0  # messages written to the outbox by this call
    attempts: tuple[Attempt, ...] = ()
    busy: bool = False  # another process was delivering; it (or the next call) sends what is due

    @property
    def sent(self) -> tuple[Attempt, ...]:
        return tuple(a for a in self.attempts if a.error is None)

    @property
    def failed(self) -> tuple[Attempt, ...]:
        return tuple(a for a in self.attempts if a.error is not None)


def retry_delay(channel: ChannelConfig, attempts: int) -> float:
    """Seconds to wait after ``attempts`` failed attempts: ``retry_delay`` doubled per further failure, capped."""
    exponent = min(max(attempts - 1, 0), 30)
    return min(channel.retry_delay * 2 ** exponent, max(MAX_RETRY_DELAY, channel.retry_delay))


def deliver(config: MonitorConfig, store: Store, *, clock: Clock = utcnow, run_started: dt.datetime | None = None,
            digest: bool = False) -> ChannelReport:
    """Plan and send as described above. ``run_started``: the run whose findings this delivers (a channel
    first seen now takes it as its start, so the run's own findings alert). Nothing is done, nothing
    imported, without channels."""
    if not config.channels:
        return ChannelReport()
    try:
        with exclusive(store.engine, CHANNEL_SEND, wait=LOCK_WAIT):
            return _deliver(config, store, clock, run_started, digest)
    except LockBusy as exc:
        logger.info("channels busy: %s", exc, extra={"job": "channels", "status": "busy"})
        return ChannelReport(busy=True)


def _deliver(config: MonitorConfig, store: Store, clock: Clock, run_started: dt.datetime | None,
             digest: bool) -> ChannelReport:
    now = clock()
    since = store.register_channels([c.name for c in config.channels], now=min(run_started or now, now))
    planned = 0
    configured = {s.name for s in config.sources}
    states = [s for s in store.source_states() if s.name in configured] if any(
        c.health_alerts for c in config.channels) else []
    for channel in config.channels:
        try:
            if channel.when == "immediate":
                planned += plan_findings(store, channel, since=since[channel.name], now=now)
            elif digest:
                planned += plan_digest(config, store, channel, since=since[channel.name], now=now)
            if channel.health_alerts:
                planned += plan_health(store, channel, states, now=now)
        except MonitorError as exc:  # this channel's plan is retried by the next call; the others go on
            logger.error("channel messages not planned: %s", exc, extra={"channel": channel.name, "status": "error"})
    return ChannelReport(planned=planned, attempts=tuple(send_due(config.channels, store, clock=clock)))


def _save(store: Store, messages: Sequence[ChannelMessage], now: dt.datetime) -> int:
    saved = 0
    for message in messages:
        if store.save_message(message, now=now) is not None:
            saved += 1
        else:
            logger.info("channel message already planned", extra={"channel": message.channel, "key": message.key})
    return saved


def plan_findings(store: Store, channel: ChannelConfig, *, since: dt.datetime, now: dt.datetime) -> int:
    """The channel's new findings, one message per story, written to the outbox; how many messages."""
    ids = store.undelivered_finding_ids(channel.name, since=since, min_confidence=channel.min_confidence,
                                        kinds=channel.kinds)
    if not ids:
        return 0
    views = store.list_findings(status="all", ids=ids)
    return _save(store, [story_message(channel.name, group) for group in story_groups(views)], now)


def plan_digest(config: MonitorConfig, store: Store, channel: ChannelConfig, *, since: dt.datetime,
                now: dt.datetime) -> int:
    """A ``digest`` channel's findings since its last digest, as one message."""
    from monitor.delivery.outbox import local_day

    ids = store.undelivered_finding_ids(channel.name, since=since, min_confidence=channel.min_confidence,
                                        kinds=channel.kinds)
    if not ids:
        return 0
    views = store.list_findings(status="all", ids=ids)
    return _save(store, [digest_message(channel.name, views, day=local_day(config, now))], now)


def plan_health(store: Store, channel: ChannelConfig, states: Sequence[SourceState], *, now: dt.datetime) -> int:
    """Announce each outage reaching ``failing_runs`` once, and the end of each announced one once.

    The announcements are delivery records (``health:<source>:down|up:<outage start>``), so a restart
    finds them and does not repeat them."""
    announced = store.channel_items(channel.name, prefix="health:")
    by_name = {s.name: s for s in states}
    messages: list[ChannelMessage] = []
    for state in states:
        if state.failing_since is not None and state.consecutive_failures >= channel.failing_runs:
            if health_item(state.name, "down", outage_stamp(state.failing_since)) not in announced:
                messages.append(health_down_message(channel.name, state))
    for item in sorted(announced):
        _, source, kind, stamp = item.split(":", 3)
        if kind != "down" or health_item(source, "up", stamp) in announced or source not in by_name:
            continue
        state = by_name[source]
        if state.failing_since is None or outage_stamp(state.failing_since) != stamp:  # that outage is over
            messages.append(health_up_message(channel.name, source, stamp, state))
    return _save(store, messages, now)


def send_due(channels: Sequence[ChannelConfig], store: Store, *, clock: Clock = utcnow) -> list[Attempt]:
    """Send every due message of these channels; a channel that fails is not tried again in this pass."""
    by_name: Mapping[str, ChannelConfig] = {c.name: c for c in channels}
    attempts: list[Attempt] = []
    down: set[str] = set()
    for message in store.due_messages(list(by_name), now=clock()):
        if message.channel in down:
            continue
        channel = by_name[message.channel]
        attempt = _send_one(store, channel, message, clock)
        if attempt is None:  # the database is gone: what is unmarked is sent again later
            break
        attempts.append(attempt)
        if attempt.error is not None:
            down.add(channel.name)
    return attempts


def _send_one(store: Store, channel: ChannelConfig, message: StoredMessage, clock: Clock) -> Attempt | None:
    from monitor.channels.send import send

    n = message.attempts + 1
    try:
        send(channel.url, ChannelMessage(channel=message.channel, key=message.key, kind=message.kind,
                                         title=message.title, body=message.body, items=(), warning=message.warning))
    except ChannelError as exc:
        return record_failure(store, channel, message, str(exc), now=clock())
    try:
        store.mark_message_sent(message.id, now=clock())
    except MonitorError as exc:
        logger.error("channel message sent but not marked; it is sent again later with the same key: %s", exc,
                     extra={"channel": channel.name, "key": message.key, "status": "unmarked"})
        return None
    logger.info("channel message sent", extra={"channel": channel.name, "key": message.key, "status": "sent",
                                               "attempt": n})
    return Attempt(channel.name, message.key, n)


def record_failure(store: Store, channel: ChannelConfig, message: StoredMessage, error: str, *,
                   now: dt.datetime) -> Attempt:
    """The failed attempt, its reason and the next one (or giving up) in the outbox; never raises."""
    n = message.attempts + 1
    retry_at = None if n >= channel.max_attempts else now + dt.timedelta(seconds=retry_delay(channel, n))
    reason = error if retry_at is not None else f"gave up after {n} attempts: {error}"
    try:
        store.mark_message_failed(message.id, now=now, error=reason, retry_at=retry_at)
    except Exception as exc:  # noqa: BLE001 - recording a failure must not fail
        logger.error("channel failure not recorded (%s); the message stays due", exc.__class__.__name__,
                     extra={"channel": channel.name, "key": message.key})
    logger.warning("channel message not sent: %s", reason,
                   extra={"channel": channel.name, "key": message.key, "attempt": n,
                          "status": "retry" if retry_at is not None else "gave_up"})
    return Attempt(channel.name, message.key, n, reason, retry_at)


def deliver_after_run(config: MonitorConfig, store: Store, *, clock: Clock = utcnow,
                      run_started: dt.datetime | None = None) -> ChannelReport:
    """:func:`deliver` at the end of a run: whatever goes wrong is logged, never fatal to the run."""
    try:
        return deliver(config, store, clock=clock, run_started=run_started)
    except MonitorError as exc:
        logger.error("channels not delivered after the run: %s", exc, extra={"job": "channels", "status": "error"})
    except Exception:  # noqa: BLE001 - alerting must not turn a good run into a failed one
        logger.exception("channels not delivered after the run", extra={"job": "channels", "status": "error"})
    return ChannelReport()
