"""Whatever a server sends as Retry-After, recording its source's failure never raises (issue 20, points 1 and 8).

Each hostile value is served by a real HTTP server on 127.0.0.1 beside a healthy feed; `monitor run-once` runs
as its own process on SQLite and PostgreSQL. The run must end normally (exit 0: not every source failed), the
failure must be on the source's row with a next attempt no later than ``fetch.max_backoff`` (plus the jitter),
and the healthy feed's documents must be stored and analysed. The second run must behave the same.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from storage import Store
from tests.reliability.support import check_invariants, monitor
from tests.support.configs import feed, write_config
from tests.support.feedgen import entry_url, rss_feed
from tests.support.httpserver import Response, TestServer

XML = "application/rss+xml"
MAX_BACKOFF = 3600.0
HOSTILE = {
    "huge-number": "99999999999999",  # past what a timedelta holds: OverflowError in the failure handler
    "big-number": "9999999999",
    "400-digits": "9" * 400,  # float() makes it inf  # a timedelta, but a next attempt centuries away
    "year-9999": "Fri, 31 Dec 9999 23:59:59 GMT",
    "superscript": "\u00b2",  # str.isdigit() says yes, float() says no
}


def test_a_hostile_retry_after_is_recorded_capped_and_the_run_goes_on(server: TestServer, tmp_path: Path,
                                                                      db_url: str) -> None:
    server.route("/healthy", Response(body=rss_feed(1, 4), content_type=XML))
    for name, value in HOSTILE.items():
        server.route(f"/{name}", Response(503, headers={"Retry-After": value}))
    names = ["healthy", *HOSTILE]
    config = write_config(tmp_path, db_url, [feed(name, server.url(f"/{name}")) for name in names],
                          fetch={"max_backoff": MAX_BACKOFF, "retries": 0})
    for run in (1, 2):
        started = dt.datetime.now(dt.timezone.utc)
        result = monitor("run-once", "--config", str(config), "--json", *[f"--source={n}" for n in names])
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        report = {s["source"]: s for s in json.loads(result.stdout)["sources"]}
        assert report["healthy"]["status"] == "ok"
        store = Store.open(db_url)
        try:
            states = {s.name: s for s in store.source_states()}
        finally:
            store.close()
        for name in HOSTILE:
            state = states[name]
            assert report[name]["status"] == "failed", report[name]
            assert state.consecutive_failures == run and state.last_status == "failed", state
            assert "HTTP 503" in (state.last_error or ""), state.last_error
            assert "invalid URL" not in (state.last_error or "")
            assert state.next_due_at is not None
            latest = started + dt.timedelta(seconds=MAX_BACKOFF * 1.1 + 120)
            assert state.next_due_at <= latest, (name, state.next_due_at)
    check_invariants(db_url, expect_urls=[entry_url(1, n) for n in range(4)], settled=True)
