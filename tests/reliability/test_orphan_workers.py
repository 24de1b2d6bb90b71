"""SIGKILL of `run-once` alone, as the OOM killer or `timeout -s KILL` does it: its worker processes end too.

Issue 20, point 4: before, the parse workers and multiprocessing's resource tracker lived on for good
(about 140 MB per kill). The run parses enough feeds for a process pool; one feed answers late so the
run is still going when it is killed. Only the run-once process gets the signal; every process it had
started must be gone (or a zombie waiting for init) within a bounded wait.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from monitor.run.pipeline import POOL_MIN_FEEDS
from tests.reliability.support import clean_env, start_monitor
from tests.support.configs import feed, write_config
from tests.support.feedgen import rss_feed
from tests.support.httpserver import Response, TestServer

XML = "application/rss+xml"
PROC = Path("/proc")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                                reason="reads /proc, and the run starts a pool only with two CPUs or more")


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process, None when it is gone."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return fields[0], int(fields[1])


def _descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = stat[1]
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def test_workers_end_when_run_once_is_killed_alone(server: TestServer, tmp_path: Path) -> None:
    feeds = POOL_MIN_FEEDS + 4
    for n in range(feeds):
        server.route(f"/f{n}", Response(body=rss_feed(n, 30), content_type=XML))
    server.route("/late", Response(body=rss_feed(99, 3), content_type=XML, delay=30))
    sources = [feed(f"f{n}", server.url(f"/f{n}")) for n in range(feeds)] + [feed("late", server.url("/late"))]
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'monitor.db'}", sources, fetch={"total_timeout": 60})
    process = start_monitor("run-once", "--config", str(config))
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        # The pool starts a worker per parse task; two or more children mean the workers are up.
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
            workers = _descendants(process.pid)
        assert process.poll() is None, "run-once ended before it could be killed (the late feed should hold it)"
        assert len(workers) >= 2, f"no worker processes seen: {workers}"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 30
        while (left := {pid for pid in workers if _alive(pid)}) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left, f"{len(left)} of {len(workers)} processes of the killed run still alive: {sorted(left)}"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        for pid in _descendants(process.pid) | workers:  # whatever is left of our own run, by pid
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
