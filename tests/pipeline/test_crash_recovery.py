"""`monitor run-once` killed with SIGKILL at different points, then run again: no duplicate, no
half-written document, and in the end every entry served is stored and analysed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from storage import Store
from storage.models import DocumentRow
from tests.support.configs import feed, write_config
from tests.support.feedgen import entry_url, rss_feed
from tests.support.httpserver import Response, TestServer

FEEDS, ENTRIES = 24, 40


def start_run(config: Path, *, capture: bool = False, sources: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    named = [arg for name in sources for arg in ("--source", name)]
    return subprocess.Popen([sys.executable, "-m", "monitor", "run-once", "--config", str(config), "--json", *named],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE if capture else subprocess.DEVNULL)


def test_sigkill_midway_then_rerun_keeps_every_invariant(server: TestServer, tmp_path: Path, db_url: str) -> None:
    for n in range(FEEDS):
        server.route(f"/f{n}", Response(body=rss_feed(n, ENTRIES), content_type="application/rss+xml", delay=0.05 * (n % 6)))
    config = write_config(tmp_path, db_url, [feed(f"f{n}", server.url(f"/f{n}")) for n in range(FEEDS)],
                          fetch={"concurrency": 4, "per_host": 4})
    rng = random.Random(20240117)
    kill_points = [0.4, 0.9, 1.5] + [rng.uniform(0.3, 3.0) for _ in range(2)]
    killed = 0
    # Every source named, so each run fetches all of them (due or not) and lasts as long as the first:
    # otherwise what an earlier run stored is not due again, later runs end before their kill, and
    # the test tests less (it failed that way on a fast machine).
    everything = tuple(f"f{n}" for n in range(FEEDS))
    for delay in kill_points:
        process = start_run(config, sources=everything)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        assert_no_duplicates_or_half_documents(db_url)
    assert killed >= 3, "the runs finished before the kill: the test did not test anything"

    final = start_run(config, capture=True)
    _, stderr = final.communicate(timeout=120)
    assert final.returncode == 0, stderr.decode()
    store = Store.open(db_url)
    try:
        urls = {d.url for d in store.list_documents()}
        assert urls == {entry_url(f, e) for f in range(FEEDS) for e in range(ENTRIES)}
        assert store.pending_document_ids() == []
    finally:
        store.close()


def assert_no_duplicates_or_half_documents(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        with store.session() as session:
            total = session.scalar(select(func.count(DocumentRow.id)))
            distinct = session.scalar(select(func.count(func.distinct(DocumentRow.url))))
            assert total == distinct
            for title, text in session.execute(select(DocumentRow.title, DocumentRow.text)):
                assert title.startswith("Feed ") and text.startswith("Story ")
                assert len(text) >= 400
    finally:
        store.close()
