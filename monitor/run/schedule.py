"""When a source is polled: the one place that decides whether a source is due, and when it is next.

    is_due(state, now)           never polled, never scheduled, or its next due time has come
    due_sources(sources, ...)    the enabled sources that are due (what `run-once` runs without names)
    backing_off(state, now)      a failing source whose backoff has not run out (the daemon skips its job)
    due_after_success(now, ...)  the next due time after a fetch that worked (content or 304): one interval
    source_backoff(...)          the wait after consecutive failures: the interval doubled per failure,
                                 capped by ``fetch.max_backoff``, with jitter; the server's Retry-After
                                 lengthens it up to the same cap

The store records ``next_due_at`` on the source's row with these (storage/store.py), and the
pipeline and the daemon read it through them. This is about whole sources, hours apart; retrying
one request within a fetch (seconds) is :func:`monitor.fetch.retry.request_retry_delay`.

Standard library only: storage imports this module.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import TYPE_CHECKING, Mapping, Sequence

if TYPE_CHECKING:
    from monitor.config import SourceConfig
    from storage import SourceState


def is_due(state: SourceState | None, now: dt.datetime) -> bool:
    """A source runs when it has no row yet, no due time (new, or its URL changed), or its time has come."""
    return state is None or state.next_due_at is None or state.next_due_at <= now


def due_sources(sources: Sequence[SourceConfig], states: Mapping[str, SourceState],
                now: dt.datetime) -> list[SourceConfig]:
    """The enabled sources that are due, in config order."""
    return [s for s in sources if s.enabled and is_due(states.get(s.name), now)]


def backing_off(state: SourceState | None, now: dt.datetime) -> bool:
    """A failing source still waiting out its backoff. A healthy source is not: the daemon runs it on its
    own interval, which may come a little before the recorded due time (jitter)."""
    return state is not None and state.consecutive_failures > 0 and not is_due(state, now)


def due_after_success(now: dt.datetime, interval: dt.timedelta) -> dt.datetime:
    return now + interval


def source_backoff(interval: dt.timedelta, failures: int, max_backoff: float, rng: random.Random | None = None,
                   retry_after: float | None = None) -> dt.timedelta:
    """Wait after ``failures`` consecutive failures: the interval doubled per failure, capped, with +-10% jitter.

    Jitter keeps many sources that failed together (a network outage) from all retrying at once.
    ``retry_after`` (what the server asked for) lengthens the wait up to the same cap, never past it:
    it comes from a third party, and a value of years (or one past what a timedelta holds) must
    neither park the source for good nor make recording the failure raise.
    """
    cap = max(max_backoff, interval.total_seconds())
    # The exponent is bounded: 2**60 intervals is past any cap, and a float from a larger power overflows.
    base = min(interval.total_seconds() * (2 ** min(max(failures - 1, 0), 60)), cap)
    if retry_after is not None:
        asked = retry_after if math.isfinite(retry_after) else cap  # NaN compares false with everything
        base = max(base, min(max(asked, 0.0), cap))
    jitter = (rng or random).uniform(0.9, 1.1)
    return dt.timedelta(seconds=base * jitter)
