"""Recording a source's failure never raises, whatever the server sent (issue 20, point 1).

The failure handler is the last line: when it raised, the run ended with a traceback, nothing was
recorded and every later run crashed the same way. SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from monitor.config import SourceConfig
from monitor.run.schedule import source_backoff
from storage import Store

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
INTERVAL = dt.timedelta(minutes=30)
MAX_BACKOFF = 6 * 3600.0


@pytest.mark.parametrize("retry_after", [1e14, 1e300, math.inf, math.nan, -5.0, 0.0, None])
def test_any_retry_after_is_recorded_within_the_cap(db_url: str, retry_after: float | None) -> None:
    store = Store.open(db_url)
    try:
        store.sync_sources([SourceConfig(name="s", kind="feed", url="https://example.com/feed")])
        state = store.record_failure("s", now=NOW, interval=INTERVAL, error="HTTP 503", max_backoff=MAX_BACKOFF,
                                     retry_after=retry_after)
    finally:
        store.close()
    assert state.last_status == "failed" and state.consecutive_failures == 1
    assert state.next_due_at is not None
    assert NOW + INTERVAL * 0.9 <= state.next_due_at <= NOW + dt.timedelta(seconds=MAX_BACKOFF * 1.1)


def test_an_error_text_the_database_cannot_hold_is_stored_cleaned(db_url: str) -> None:
    # PostgreSQL refuses NUL in text, and psycopg refuses lone surrogates: either raised from the handler.
    error = "bad\x00reason \udce9 " + "x" * 5000
    store = Store.open(db_url)
    try:
        store.sync_sources([SourceConfig(name="s", kind="feed", url="https://example.com/feed")])
        state = store.record_failure("s", now=NOW, interval=INTERVAL, error=error, max_backoff=MAX_BACKOFF)
    finally:
        store.close()
    assert state.last_error is not None and state.last_error.startswith("badreason ? xxx")
    assert len(state.last_error) <= 2000


def test_the_backoff_of_a_source_failing_for_years_stays_at_the_cap() -> None:
    wait = source_backoff(INTERVAL, 10**6, MAX_BACKOFF)
    assert dt.timedelta(seconds=MAX_BACKOFF * 0.9) <= wait <= dt.timedelta(seconds=MAX_BACKOFF * 1.1)
