"""robots.txt and per-host politeness for article fetches.

:class:`RobotsCache` keeps one parsed robots.txt per origin (scheme, host, port), fetched through the
caller's own fetch function so it obeys the same limits and private-address checks. Like Google:
401/403 disallow the whole site, any other failure (404, 5xx, timeouts) allows it.
:class:`HostThrottle` spaces requests to one host by at least ``min_delay`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from typing import Awaitable, Callable, Protocol
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from monitor.errors import FetchError
from monitor.fetch.urls import PrivateAccess
from monitor.records import FetchResult

logger = logging.getLogger(__name__)

DISALLOW_ALL_STATUSES = frozenset({401, 403})


class GetFunction(Protocol):
    def __call__(self, url: str, *, allow_private: bool | PrivateAccess = ...) -> Awaitable[FetchResult]: ...


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class RobotsCache:
    """Answers "may this user agent fetch this URL?", fetching each origin's robots.txt once per ``ttl``."""

    def __init__(self, get: GetFunction, *, user_agent: str, ttl: float = 86_400.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._get = get
        self._user_agent = user_agent
        self._ttl = ttl
        self._clock = clock
        self._cache: dict[str, tuple[float, RobotFileParser]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def allowed(self, url: str, *, allow_private: bool | PrivateAccess = False) -> bool:
        parser = await self._parser(_origin(url), allow_private=allow_private)
        ok = parser.can_fetch(self._user_agent, url)
        if not ok:
            logger.info("robots.txt disallows url=%s", url)
        return ok

    async def _parser(self, origin: str, *, allow_private: bool | PrivateAccess) -> RobotFileParser:
        # One lock per origin: twenty articles from one site cause one robots.txt request, not twenty.
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._cache.get(origin)
            if cached is not None and cached[0] > self._clock():
                return cached[1]
            parser = await self._load(origin, allow_private=allow_private)
            self._cache[origin] = (self._clock() + self._ttl, parser)
            return parser

    async def _load(self, origin: str, *, allow_private: bool | PrivateAccess) -> RobotFileParser:
        parser = RobotFileParser(f"{origin}/robots.txt")
        try:
            result = await self._get(f"{origin}/robots.txt", allow_private=allow_private)
        except FetchError as exc:
            if exc.status in DISALLOW_ALL_STATUSES:
                parser.disallow_all = True
            else:
                logger.info("robots.txt unavailable origin=%s error=%r: allowing all", origin, str(exc))
                parser.allow_all = True
            return parser
        if result.not_modified:
            parser.allow_all = True
            return parser
        parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
        return parser


class HostThrottle:
    """At least ``min_delay`` seconds between the starts of two requests to the same host."""

    def __init__(self, min_delay: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        self.min_delay = min_delay
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    async def wait(self, url: str) -> float:
        """Wait for this host's next slot; return the seconds waited."""
        host = (urlsplit(url).hostname or "").lower()
        # Reserve the slot before awaiting, so concurrent callers queue up one delay apart; under a lock,
        # because the daemon's jobs share one throttle from several threads.
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.min_delay
        if slot > now:
            await self._sleep(slot - now)
        return slot - now
