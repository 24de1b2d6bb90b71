"""A real PostgreSQL restart, between two runs of one store and during a daemon's life.

The server restarted is a private cluster this module starts itself (initdb and pg_ctl in a
temporary directory, on a free port: tests/support/pgcluster.py), never the server the developer or
CI runs; a check around every test holds that server's start time unchanged. Without the server
binaries the tests skip with the reason.
"""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Iterator

import psycopg
import pytest

from monitor.config import load_config
from monitor.run.pipeline import run_once
from storage import Store
from tests.conftest import POSTGRES_URL
from tests.daemon.process import DaemonProcess
from tests.reliability.support import check_invariants
from tests.support.configs import feed, write_config
from tests.support.feedgen import entry_url, rss_feed
from tests.support.httpserver import Response, TestServer
from tests.support.pgcluster import PrivateCluster, Unavailable, private_cluster

XML = "application/rss+xml"


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    try:
        with private_cluster() as running:
            yield running
    except Unavailable as exc:
        pytest.skip(f"no private PostgreSQL cluster: {exc}")


def _system_server_started() -> object | None:
    """When the shared server (MONITOR_TEST_POSTGRES_URL) started, or None when it is not running."""
    try:
        with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), connect_timeout=3) as conn:
            return conn.execute("SELECT pg_postmaster_start_time()").fetchone()[0]  # type: ignore[index]
    except psycopg.Error:
        return None


@pytest.fixture(autouse=True)
def shared_server_untouched() -> Iterator[None]:
    before = _system_server_started()
    yield
    assert _system_server_started() == before, "the shared PostgreSQL server was restarted by a test"


@pytest.fixture
def postgres_url(cluster: PrivateCluster) -> str:
    """The private cluster's own database (these tests are its only users)."""
    with psycopg.connect(cluster.url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return cluster.url


def test_restart_between_two_runs_of_one_store(server: TestServer, tmp_path: Path, postgres_url: str,
                                                cluster: PrivateCluster) -> None:
    server.route("/a", Response(body=rss_feed(0, 5), content_type=XML))
    server.route("/b", Response(body=rss_feed(1, 5), content_type=XML))
    config = load_config(write_config(tmp_path, postgres_url, [feed("a", server.url("/a")), feed("b", server.url("/b"))]))
    store = Store.open(postgres_url)
    try:
        assert run_once(config, store, names=["a"]).exit_status == 0
        cluster.restart()
        assert run_once(config, store, names=["b"]).exit_status == 0
    finally:
        store.close()
    check_invariants(postgres_url, expect_urls=[entry_url(f, e) for f in (0, 1) for e in range(5)], settled=True)


def test_daemon_survives_a_restart_and_keeps_its_lock(server: TestServer, tmp_path: Path, postgres_url: str,
                                                      cluster: PrivateCluster) -> None:
    server.route("/f0", Response(body=rss_feed(0, 5), content_type=XML))
    config = write_config(tmp_path, postgres_url, [feed("f0", server.url("/f0"), interval="1m")])
    daemon = DaemonProcess(config, postgres_url, "--time-scale", "0.02", "--heartbeat-every", "0.3")
    try:
        daemon.wait_for(lambda line: "source job done" in line and "status=ok" in line)
        cluster.restart()
        server.route("/f0", Response(body=rss_feed(0, 6), content_type=XML))  # news that only a job after the restart sees
        daemon.wait_for(lambda line: "daemon lock acquired again" in line)
        # Lines written during the restart may still be queued; the new entry proves a job ran after it.
        daemon.wait_for(lambda line: "source job done" in line and "status=ok" in line and "n_new=1" in line)
        daemon.proc.send_signal(signal.SIGTERM)
        status, log = daemon.finish(timeout=15)
    finally:
        daemon.kill()
    assert status == 0, log
    assert "Traceback" not in log, log
    try:
        check_invariants(postgres_url, expect_urls=[entry_url(0, e) for e in range(6)], settled=True)
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{log}") from None
