"""`monitor daemon` as a subprocess on SQLite and PostgreSQL, with an aiosmtpd server and a feed server.

Source intervals are scaled (``--time-scale 0.02``: "1m" runs every 1.2 s, "3m" every 3.6 s) and
the digest runs every few seconds instead of daily; the scheduler, the jobs and the signal handling
are the production ones. The test waits for log lines, and measures request rates over the
elapsed time.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from storage import Store
from tests.daemon.process import DaemonProcess
from tests.digest.smtp_support import SmtpServer
from tests.outbox.support import BATCH_ITEM, LATER_ITEM, XML, config_for, news_feed, parts, rss
from tests.support.httpserver import Response, TestServer

SCALE = 0.02
FAST, SLOW = 60 * SCALE, 180 * SCALE  # seconds between fetches


def within(count: int, elapsed: float, interval: float) -> bool:
    """A job that runs at once and then every interval (+-10% jitter), give or take one run at each end."""
    expected = 1 + elapsed / interval
    return expected * 0.75 - 1 <= count <= expected * 1.15 + 1


def test_daemon_schedules_sources_and_digest_refuses_a_second_instance_and_stops_on_sigterm(
        server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> None:
    server.route("/fast.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    server.route("/slow.xml", Response(body=rss(LATER_ITEM), content_type=XML))
    server.route("/off.xml", Response(body=rss(), content_type=XML))
    # The file names another database: the environment (as docker-compose sets it) must win.
    path = config_for(tmp_path, f"sqlite:///{tmp_path / 'not-this.db'}",
                      [news_feed("fast", server.url("/fast.xml"), interval="1m"),
                       news_feed("slow", server.url("/slow.xml"), interval="3m"),
                       news_feed("off", server.url("/off.xml"), enabled=False)], smtp_port=smtp.port)
    daemon = DaemonProcess(path, db_url, "--time-scale", str(SCALE), "--heartbeat-every", "0.5", "--digest-every", "4")
    try:
        daemon.wait_for(lambda line: "daemon started" in line)

        # While it runs: `monitor sources` sees it, a second daemon refuses, run-once beside it is safe.
        shown = CliRunner().invoke(cli, ["sources", "--config", str(path), "--db", db_url], catch_exceptions=False)
        assert "daemon alive" in shown.output, shown.output
        second = DaemonProcess(path, db_url)
        status, log = second.finish(timeout=30)
        assert status == 1 and "already running on this database" in log, log
        beside = CliRunner().invoke(cli, ["run-once", "--config", str(path), "--db", db_url, "--source", "fast",
                                          "--source", "slow"], catch_exceptions=False)
        assert beside.exit_code == 0, beside.output

        daemon.wait_for(lambda line: "digest sent" in line)
        daemon.wait_for(lambda line: "source job done" in line and "source=slow" in line and daemon.count("source=slow") >= 3)
        fast, slow = server.count("/fast.xml") - 1, server.count("/slow.xml") - 1  # minus the run-once beside
        elapsed = time.monotonic() - daemon.started

        stopping = time.monotonic()
        daemon.proc.send_signal(signal.SIGTERM)
        status, log = daemon.finish(timeout=10)
        assert status == 0, log
        assert time.monotonic() - stopping < 10
    finally:
        daemon.kill()

    assert within(fast, elapsed, FAST), (fast, elapsed)
    assert within(slow, elapsed, SLOW), (slow, elapsed)
    assert fast > slow and server.count("/off.xml") == 0
    assert "daemon stopped" in log and "Traceback" not in log
    assert "source=fast" in log and "status=ok" in log  # the shared log keys

    # The digest went out once with every finding; nothing twice, nothing half-written.
    store = Store.open(load_config(path, database_url=db_url).database_url)
    try:
        findings = store.list_findings(status="all")
        digests = store.digests()
        assert len(store.list_documents()) == 2
        assert store.heartbeat() is None  # cleared on the clean stop
    finally:
        store.close()
    assert {f.finding.key for f in findings} >= {"new_batch:4", "new_batch:5", "new_company:xiaomi"}
    assert all(d.status == "sent" for d in digests) and len(smtp.received) == len(digests) >= 1
    assert sorted(i for d in digests for i in d.finding_ids) == sorted(f.id for f in findings)
    mailed = "".join(parts(r.message)[0] for r in smtp.received)
    for view in findings:
        assert mailed.count(view.finding.summary) == 1, view.finding.key
    after = CliRunner().invoke(cli, ["sources", "--config", str(path), "--db", db_url], catch_exceptions=False)
    assert "no daemon" in after.output
