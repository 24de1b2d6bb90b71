"""Fetching over HTTP with the limits and policies in :class:`FetchLimits` (see :mod:`.client`).

    in:  a URL, the source's validators (ETag, Last-Modified) and what private hosts it may reach
    out: :class:`monitor.records.FetchResult` (body, headers, final URL, not_modified), or FetchError

    body.py       the response body, read up to max_bytes
    client.py     Fetcher: SSRF checks on every hop, conditional GET, size and time caps, retries
    limits.py     FetchLimits: the knobs of one fetch and of the fetcher
    retry.py      per-request retry: when to try the same URL again within one fetch
    robots.py     robots.txt per origin, and the per-host throttle of article requests
    slots.py      per-host request slots, shared by every run of a process
    transport.py  aiohttp's connection pool under the httpx API
    translate.py  transport errors -> FetchError
    urls.py       the refusal of addresses never to be fetched (SSRF guard), and canonical URLs

The names load lazily (PEP 562): ``client`` pulls in httpx and aiohttp, which the config (it checks
``allow_private_hosts`` with :mod:`.urls`) and the feed-parse workers (canonical URLs) never use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.lazy import lazy_exports

if TYPE_CHECKING:
    from monitor.fetch.client import Fetcher
    from monitor.fetch.limits import DEFAULT_USER_AGENT, FetchLimits
    from monitor.fetch.slots import HostSlots

__all__ = ["DEFAULT_USER_AGENT", "FetchLimits", "Fetcher", "HostSlots"]

_HOME = {
    "DEFAULT_USER_AGENT": "limits",
    "FetchLimits": "limits",
    "Fetcher": "client",
    "HostSlots": "slots",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOME, __all__)
