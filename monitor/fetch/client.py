"""The Fetcher: one GET, with the policies every fetch in monitor needs.

Order of work in :meth:`Fetcher.get`, and why:
1. check the URL (scheme, private address) before anything touches the network;
2. robots.txt when asked, through this same fetcher, so it obeys the same limits;
3. per hop: check the hop's URL again (a public page may redirect to the metadata service), then
   up to ``retries + 1`` attempts, each under the per-host and global slots and the total timeout.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random as _random
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Mapping
from urllib.parse import urldefrag, urljoin, urlsplit

import httpx

from monitor.errors import BlockedURLError, FetchError, MonitorError
from monitor.fetch.body import read_capped
from monitor.fetch.limits import FetchLimits, human_seconds
from monitor.fetch.retry import parse_retry_after, request_retry_delay, should_retry_status
from monitor.fetch.robots import RobotsCache
from monitor.fetch.slots import HostSlots
from monitor.fetch.translate import TRANSPORT_ERRORS, Failure, describe
from monitor.fetch.transport import default_transport
from monitor.fetch.urls import PrivateAccess, url_host, vetted_addresses
from monitor.records import FetchResult

logger = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def fetch_error(message: str, *, url: str, status: int | None = None, retry_after: float | None = None,
                kind: type[FetchError] = FetchError) -> FetchError:
    """A FetchError carrying the Retry-After hint the scheduler uses (``retry_after``, seconds or None)."""
    error = kind(message, url=url, status=status)
    error.retry_after = retry_after  # type: ignore[attr-defined]  # see report: belongs in errors.py
    return error


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes


class Fetcher:
    """Async HTTP GET with SSRF checks, conditional GET, caps, retries and bounded concurrency.

    Use as ``async with Fetcher(limits) as fetcher: await fetcher.get(url)``. ``sleep``, ``random``
    and ``clock`` (wall time, for HTTP-date Retry-After) are injected so tests need not wait.
    """

    def __init__(
        self,
        limits: FetchLimits | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
        random: Callable[[], float] = _random.random,
        clock: Callable[[], float] = time.time,
        host_slots: HostSlots | None = None,
    ) -> None:
        self.limits = limits or FetchLimits()
        # Shared with other Fetchers of the process (the daemon's jobs), else this Fetcher's own semaphores.
        self._shared_slots = host_slots
        self._transport = transport
        self._sleep = sleep
        self._random = random
        self._clock = clock
        self._client: httpx.AsyncClient | None = None
        self._slots = asyncio.Semaphore(self.limits.concurrency)
        self._host_slots: dict[str, asyncio.Semaphore] = {}
        self.robots = RobotsCache(self.get, user_agent=self.limits.user_agent)

    async def __aenter__(self) -> Fetcher:
        lim = self.limits
        self._client = httpx.AsyncClient(
            transport=self._transport or default_transport(lim),
            follow_redirects=False,
            # Reads, writes and pool waits are bounded by the total timeout around each attempt.
            timeout=httpx.Timeout(None, connect=lim.connect_timeout),
            limits=httpx.Limits(max_connections=lim.concurrency, max_keepalive_connections=lim.concurrency),
            headers={"User-Agent": lim.user_agent, "Accept-Encoding": "gzip, deflate"},
            # A proxy from the environment would defeat the private-address checks.
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool | PrivateAccess = False,
        headers: Mapping[str, str] | None = None,
        check_robots: bool = False,
    ) -> FetchResult:
        """Fetch ``url``; raise FetchError (BlockedURLError, ResponseTooLarge) when it cannot be had.

        ``allow_private``: the private hosts this fetch may reach, on every hop (monitor.fetch.urls); True
        is ``url``'s own host only, so a redirect elsewhere on the private network is still refused."""
        started = time.monotonic()
        access = PrivateAccess.of(url, allow_private)
        request_headers = dict(headers or {})
        if etag:
            request_headers["If-None-Match"] = etag
        if last_modified:
            request_headers["If-Modified-Since"] = last_modified
        try:
            pin = await self._check(url, access, hop=0)
            if check_robots and not await self.robots.allowed(url, allow_private=access or False):
                raise fetch_error("disallowed by robots.txt", url=url, kind=BlockedURLError)
            current, seen = url, {urldefrag(url)[0]}
            for hop in range(self.limits.max_redirects + 1):
                if hop:
                    pin = await self._check(current, access, hop=hop)
                answer = await self._exchange(current, request_headers, pin)
                location = answer.headers.get("location")
                if answer.status not in REDIRECT_STATUSES or not location:
                    return self._result(current, answer, etag, last_modified, time.monotonic() - started)
                following = urldefrag(urljoin(current, location.strip()))[0]
                if following in seen:
                    raise fetch_error(f"redirect loop: {following} was already visited", url=url, status=answer.status)
                seen.add(following)
                logger.debug("redirect url=%s status=%s to=%s", current, answer.status, following)
                current = following
            raise fetch_error(f"more than {self.limits.max_redirects} redirects", url=url, status=answer.status)
        except MonitorError:
            raise
        except (*TRANSPORT_ERRORS, ValueError, UnicodeError) as exc:
            # Safety net: anything a URL or the transport raised that the attempt loop did not see.
            raise fetch_error(describe(exc, self.limits).message, url=url) from exc

    async def _check(self, url: str, access: PrivateAccess | None, *, hop: int) -> str | None:
        """Check ``url`` against the policy; return the vetted address to connect to (None: resolve freely)."""
        try:
            if access is not None and access.names(url_host(url)):
                vetted_addresses(url, allow_private=access)  # a host allowed by name: no DNS, no thread needed
                return None
            addresses = await asyncio.to_thread(vetted_addresses, url, allow_private=access)
            return str(addresses[0])
        except BlockedURLError as exc:
            if hop == 0:
                raise
            raise fetch_error(f"redirect to {exc}", url=url, kind=BlockedURLError) from exc

    def _result(self, url: str, answer: _Answer, etag: str | None, last_modified: str | None,
                elapsed: float) -> FetchResult:
        not_modified = answer.status == 304
        if not (200 <= answer.status < 300 or not_modified):
            raise fetch_error(f"HTTP {answer.status} {answer.reason}".strip(), url=url, status=answer.status)
        return FetchResult(
            url=url,
            status=answer.status,
            body=b"" if not_modified else answer.body,
            headers=answer.headers,
            etag=answer.headers.get("etag") or (etag if not_modified else None),
            last_modified=answer.headers.get("last-modified") or (last_modified if not_modified else None),
            not_modified=not_modified,
            elapsed=elapsed,
        )

    async def _exchange(self, url: str, headers: Mapping[str, str], pin: str | None) -> _Answer:
        """One hop: up to ``retries + 1`` attempts, waiting between them."""
        attempts = self.limits.retries + 1
        for attempt in range(attempts):
            outcome = await self._attempt(url, headers, pin)
            if isinstance(outcome, _Answer):
                if not should_retry_status(outcome.status):
                    return outcome
                outcome = Failure(
                    f"HTTP {outcome.status} {outcome.reason}".strip(), True, outcome.status,
                    parse_retry_after(outcome.headers.get("retry-after"), self._clock()),
                )
            wait = outcome.retry_after
            if wait is not None and wait > self.limits.max_retry_after:
                raise fetch_error(
                    f"{outcome.message}; the server asks to retry in {human_seconds(round(wait))}",
                    url=url, status=outcome.status, retry_after=wait,
                )
            if not outcome.retryable or attempt + 1 == attempts:
                break
            if wait is None:
                wait = request_retry_delay(attempt, self.limits.backoff_base, self.limits.backoff_max, self._random)
            logger.info("retry url=%s attempt=%d error=%r wait=%.2f", url, attempt + 1, outcome.message, wait)
            await self._sleep(wait)
        tries = f" after {attempt + 1} attempts" if attempt else ""
        raise fetch_error(f"{outcome.message}{tries}", url=url, status=outcome.status, retry_after=outcome.retry_after)

    def _host_slot(self, url: str) -> contextlib.AbstractAsyncContextManager[object]:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        if self._shared_slots is not None:
            return self._shared_slots.slot(key)
        if key not in self._host_slots:
            self._host_slots[key] = asyncio.Semaphore(self.limits.per_host)
        return self._host_slots[key]

    async def _attempt(self, url: str, headers: Mapping[str, str], pin: str | None) -> _Answer | Failure:
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        target: str | httpx.URL = url
        extensions: dict[str, str] = {}
        if pin is not None:
            # Connect to the address that was checked, not to whatever DNS says a moment later;
            # Host header and TLS SNI/certificate name stay those of the URL.
            parsed = httpx.URL(url)
            if parsed.host != pin:
                headers = {**headers, "Host": parsed.netloc.decode("ascii")}
                extensions["sni_hostname"] = parsed.raw_host.decode("ascii")
                target = parsed.copy_with(host=pin)
        total = self.limits.total_timeout
        # Host slot first: waiting for a busy host must not hold one of the global slots.
        async with self._host_slot(url), self._slots:
            try:
                async with asyncio.timeout(total):
                    async with self._client.stream("GET", target, headers=headers, extensions=extensions) as response:
                        status = response.status_code
                        body = await read_capped(response, self.limits.max_bytes, url) if 200 <= status < 300 else b""
                        lowered = {k.lower(): v for k, v in response.headers.items()}
                        return _Answer(status, response.reason_phrase, lowered, body)
            except TimeoutError:
                # Not retried: a server that was too slow once will most likely be too slow again.
                return Failure(f"timed out after {human_seconds(total)} (total)", False)
            except TRANSPORT_ERRORS as exc:
                return describe(exc, self.limits)
