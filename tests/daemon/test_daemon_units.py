"""The daemon in-process: the lock, the daily trigger, the job options, the heartbeat."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.run.daemon import Daemon, Timing, daemon_status
from monitor.run.locking import DaemonAlreadyRunning, DaemonLock
from storage import Store
from storage.runtime import Heartbeat
from tests.support.smtp import closed_port
from tests.outbox.support import config_for, news_feed
from tests.support.httpserver import Response, TestServer


@pytest.fixture
def config_path(tmp_path: Path, db_url: str) -> Path:
    return config_for(tmp_path, db_url, [news_feed("hourly", "http://127.0.0.1:9/a.xml", interval="1h"),
                                         news_feed("daily", "http://127.0.0.1:9/b.xml", interval="1d"),
                                         news_feed("off", "http://127.0.0.1:9/c.xml", enabled=False)],
                      smtp_port=closed_port(), send_at="08:00", timezone="Asia/Shanghai")


def test_one_lock_per_database_released_on_exit(config_path: Path) -> None:
    url = load_config(config_path).database_url
    first, second = Store.open(url), Store.open(url)
    try:
        with DaemonLock(first.engine):
            with pytest.raises(DaemonAlreadyRunning, match="already running on this database"):
                DaemonLock(second.engine).acquire()
        with DaemonLock(second.engine):  # the first released it
            pass
    finally:
        first.close()
        second.close()


def test_jobs_digest_time_and_heartbeat(config_path: Path) -> None:
    config = load_config(config_path)
    store = Store.open(config.database_url)
    clock_now = dt.datetime(2024, 1, 29, 1, 0, tzinfo=dt.timezone.utc)  # 09:00 in Shanghai: today's digest is past
    daemon = Daemon(config, store, timing=Timing(heartbeat_every=3600), clock=lambda: clock_now)
    try:
        trigger = daemon.digest_trigger()
        assert trigger.get_next_fire_time(None, clock_now) == dt.datetime(2024, 1, 30, 0, 0, tzinfo=dt.timezone.utc)
        daemon.start()
        jobs = {job.id: job for job in daemon.jobs()}
        assert set(jobs) == {"source:hourly", "source:daily", "digest", "heartbeat"}
        assert jobs["source:hourly"].trigger.interval == dt.timedelta(hours=1)
        assert jobs["source:daily"].trigger.interval == dt.timedelta(days=1)
        assert jobs["source:hourly"].trigger.jitter == 300  # 10% of the interval, at most 5 minutes
        assert all(job.coalesce and job.max_instances == 1 for job in jobs.values())
        # a source run late in the queue still runs (once); the digest and heartbeat have a grace period
        assert jobs["source:hourly"].misfire_grace_time is None and jobs["source:daily"].misfire_grace_time is None
        assert jobs["digest"].misfire_grace_time and jobs["heartbeat"].misfire_grace_time
        beat = store.heartbeat()
        assert beat is not None and beat.heartbeat_at == clock_now and beat.holder == daemon.holder
        assert daemon_status(beat, clock_now + dt.timedelta(seconds=12)).endswith("last heartbeat 12 s ago")
    finally:
        daemon.stop()
    assert store.heartbeat() is None
    store.close()


def test_status_line_for_a_stale_heartbeat() -> None:
    now = dt.datetime(2024, 1, 29, tzinfo=dt.timezone.utc)
    beat = Heartbeat("daemon", "host:42", now - dt.timedelta(hours=1), now - dt.timedelta(minutes=10))
    assert daemon_status(beat, now).startswith("no daemon (last heartbeat 600 s ago from host:42")
    assert daemon_status(None, now) == "no daemon"


def test_a_failing_source_waits_out_its_backoff(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/down.xml", Response(503))
    path = config_for(tmp_path, db_url, [news_feed("down", server.url("/down.xml"), interval="1m")],
                      smtp_port=closed_port(), fetch={"retries": 0})
    config = load_config(path)
    store = Store.open(config.database_url)
    daemon = Daemon(config, store)
    try:
        daemon.source_job("down")  # fails: next_due_at moves out by the backoff
        state = store.source_state("down")
        assert server.count("/down.xml") == 1 and state is not None and state.consecutive_failures == 1
        daemon.source_job("down")  # the scheduler fired again, but the backoff has not passed
        assert server.count("/down.xml") == 1
    finally:
        store.close()
