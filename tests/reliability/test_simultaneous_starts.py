"""Several processes starting together on one PostgreSQL schema (issue 20, point 2).

Real processes open the store and then sync the configured sources at one agreed instant, which makes
the race of their inserts certain rather than likely (3 of 4 simultaneous `run-once` starts crashed
with a unique violation on the sources' name before). Each must end normally and see every source.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from storage import Store
from tests.reliability.support import REPO, clean_env
from tests.support.configs import feed, write_config

PROCESSES = 6

# Each process: load the config, open (and migrate) the store, wait for the agreed instant, sync.
SYNC_AT_ONCE = """
import sys, time
from monitor.config import load_config
from storage import Store
config = load_config(sys.argv[1])
store = Store.open(config.database_url)
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
states = store.sync_sources(config.sources)
print(len(states))
"""


def test_processes_syncing_the_same_new_sources_at_one_instant_all_succeed(tmp_path: Path, postgres_url: str) -> None:
    config = write_config(tmp_path, postgres_url, [feed(f"s{n:03d}", f"http://127.0.0.1:9/{n}") for n in range(200)])
    Store.open(postgres_url).close()  # the schema exists: the processes differ only in the sync
    start_at = time.time() + 8  # later than every interpreter's start-up on a loaded machine
    runs = [subprocess.Popen([sys.executable, "-c", SYNC_AT_ONCE, str(config), str(start_at)], cwd=REPO,
                             env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(PROCESSES)]
    outputs = [run.communicate(timeout=120) for run in runs]
    failed = [err for run, (_, err) in zip(runs, outputs) if run.returncode != 0]
    assert not failed, f"{len(failed)} of {PROCESSES} syncs failed; the first said:\n{failed[0][-2000:]}"
    assert all(out.strip() == "200" for out, _ in outputs), outputs
