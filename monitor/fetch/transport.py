"""The network under the Fetcher: the httpx API over aiohttp's connection pool (httpx-aiohttp).

Why not httpx's own transport: measured on the feed-farm benchmark (1,000 feeds from one host, 2
cores), httpcore's pool spends its CPU scanning its connections on every request once many are
open: 10.5 s of CPU for 1,000 requests at 64 concurrent, where aiohttp's pool takes 0.6 s and
finishes in a tenth of the wall time. Everything above the transport (redirect hops, SSRF checks,
caps, retries, error messages) stays ours and is the same with either transport; tests that pass
``transport=`` (httpx.MockTransport) exercise exactly that code.

Address pinning works as with httpx: the Fetcher connects to the vetted IP and passes the URL's
host name in the ``sni_hostname`` extension, which this transport hands to aiohttp as
``server_hostname`` (TLS SNI and certificate check against the name, not the IP).
"""

from __future__ import annotations

import functools
import ssl

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from monitor.fetch.limits import FetchLimits

KEEPALIVE_SECONDS = 5.0  # httpx's default: an idle connection to a feed host is rarely reused later


@functools.lru_cache(maxsize=1)
def shared_ssl_context() -> ssl.SSLContext:
    """One context for every Fetcher of the process: loading certifi's roots cost ~20 ms of CPU, and the
    daemon builds a Fetcher per job (a fifth of its CPU at 1,000 feeds before it was shared). A context is
    only read once built, and connections on any thread or event loop may share it."""
    return httpx.create_ssl_context()


def default_transport(limits: FetchLimits) -> httpx.AsyncBaseTransport:
    def session() -> aiohttp.ClientSession:
        # Built on first use, inside the running event loop, as aiohttp requires.
        connector = aiohttp.TCPConnector(
            limit=limits.concurrency,
            limit_per_host=0,  # the Fetcher's per-host slots decide, for every transport alike
            ssl=shared_ssl_context(),  # certifi's roots, as httpx's own transport uses
            keepalive_timeout=KEEPALIVE_SECONDS,
        )
        return aiohttp.ClientSession(
            connector=connector,
            # httpx's client keeps the cookies; a second jar here would send them twice.
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=False,  # a proxy from the environment would defeat the private-address checks
            timeout=aiohttp.ClientTimeout(total=None),  # the Fetcher bounds every attempt itself
            auto_decompress=False,  # read_capped inflates under the size cap
        )

    return AiohttpTransport(verify=shared_ssl_context(), client=session)  # else it builds a context of its own
