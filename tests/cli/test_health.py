"""`monitor health`: the container healthcheck reads the daemon's heartbeat in the database."""

from __future__ import annotations

import datetime as dt
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from storage import Store
from tests.support.configs import feed, write_config


@pytest.mark.parametrize(("holder", "age", "expected"), [
    (f"{socket.gethostname()}:4242", dt.timedelta(seconds=5), 0),
    (f"{socket.gethostname()}:4242", dt.timedelta(minutes=10), 1),   # stale: the daemon hangs or died
    ("another-host:4242", dt.timedelta(seconds=5), 1),               # alive, but not in this container
    (None, None, 1),                                                 # no daemon ever
], ids=["fresh", "stale", "elsewhere", "none"])
def test_health_follows_the_heartbeat(db_url: str, tmp_path: Path, holder: str | None, age: dt.timedelta | None,
                                      expected: int) -> None:
    config = write_config(tmp_path, db_url, [feed("a", "http://127.0.0.1:9/a.xml")])
    store = Store.open(db_url)
    now = dt.datetime.now(dt.timezone.utc)  # read per test: a module-level clock went stale in long runs
    try:
        if holder is not None and age is not None:
            store.beat(holder=holder, started_at=now - age, now=now - age)
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["health", "--config", str(config)])
    assert result.exit_code == expected, result.output
    assert "daemon" in result.output
