"""Server faults end to end through `monitor run-once` (the Fetcher-level cases live in tests/fetch/).

One run against seven misbehaving sources and one healthy source: each fault ends as a failure
recorded on its own source with a reason a person can act on, the healthy source is stored, the
run exits 0 (not every source failed), it ends within its time bounds, and the invariants hold.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterator

from storage import Store
from tests.reliability.support import check_invariants, monitor
from tests.support.configs import feed, write_config
from tests.support.feedgen import entry_url, rss_feed
from tests.support.httpserver import Response, TestServer

XML = "application/rss+xml"
MAX_BYTES = 1_000_000
TOTAL_TIMEOUT = 2.0


def endless_feed() -> Iterator[bytes]:
    """A feed that never closes its channel: items until 50 MB (bounded, so a broken client cannot hang the test)."""
    yield b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Forever</title>'
    item = b"<item><title>More</title><link>https://forever.example.com/%d</link><description>" + b"x" * 4000 + b"</description></item>"
    for n in range(50_000_000 // len(item)):
        yield item.replace(b"%d", str(n).encode())


def route_faults(server: TestServer) -> dict[str, str]:
    """Routes one path per fault; returns {source name: words its recorded error must contain}."""
    healthy = rss_feed(1, 6)
    server.route("/healthy", Response(body=healthy, content_type=XML))
    server.route("/reset", Response(body=healthy, content_type=XML, reset_after=200))
    server.route("/trickle", Response(body=healthy[:400], content_type=XML, trickle=1.0))
    server.route("/short", Response(body=healthy[:300], content_type=XML, content_length=len(healthy)))
    server.route("/bomb", Response.bomb(200_000_000, content_type=XML))
    for hop in range(30):
        server.route(f"/chain/{hop}", Response.redirect(f"/chain/{hop + 1}"))
    server.route("/gigabyte", Response(body=healthy, content_type=XML, content_length=1_000_000_000))
    server.route("/endless", Response(chunks=endless_feed, content_type=XML))
    return {
        "reset": "connection reset by the server",
        "trickle": "timed out after 2 s (total)",
        "short": "connection closed before the whole response arrived",
        "bomb": "gzip body inflates past 1 MB",
        "chain": "more than 5 redirects",
        "gigabyte": "Content-Length 1000 MB",
        "endless": "larger than 1 MB",
    }


def test_every_server_fault_in_one_run_is_recorded_on_its_source_and_the_healthy_one_is_stored(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    expected = route_faults(server)
    paths = {"chain": "/chain/0", **{name: f"/{name}" for name in [*expected, "healthy"] if name != "chain"}}
    config = write_config(tmp_path, db_url, [feed(name, server.url(path)) for name, path in paths.items()],
                          fetch={"total_timeout": TOTAL_TIMEOUT, "max_bytes": MAX_BYTES, "retries": 1})
    started = time.monotonic()
    result = monitor("run-once", "--config", str(config), "--json")
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    report = {s["source"]: s for s in json.loads(result.stdout)["sources"]}
    assert report["healthy"]["status"] == "ok" and report["healthy"]["new"] == 6
    # The trickle is cut by the total timeout (a 400-byte body at 1 byte/s would take 400 s), and
    # nothing else waits longer: the whole run stays within a few total timeouts plus start-up.
    assert elapsed < 20, elapsed

    store = Store.open(db_url)
    try:
        states = {s.name: s for s in store.source_states()}
    finally:
        store.close()
    for name, words in expected.items():
        assert report[name]["status"] == "failed", (name, report[name])
        state = states[name]
        assert state.consecutive_failures == 1 and state.last_status == "failed", name
        assert words.lower() in (state.last_error or "").lower(), (name, state.last_error)
        assert state.next_due_at is not None and state.failing_since is not None
    # A reset is retried (retries = 1), a timeout is not; the redirect chain stops after 5 hops.
    assert server.count("/reset") == 2 and server.count("/trickle") == 1
    assert server.count("/chain/5") == 1 and server.count("/chain/6") == 0
    check_invariants(db_url, expect_urls=[entry_url(1, n) for n in range(6)], settled=True)

    # The next run (all named, so the failed ones run despite their backoff) changes nothing stored twice.
    again = monitor("run-once", "--config", str(config), "--json", *[f"--source={n}" for n in paths])
    assert again.returncode == 0, again.stderr
    counts = check_invariants(db_url, expect_urls=[entry_url(1, n) for n in range(6)], settled=True)
    assert counts.documents == 6
