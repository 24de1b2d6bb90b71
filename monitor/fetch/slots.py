"""Requests in flight per host, shared by every Fetcher of one process.

The daemon runs source jobs in threads, each with its own event loop and Fetcher, so a Fetcher's own
asyncio semaphores bound one job only: two jobs on one host could each hold ``per_host`` requests.
:class:`HostSlots` is process-wide (a lock and counters, not an asyncio primitive bound to one loop),
and a Fetcher given one takes its host slot there. A waiter polls with a short, growing sleep
(5 to 50 ms): a slot frees when a response is read, which takes longer than that on any real host.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator

_FIRST_WAIT = 0.005
_LONGEST_WAIT = 0.05


class HostSlots:
    """At most ``per_host`` requests in flight to one host (scheme://host:port), over every thread and loop."""

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError(f"per_host must be at least 1, got {per_host}")
        self.per_host = per_host
        self._lock = threading.Lock()
        self._busy: dict[str, int] = {}

    @contextlib.asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        wait = _FIRST_WAIT
        while not self._take(host):
            await asyncio.sleep(wait)
            wait = min(wait * 2, _LONGEST_WAIT)
        try:
            yield
        finally:
            self._give(host)

    def in_flight(self, host: str) -> int:
        with self._lock:
            return self._busy.get(host, 0)

    def _take(self, host: str) -> bool:
        with self._lock:
            busy = self._busy.get(host, 0)
            if busy >= self.per_host:
                return False
            self._busy[host] = busy + 1
            return True

    def _give(self, host: str) -> None:
        with self._lock:
            left = self._busy.get(host, 1) - 1
            if left:
                self._busy[host] = left
            else:
                self._busy.pop(host, None)


__all__ = ["HostSlots"]
