"""`monitor daemon` as a subprocess on SQLite and PostgreSQL, with an aiosmtpd server and a feed server.

Source intervals are scaled (``--time-scale 0.015``: "1m" runs every 0.9 s, "3m" every 2.7 s) and
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
from tests.support.smtp import SmtpServer
from tests.outbox.support import BATCH_ITEM, LATER_ITEM, XML, config_for, news_feed, parts, rss
from tests.support.httpserver import Response, TestServer

SCALE = 0.015
FAST, SLOW = 60 * SCALE, 180 * SCALE  # seconds between fetches


def on_schedule(times: list[float], interval: float) -> bool:
    """Fetches at ``times`` (server clock) follow an interval job: a fixed grid plus up to 10% jitter, so
    the number of gaps over the span is span / interval, give or take one."""
    gaps, span = len(times) - 1, times[-1] - times[0]
    return gaps >= 2 and span / interval - 1 <= gaps <= span / interval + 1


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
    daemon = DaemonProcess(path, db_url, "--time-scale", str(SCALE), "--heartbeat-every", "0.5", "--digest-every", "3")
    try:
        daemon.wait_for(lambda line: "daemon started" in line)

        shown = CliRunner().invoke(cli, ["sources", "--config", str(path), "--db", db_url], catch_exceptions=False)
        assert "daemon alive" in shown.output, shown.output

        daemon.wait_for(lambda line: "digest sent" in line)
        daemon.wait_for(lambda line: "source job done" in line and "source=slow" in line and sum("source job done source=slow" in x for x in daemon.lines) >= 3)
        fast = [r.at for r in server.requests_to("/fast.xml")]
        slow = [r.at for r in server.requests_to("/slow.xml")]

        # A second daemon refuses (after the measurement: its start-up would compete for the CPU).
        second = DaemonProcess(path, db_url)
        status, log = second.finish(timeout=30)
        assert status == 1 and "already running on this database" in log, log

        # run-once beside the daemon is safe: idempotent writes, nothing stored twice.
        beside = CliRunner().invoke(cli, ["run-once", "--config", str(path), "--db", db_url, "--source", "fast",
                                          "--source", "slow"], catch_exceptions=False)
        assert beside.exit_code == 0, beside.output

        stopping = time.monotonic()
        daemon.proc.send_signal(signal.SIGTERM)
        status, log = daemon.finish(timeout=10)
        assert status == 0, log
        assert time.monotonic() - stopping < 10
    finally:
        daemon.kill()

    # The first run of each source also stores and analyses the feed's news and may overrun a short
    # interval; the run it overlaps is skipped (max_instances=1), as it should be. The schedule is
    # checked from the second fetch on.
    assert on_schedule(fast[1:], FAST), [round(t - fast[0], 2) for t in fast]
    assert on_schedule(slow, SLOW), [round(t - slow[0], 2) for t in slow]
    assert len(fast) > len(slow) and server.count("/off.xml") == 0
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
