"""Database faults: SQLite locked by another writer, PostgreSQL connections dropped under a long-lived store.

SQLite: a writer elsewhere holds BEGIN IMMEDIATE. Held for less than the busy timeout (15 s), run-once
waits and succeeds; held for longer, it fails with "database error ... database is locked" and exit
status 1, whether the lock was there at start or taken in the middle of the run; the next run succeeds.
The busy timeout is a module constant read when an engine is made; the in-process tests lower it with
monkeypatch so they wait half a second, not fifteen.

PostgreSQL: restarting the shared server would break every other test (and every colleague's run)
using it at that moment, so the tests drop the monitor's own server connections with
``pg_terminate_backend``, selected by an ``application_name`` unique to the test. To the client that
is exactly what a restart looks like (the socket dies; the server answers again at once), and it
exercises the same path: SQLAlchemy's pre-ping finds the dead pooled connection and reconnects.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator

import psycopg
import pytest
from click.testing import CliRunner

import storage.engine
from monitor.cli import cli
from monitor.config import load_config
from monitor.errors import StorageError
from monitor.run.pipeline import run_once
from storage import Store
from tests.conftest import POSTGRES_URL
from tests.daemon.process import DaemonProcess
from tests.reliability.support import check_invariants, clean_env, monitor
from tests.support.configs import feed, write_config
from tests.support.feedgen import entry_url, rss_feed
from tests.support.httpserver import Response, TestServer

XML = "application/rss+xml"
HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")
print("released", flush=True)
"""


def feeds(server: TestServer, n: int = 2) -> list[dict[str, object]]:
    for f in range(n):
        server.route(f"/f{f}", Response(body=rss_feed(f, 5), content_type=XML))
    return [feed(f"f{f}", server.url(f"/f{f}")) for f in range(n)]


def expected(n: int = 2) -> list[str]:
    return [entry_url(f, e) for f in range(n) for e in range(5)]


def test_sqlite_lock_held_shorter_than_the_busy_timeout_makes_run_once_wait_then_succeed(
        server: TestServer, tmp_path: Path) -> None:
    db = tmp_path / "monitor.db"
    url = f"sqlite:///{db}"
    Store.open(url).close()
    config = write_config(tmp_path, url, feeds(server))
    hold = 3.0
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(hold)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        locked_at = time.monotonic()
        result = monitor("run-once", "--config", str(config))
        finished = time.monotonic()
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.wait(timeout=30)
        if holder.stdout:
            holder.stdout.close()
    assert result.returncode == 0, result.stderr
    assert finished - locked_at >= hold, "run-once did not wait for the other writer"
    check_invariants(url, expect_urls=expected(), settled=True)


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage.engine, "SQLITE_BUSY_TIMEOUT_MS", 500)


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A second connection, the "other writer"; a test calls .execute('BEGIN IMMEDIATE') to hold the lock."""
    connection = sqlite3.connect(tmp_path / "monitor.db", isolation_level=None)
    yield connection
    if connection.in_transaction:
        connection.execute("ROLLBACK")
    connection.close()


def test_sqlite_lock_held_at_start_fails_clearly_with_exit_1_and_the_next_run_succeeds(
        server: TestServer, tmp_path: Path, short_busy_timeout: None, locked: sqlite3.Connection) -> None:
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    Store.open(url).close()
    config = write_config(tmp_path, url, feeds(server))
    locked.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["run-once", "--config", str(config)])
    assert time.monotonic() - started >= 0.5  # it waited the busy timeout first
    assert result.exit_code == 1, result.output
    assert "monitor: database error" in result.stderr and "database is locked" in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    locked.execute("ROLLBACK")
    again = CliRunner().invoke(cli, ["run-once", "--config", str(config)])
    assert again.exit_code == 0, again.output
    check_invariants(url, expect_urls=expected(), settled=True)


def test_sqlite_lock_taken_in_the_middle_of_a_run_is_a_storage_error_not_a_raw_driver_error(
        server: TestServer, tmp_path: Path, short_busy_timeout: None, locked: sqlite3.Connection) -> None:
    # Defect found here: store writes after start-up let sqlite3's OperationalError escape untranslated
    # (a traceback from run-once; a daemon job ending outside its own error handling).
    url = f"sqlite:///{tmp_path / 'monitor.db'}"
    config = load_config(write_config(tmp_path, url, feeds(server)))
    store = Store.open(url)
    try:
        with pytest.raises(StorageError, match="database is locked") as caught:
            run_once(config, store, on_start=lambda _n: locked.execute("BEGIN IMMEDIATE"))
        assert str(url) in str(caught.value)
        locked.execute("ROLLBACK")
        report = run_once(config, store, names=["f0", "f1"])
        assert report.exit_status == 0
    finally:
        store.close()
    check_invariants(url, expect_urls=expected(), settled=True)


# -- PostgreSQL ---------------------------------------------------------------------------------


def tagged(postgres_url: str) -> tuple[str, str]:
    name = f"monitor-rel-{uuid.uuid4().hex[:10]}"
    return f"{postgres_url}&application_name={name}", name


def drop_connections(application_name: str) -> int:
    with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), autocommit=True) as admin:
        rows = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
                             (application_name,)).fetchall()
    return len(rows)


def test_postgres_connections_dropped_between_two_runs_of_one_store(server: TestServer, tmp_path: Path,
                                                                    postgres_url: str) -> None:
    url, name = tagged(postgres_url)
    config = load_config(write_config(tmp_path, url, feeds(server, 1)))
    store = Store.open(url)
    try:
        assert run_once(config, store).exit_status == 0
        assert drop_connections(name) >= 1, "the store kept no connection: the test would prove nothing"
        server.route("/f1", Response(body=rss_feed(1, 5), content_type=XML))
        config = load_config(write_config(tmp_path, url, [*feeds(server, 2)]))
        assert run_once(config, store, names=["f1"]).exit_status == 0
    finally:
        store.close()
    check_invariants(url, expect_urls=expected(), settled=True)


def test_daemon_on_postgres_reconnects_after_its_connections_are_dropped_and_goes_on(
        server: TestServer, tmp_path: Path, postgres_url: str) -> None:
    url, name = tagged(postgres_url)
    server.route("/f0", Response(body=rss_feed(0, 5), content_type=XML))
    config = write_config(tmp_path, url, [feed("f0", server.url("/f0"), interval="1m")])
    daemon = DaemonProcess(config, url, "--time-scale", "0.02", "--heartbeat-every", "0.3")
    try:
        daemon.wait_for(lambda line: "source job done" in line and "status=ok" in line)
        assert drop_connections(name) >= 1
        dropped_at = len(daemon.lines)
        server.route("/f0", Response(body=rss_feed(0, 5) .replace(b"story 4<", b"story 4 (updated)<"), content_type=XML))
        daemon.wait_for(lambda line: "source job done" in line and "status=ok" in line and len(daemon.lines) > dropped_at)
        daemon.wait_for(lambda line: "source job done" in line and "status=ok" in line)
        daemon.proc.send_signal(signal.SIGTERM)
        status, log = daemon.finish(timeout=15)
    finally:
        daemon.kill()
    assert status == 0, log
    assert "Traceback" not in log, log
    check_invariants(url, expect_urls=[entry_url(0, e) for e in range(5)], settled=True)
    store = Store.open(url)
    try:
        assert any("(updated)" in d.title for d in store.list_documents())  # a run after the drop stored its change
    finally:
        store.close()
