"""`monitor daemon`: every source on its own interval, the digest once a day, a heartbeat.

    lock (one daemon per database) -> heartbeat row -> APScheduler (background threads):
        source job, one per enabled source:  runner.run_once(store, names=[name])     every interval +- jitter
        digest job:                          send_digests(config, store)             daily at send_at, timezone
        heartbeat job:                       store.beat(...)                         every few seconds
        channels job (with [[channel]]s):    deliver(config, store)                  every ~30 s: retries due
                                             alerts between runs (each run ends by delivering its own)
    stop (SIGTERM/SIGINT) -> scheduler.shutdown(wait=True) -> clear heartbeat -> release lock

The source job is the very function `run-once` calls, through the daemon's one Runner (monitor/run):
per-host request slots and the article throttle hold over every job at once, and the rules and dataset
are read once and again only after their files change. So the daemon adds scheduling only. Every
write inside it is a short transaction with unique keys, so `run-once` beside the daemon is safe
and stopping after the running job leaves nothing half-written. Missed runs (a suspended laptop)
are coalesced into one, and a job never runs twice at once.

Timing is injectable (:class:`Timing`) so tests can run the same scheduler with source intervals
scaled to seconds and the digest on a short interval instead of its daily time.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
import threading
from dataclasses import dataclass
from typing import Callable
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor.config import MonitorConfig, SourceConfig
from monitor.delivery.outbox import send_digests
from monitor.errors import MonitorError
from monitor.run import Runner
from monitor.run.locking import DaemonAlreadyRunning, DaemonLock
from monitor.run.pipeline import Clock, utcnow
from monitor.run.schedule import backing_off, is_due
from storage import SourceState, Store
from storage.runtime import Heartbeat

logger = logging.getLogger(__name__)

DIGEST_MISFIRE_GRACE = 6 * 3600  # a machine that slept through send_at still mails the same morning


@dataclass(frozen=True, slots=True)
class Timing:
    """How the daemon keeps time. The defaults are production; tests shrink them."""

    time_scale: float = 1.0  # source intervals are multiplied by this (0.02: "1m" runs every 1.2 s)
    heartbeat_every: float = 30.0  # seconds between heartbeats
    digest_every: float | None = None  # seconds; None: daily at digest.send_at in digest.timezone
    jitter: float = 0.1  # fraction of a source's interval, at most MAX_JITTER seconds
    max_jitter: float = 300.0
    max_workers: int = 2  # source jobs running at once
    channels_every: float = 30.0  # seconds between retries of due channel messages (monitor/channels)

    def source_seconds(self, source: SourceConfig) -> float:
        return max(source.interval.total_seconds() * self.time_scale, 0.5)

    def jitter_seconds(self, source: SourceConfig) -> float:
        return min(self.source_seconds(source) * self.jitter, self.max_jitter * self.time_scale)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Daemon:
    def __init__(self, config: MonitorConfig, store: Store, *, timing: Timing = Timing(), clock: Clock = utcnow) -> None:
        self.config, self.store, self.timing, self.clock = config, store, timing, clock
        self.holder = holder_name()
        self.started_at = clock()
        # One Runner for every job: per-host slots and the article throttle over all jobs at once, and the
        # rules and dataset read once (again only when their files change), not per job.
        self.runner = Runner(config)
        self._lock = DaemonLock(store.engine)
        self._lock_lost = threading.Event()
        self._stopping = threading.Event()
        self._scheduler = BackgroundScheduler(
            timezone=dt.timezone.utc,
            executors={"default": ThreadPoolExecutor(timing.max_workers), "digest": ThreadPoolExecutor(1),
                       "heartbeat": ThreadPoolExecutor(1), "channels": ThreadPoolExecutor(1)},
            job_defaults={"coalesce": True, "max_instances": 1},
        )

    # -- jobs ------------------------------------------------------------------------------------

    def source_job(self, name: str) -> None:
        if self._stopping.is_set():
            return  # queued before the stop: the pool runs what it holds, so each returns at once
        source = self.config.source(name)
        try:
            state = self.store.source_state(name)
            now = self.clock()
            # A failing source waits out its backoff (record_failure set next_due_at); a healthy one
            # runs on the scheduler's interval, which is the source's interval.
            if backing_off(state, now):
                logger.info("source backing off", extra={"source": name, "url": source.url, "status": "backoff"})
                return
            report = self.runner.run_once(self.store, names=[name], clock=self.clock)
        except MonitorError as exc:
            logger.error("source job failed: %s", exc, extra={"source": name, "url": source.url, "status": "error"})
            return
        for outcome in report.outcomes:
            logger.info("source job done", extra={"source": outcome.source, "url": source.url, "status": outcome.status,
                                                  "n_new": outcome.new, "error": outcome.error})

    def digest_job(self) -> None:
        self._digest_channels()  # first: the e-mail's failure must not hold back the other channels
        try:
            report = send_digests(self.config, self.store, now=self.clock())
        except MonitorError as exc:
            logger.error("digest job failed: %s", exc, extra={"job": "digest", "status": "error"})
            return
        logger.info("digest job done", extra={"job": "digest", "status": "failed" if report.error else "ok",
                                              "n_new": sum(s.n_findings for s in report.sent), "error": report.error})

    def channels_job(self) -> None:
        """Retry due channel messages (and send any left unsent by a run) between runs."""
        from monitor.channels.outbox import deliver

        try:
            report = deliver(self.config, self.store, clock=self.clock, run_started=self.started_at)
        except MonitorError as exc:
            logger.error("channels job failed: %s", exc, extra={"job": "channels", "status": "error"})
            return
        if report.attempts:
            logger.info("channels job done", extra={"job": "channels", "status": "failed" if report.failed else "ok",
                                                    "n_new": len(report.sent)})

    def _digest_channels(self) -> None:
        if any(c.when == "digest" for c in self.config.channels):
            from monitor.channels.outbox import deliver

            try:
                deliver(self.config, self.store, clock=self.clock, run_started=self.started_at, digest=True)
            except MonitorError as exc:
                logger.error("digest channels failed: %s", exc, extra={"job": "digest", "status": "error"})

    def heartbeat_job(self) -> None:
        try:
            self._lock.verify()
        except DaemonAlreadyRunning as exc:
            logger.error("stopping: %s", exc, extra={"job": "heartbeat", "holder": self.holder})
            self._lock_lost.set()
            return
        except MonitorError as exc:  # the database is down: keep beating, the lock is retaken when it is back
            logger.warning("daemon lock not verified: %s", exc, extra={"job": "heartbeat", "holder": self.holder})
        try:
            self.store.beat(holder=self.holder, started_at=self.started_at, now=self.clock())
        except MonitorError as exc:
            logger.warning("heartbeat not written: %s", exc, extra={"job": "heartbeat", "holder": self.holder})
        except Exception as exc:  # noqa: BLE001 - a database hiccup must not end the heartbeat job
            logger.warning("heartbeat not written: %s: %s", exc.__class__.__name__, str(exc).splitlines()[0][:200],
                           extra={"job": "heartbeat", "holder": self.holder})

    # -- life cycle ------------------------------------------------------------------------------

    def digest_trigger(self) -> BaseTrigger:
        if self.timing.digest_every is not None:
            return IntervalTrigger(seconds=self.timing.digest_every, timezone=dt.timezone.utc)
        d = self.config.digest
        return CronTrigger(hour=d.send_at.hour, minute=d.send_at.minute, timezone=ZoneInfo(d.timezone))

    def _first_run(self, source: SourceConfig, state: SourceState | None, now: dt.datetime) -> dt.datetime:
        """Due sources start soon (spread over the jitter); others when due, but within one interval."""
        soon = now + dt.timedelta(seconds=random.uniform(0, min(self.timing.jitter_seconds(source), 5.0)))
        if is_due(state, now):
            return soon
        return min(state.next_due_at, now + dt.timedelta(seconds=self.timing.source_seconds(source)))

    def start(self) -> None:
        """Take the lock (or raise DaemonAlreadyRunning), write the first heartbeat, start the jobs."""
        self._lock.acquire()
        try:
            states = {s.name: s for s in self.store.sync_sources(self.config.sources)}
            self.heartbeat_job()
            # The scheduler keeps real time whatever clock the jobs record with.
            now = utcnow()
            for source in self.config.sources:
                if not source.enabled:
                    continue
                seconds = self.timing.source_seconds(source)
                self._scheduler.add_job(
                    self.source_job, IntervalTrigger(seconds=seconds, jitter=self.timing.jitter_seconds(source) or None),
                    args=[source.name], id=f"source:{source.name}", name=f"source {source.name}",
                    # A run that waits in the queue runs late rather than not at all: with a thousand sources
                    # and two threads, runs later than one interval were dropped and the sources at the back
                    # of the queue never fetched (bench_feedfarm --daemon); coalesce keeps it to one run.
                    next_run_time=self._first_run(source, states.get(source.name), now), misfire_grace_time=None)
            self._scheduler.add_job(self.digest_job, self.digest_trigger(), id="digest", name="digest",
                                    executor="digest", misfire_grace_time=DIGEST_MISFIRE_GRACE)
            if self.config.channels:
                self._scheduler.add_job(self.channels_job, IntervalTrigger(seconds=self.timing.channels_every),
                                        id="channels", name="channels", executor="channels", next_run_time=now,
                                        misfire_grace_time=max(int(self.timing.channels_every), 1))
            self._scheduler.add_job(self.heartbeat_job, IntervalTrigger(seconds=self.timing.heartbeat_every),
                                    id="heartbeat", name="heartbeat", executor="heartbeat",
                                    misfire_grace_time=max(int(self.timing.heartbeat_every), 1))
            self._scheduler.start()
        except BaseException:
            self._lock.release()
            raise
        logger.info("daemon started with %d sources", sum(s.enabled for s in self.config.sources),
                    extra={"holder": self.holder})

    def jobs(self) -> list[Job]:
        return list(self._scheduler.get_jobs())

    def stop(self) -> None:
        """Let running jobs finish (each is short transactions), then clear the heartbeat and unlock. Jobs still
        queued do nothing (a stop waited for 44 queued source runs, 69 s, in bench_feedfarm --daemon)."""
        self._stopping.set()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        try:
            self.store.clear_heartbeat(holder=self.holder)
        except MonitorError as exc:
            logger.warning("heartbeat not cleared: %s", exc)
        finally:
            self._lock.release()
        logger.info("daemon stopped", extra={"holder": self.holder})

    def run_until(self, stop: threading.Event, on_started: Callable[[], None] | None = None) -> None:
        self.start()
        try:
            if on_started:
                on_started()
            while not stop.wait(0.5):
                if self._lock_lost.is_set():
                    raise DaemonAlreadyRunning("another daemon took this database while our connection was lost; "
                                               "this one stops")
        finally:
            self.stop()


STALE_AFTER = dt.timedelta(seconds=120)  # four missed default heartbeats


def daemon_status(heartbeat: Heartbeat | None, now: dt.datetime | None = None) -> str:
    """One line for `monitor sources`: is a daemon alive on this database?"""
    if heartbeat is None:
        return "no daemon"
    age = int(((now or utcnow()) - heartbeat.heartbeat_at).total_seconds())
    if age > STALE_AFTER.total_seconds():
        return f"no daemon (last heartbeat {age} s ago from {heartbeat.holder}: stopped without a clean exit?)"
    return f"daemon alive ({heartbeat.holder}), last heartbeat {max(age, 0)} s ago"
