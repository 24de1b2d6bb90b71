"""Fixtures for the fetch suite: a real local server, a Fetcher with recorded (instant) sleeps."""

from __future__ import annotations

import asyncio
from typing import Any, Callable

import pytest

from monitor.fetch import Fetcher, FetchLimits
from monitor.records import FetchResult

# Small numbers so failures happen in a fraction of a second; the logic is the same at 30 s and 5 MB.
TEST_LIMITS = FetchLimits(connect_timeout=2.0, total_timeout=2.0, max_bytes=100_000, retries=2, backoff_base=0.5,
                          backoff_max=4.0, max_retry_after=10.0, concurrency=8, per_host=2)


class SleepRecorder:
    """Stands in for asyncio.sleep: remembers each wait and returns at once."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def limits() -> FetchLimits:
    return TEST_LIMITS


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def fetch(sleeps: SleepRecorder) -> Callable[..., FetchResult]:
    """``fetch(url, limits=..., transport=..., **get_kwargs)``: one Fetcher.get in a fresh event loop.

    ``allow_private`` defaults to True here because the test server is on 127.0.0.1; the tests of
    the private-address refusal pass False.
    """

    def run(url: str, *, limits: FetchLimits = TEST_LIMITS, transport: Any = None, **kwargs: Any) -> FetchResult:
        kwargs.setdefault("allow_private", True)

        async def go() -> FetchResult:
            async with Fetcher(limits, transport=transport, sleep=sleeps, random=lambda: 0.5) as fetcher:
                return await fetcher.get(url, **kwargs)

        return asyncio.run(go())

    return run
