"""A real PostgreSQL restart (pg_ctlcluster), between two runs of one store and during a daemon's life.

The other database-fault tests drop only monitor's own connections, which is safe beside other test
runs on the shared server; this one restarts the server itself, as a real outage does. It needs root
and the Debian cluster tools (CI has both) and skips otherwise. The suite runs its tests one at a
time, so nothing else is using the server during the restart.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from monitor.config import load_config
from monitor.pipeline import run_once
from storage import Store
from tests.conftest import POSTGRES_URL
from tests.daemon.process import DaemonProcess
from tests.reliability.support import check_invariants
from tests.support.configs import feed, write_config
from tests.support.feedgen import entry_url, rss_feed
from tests.support.httpserver import Response, TestServer

XML = "application/rss+xml"
CLUSTERS = Path("/etc/postgresql")

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("pg_ctlcluster") is None or not CLUSTERS.is_dir(),
    reason="restarting PostgreSQL needs root and pg_ctlcluster (Debian's postgresql-common)")


def restart_postgres() -> None:
    version = sorted(p.name for p in CLUSTERS.iterdir())[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True, timeout=60,
                   capture_output=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), connect_timeout=2):
                return
        except psycopg.OperationalError:
            time.sleep(0.2)
    raise AssertionError("PostgreSQL did not come back within 30 s")


def test_restart_between_two_runs_of_one_store(server: TestServer, tmp_path: Path, postgres_url: str) -> None:
    server.route("/a", Response(body=rss_feed(0, 5), content_type=XML))
    server.route("/b", Response(body=rss_feed(1, 5), content_type=XML))
    config = load_config(write_config(tmp_path, postgres_url, [feed("a", server.url("/a")), feed("b", server.url("/b"))]))
    store = Store.open(postgres_url)
    try:
        assert run_once(config, store, names=["a"]).exit_status == 0
        restart_postgres()
        assert run_once(config, store, names=["b"]).exit_status == 0
    finally:
        store.close()
    check_invariants(postgres_url, expect_urls=[entry_url(f, e) for f in (0, 1) for e in range(5)], settled=True)


def test_daemon_survives_a_restart_and_keeps_its_lock(server: TestServer, tmp_path: Path, postgres_url: str) -> None:
    server.route("/f0", Response(body=rss_feed(0, 5), content_type=XML))
    config = write_config(tmp_path, postgres_url, [feed("f0", server.url("/f0"), interval="1m")])
    daemon = DaemonProcess(config, postgres_url, "--time-scale", "0.02", "--heartbeat-every", "0.3")
    try:
        daemon.wait_for(lambda line: "source job done" in line and "status=ok" in line)
        restart_postgres()
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
