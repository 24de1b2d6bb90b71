"""When to try one request again within one fetch: exponential backoff with full jitter, and the
server's Retry-After.

Seconds within a fetch; when a failed *source* is polled again (hours, after its fetch gave up) is
another decision, :func:`monitor.run.schedule.source_backoff`.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from typing import Callable

# Longer than any wait we would honour (fetch.max_backoff caps what the scheduler uses), short enough
# that arithmetic on it stays finite: four hundred digits of delta-seconds make float() say inf.
RETRY_AFTER_CEILING = 10 * 365 * 86400.0


def should_retry_status(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date), or None when absent/bad.

    ``now`` is the wall clock (``time.time()``), injected so tests fix it.
    """
    if not value:
        return None
    value = value.strip()
    # ASCII digits only: str.isdigit() also says yes to "²" and other digits float() refuses.
    if value.isascii() and value.isdigit():
        return min(float(value), RETRY_AFTER_CEILING)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return min(max(0.0, when.timestamp() - now), RETRY_AFTER_CEILING)


def request_retry_delay(attempt: int, base: float, cap: float, random: Callable[[], float]) -> float:
    """Seconds before retry ``attempt`` of one request. Full jitter (AWS architecture blog): uniform in
    [0, min(cap, base * 2**attempt)]."""
    return random() * min(cap, base * (2 ** min(attempt, 30)))
