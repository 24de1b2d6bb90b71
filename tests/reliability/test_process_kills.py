"""SIGKILL at random points of `run-once`, `digest send` and the daemon, then a normal run: nothing lost, nothing twice.

tests/pipeline/test_crash_recovery.py kills run-once and checks documents; these trials add the
analysis and the digest outbox (findings, evidence, digest items) and the daemon, whose digest job
runs every second so kills land inside sends as well. After every kill the store holds no duplicate;
after the final normal `run-once` and `digest send`, every entry served is stored and analysed and
every finding sits in exactly one sent digest. Five trials per backend run by default; ``--runslow``
runs 24.
"""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pytest

from tests.support.smtp import SmtpServer
from tests.outbox.support import BATCH_ITEM, HOSTILE_ITEM, LATER_ITEM, config_for, rss
from tests.reliability.support import check_invariants, clean_env, monitor, start_monitor
from tests.support.configs import feed
from tests.support.feedgen import entry_url, rss_feed
from tests.support.httpserver import Response, TestServer

XML = "application/rss+xml"
FEEDS, ENTRIES = 8, 25
FINDING_ITEMS = (BATCH_ITEM, LATER_ITEM, HOSTILE_ITEM)


def setup(server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> tuple[Path, list[str]]:
    sources = []
    for n in range(FEEDS):
        # Slow enough that a run-once lasts past most kill points (0.3-1.6 s) however fast the machine:
        # the trials must kill it midway, not after it ended.
        server.route(f"/f{n}", Response(body=rss_feed(n, ENTRIES), content_type=XML, delay=0.15 + 0.05 * (n % 5)))
        sources.append(feed(f"f{n}", server.url(f"/f{n}"), interval="1m"))
    for n, item in enumerate(FINDING_ITEMS):
        server.route(f"/news{n}", Response(body=rss(item), content_type=XML))
        sources.append(feed(f"news{n}", server.url(f"/news{n}"), interval="1m"))
    config = config_for(tmp_path, db_url, sources, smtp_port=smtp.port, fetch={"concurrency": 4, "per_host": 4})
    urls = [entry_url(f, e) for f in range(FEEDS) for e in range(ENTRIES)] + [item[1] for item in FINDING_ITEMS]
    return config, urls


KINDS = ("run-once", "daemon", "digest")


def one_trial(kind: str, rng: random.Random, config: Path, db_url: str) -> bool:
    """Start one of the three processes, SIGKILL it at a random moment; True when it was still running."""
    if kind == "run-once":
        args = ["run-once", "--config", str(config), *[f"--source=f{n}" for n in range(FEEDS)], "--source=news0",
                "--source=news1", "--source=news2"]
    elif kind == "daemon":
        args = ["daemon", "--config", str(config), "--time-scale", "0.02", "--heartbeat-every", "0.5",
                "--digest-every", "0.7"]
    else:
        args = ["digest", "send", "--config", str(config)]
    process = start_monitor(*args, env=clean_env(MONITOR_DATABASE_URL=db_url))
    try:
        time.sleep(rng.uniform(0.3, 1.6))  # the random kill point is the point of the trial
        alive = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    return alive


def run_trials(trials: int, seed: int, server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> None:
    config, urls = setup(server, smtp, tmp_path, db_url)
    rng = random.Random(seed)
    killed = 0
    # The kinds in turn, the kill points at random: a digest send with nothing new ends within a
    # second, so a seed that drew mostly digests left too few processes killed midway.
    for trial in range(trials):
        killed += one_trial(KINDS[trial % len(KINDS)], rng, config, db_url)
        check_invariants(db_url)
    assert killed >= trials // 2, f"only {killed} of {trials} processes were still running when killed"

    env = clean_env(MONITOR_DATABASE_URL=db_url)
    final = monitor("run-once", "--config", str(config), *[f"--source=f{n}" for n in range(FEEDS)],
                    "--source=news0", "--source=news1", "--source=news2", env=env)
    assert final.returncode == 0, final.stderr
    sent = monitor("digest", "send", "--config", str(config), env=env)
    assert sent.returncode == 0, sent.stderr
    counts = check_invariants(db_url, expect_urls=urls, settled=True, all_digested=True)
    assert counts.findings >= 3, "the finding feeds produced no findings: the outbox part tested nothing"
    # Every mail that arrived is whole, and two different digests never carry the same finding:
    # a resend after a kill reuses its Message-ID (at-least-once), a new digest gets a new one.
    ids = {str(r.message["Message-ID"]) for r in smtp.received}
    assert ids and all(r.message["Subject"] for r in smtp.received)


@pytest.mark.parametrize("seed", [7])
def test_sigkill_at_random_points_then_a_normal_run_restores_every_invariant(
        seed: int, server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> None:
    run_trials(5, seed, server, smtp, tmp_path, db_url)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [11])
def test_sigkill_24_trials(seed: int, server: TestServer, smtp: SmtpServer, tmp_path: Path, db_url: str) -> None:
    run_trials(24, seed, server, smtp, tmp_path, db_url)
