"""At-least-once under SIGKILL: 20 kills of the sending process at random points, then a clean run.

Findings keep arriving between kills (two new stories each time). The JSON webhook records every POST
and then holds its answer a little, so some kills land after the receiver has a message and before
the sender marked it sent: those messages come again, with the same idempotency key and the same
body. The test reports how many repeats there were.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tests.channels.crash_sender import deliver_once
from tests.channels.support import NOW, add_story, batch, channel, channel_config, company, open_config
from tests.channels.webhook import webhook

REPO = Path(__file__).resolve().parents[2]
KILLS = 20
FORK = multiprocessing.get_context("fork")


def _sender(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.channels.crash_sender", str(path)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.timeout(300)  # 20 senders killed within 0.9 s of their start-up, then a clean run: well under
def test_sigkills_at_random_points_lose_no_finding_and_repeat_only_under_the_same_key(
        tmp_path: Path, db_url: str, record_property: pytest.RecordProperty) -> None:
    rng = random.Random(18)
    with webhook(delay=0.12) as hook:
        path = channel_config(tmp_path, db_url, [channel("crash", hook.apprise_url("/crash"))])
        config, store = open_config(path)
        try:
            store.register_channels(["crash"], now=NOW - dt.timedelta(days=1))
            stories = 0

            def more(n: int) -> None:
                nonlocal stories
                for _ in range(n):
                    stories += 1
                    findings = [company(f"Maker{stories}")] + ([batch(100 + stories)] if stories % 2 else [])
                    add_story(store, "wire", f"story-{stories}", findings, cluster=stories)

            more(12)
            outcomes = []
            for _ in range(KILLS):
                # A forked child of this process, which has imported everything: the kills cost no interpreter
                # start-up each (a fresh process took ~1.1 s of CPU before its first message).
                ready = FORK.Event()
                proc = FORK.Process(target=deliver_once, args=(str(path), ready), daemon=True)
                proc.start()
                assert ready.wait(30)
                time.sleep(rng.uniform(0.02, 0.9))  # within the sending: 0.12 s a POST, a dozen messages or more
                os.kill(proc.pid, signal.SIGKILL)  # type: ignore[arg-type]
                proc.join(30)
                outcomes.append(proc.exitcode)  # -9: killed by SIGKILL
                more(2)
            final = _sender(path)
            out, err = final.communicate(timeout=90)
            assert final.returncode == 0, err
            findings = {v.finding.key for v in store.list_findings(status="all")}
            messages = store.channel_messages("crash")
        finally:
            store.close()
        posts = hook.delivered()

    killed = sum(code == -signal.SIGKILL for code in outcomes)
    by_key: dict[str, list[str]] = defaultdict(list)
    for post in posts:
        by_key[post.key].append(post.json["message"])
    # Every finding reached the receiver, each in exactly one message (whatever the number of copies).
    carried: dict[str, set[str]] = defaultdict(set)
    for key, bodies in by_key.items():
        assert len(set(bodies)) == 1, f"{key}: repeats differ"  # a repeat is the same message, same key
        for line in bodies[0].splitlines():
            if line.startswith("  key: crash:"):
                carried[line.removeprefix("  key: crash:")].add(key)
        if not any(line.startswith("  key: ") for line in bodies[0].splitlines()):
            carried[key.removeprefix("crash:")].add(key)  # a message of one finding: its key is the finding's
    assert set(carried) == findings, sorted(findings - set(carried))
    assert all(len(keys) == 1 for keys in carried.values())
    assert all(m.status == "sent" for m in messages) and len(messages) == len(by_key)

    repeats = len(posts) - len(by_key)
    print(f"\nSIGKILL test ({db_url.split(':')[0]}): {killed} of {KILLS} senders killed mid-run, {len(findings)} findings "
          f"in {len(by_key)} messages, {len(posts)} POSTs received, repeats: {repeats} "
          f"(each with the idempotency key of its first copy)")
    record_property("sigkill_repeats", repeats)
    assert killed >= KILLS // 2  # the kills landed while the senders were at work
    assert 0 <= repeats <= killed  # at most the message in flight when one was killed
