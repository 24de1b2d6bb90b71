"""Read a streamed body under a size cap that holds for the bytes on the wire and after inflation.

httpx's own decoders inflate a whole network chunk at once (64 KB of a gzip bomb is 64 MB), so the
body is read raw and inflated here with ``max_length``: memory never exceeds the cap plus one chunk.
"""

from __future__ import annotations

import zlib

import httpx

from monitor.errors import FetchError, ResponseTooLarge
from monitor.fetch.limits import human_size

_GZIP_MAGIC = b"\x1f\x8b"


class _Overflow(Exception):
    """The inflated body would pass the cap."""


class _Inflater:
    """Incremental gzip/deflate decoding that never produces more than it is given room for."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        self._obj = zlib.decompressobj(31 if self._gzip else 15)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out = self._obj.decompress(data, room + 1)
        except zlib.error:
            if self._gzip or self._started:
                raise
            # "deflate" is meant as zlib-wrapped, but some servers send a raw deflate stream.
            self._obj = zlib.decompressobj(-15)
            out = self._obj.decompress(data, room + 1)
        self._started = True
        if len(out) > room:
            raise _Overflow
        rest = self._obj.unused_data
        if self._obj.eof and rest.startswith(_GZIP_MAGIC) and self._gzip:
            # A body made of several gzip members (concatenated files) is one body.
            self._obj = zlib.decompressobj(31)
            out += self.feed(rest, room - len(out))
        return out

    def flush(self, room: int) -> bytes:
        out = self._obj.flush()
        if len(out) > room:
            raise _Overflow
        return out


def _inflater_for(header: str, url: str) -> _Inflater | None:
    codings = [c.strip().lower() for c in header.split(",") if c.strip().lower() not in ("", "identity")]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return _Inflater(codings[0])
    raise FetchError(f"unsupported Content-Encoding {header!r}", url=url)


def declared_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "").strip()
    return int(value) if value.isdigit() else None


async def read_capped(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    """The body of ``response``, decoded, or ResponseTooLarge as soon as either size passes ``max_bytes``."""
    cap = human_size(max_bytes)
    length = declared_length(response)
    if length is not None and length > max_bytes:
        raise ResponseTooLarge(
            f"response larger than {cap} (Content-Length {human_size(length)})", url=url, status=response.status_code
        )
    inflater = _inflater_for(response.headers.get("content-encoding", ""), url)
    body = bytearray()
    wire = 0
    try:
        async for chunk in response.aiter_raw():
            wire += len(chunk)
            if wire > max_bytes:
                raise ResponseTooLarge(f"response larger than {cap}", url=url, status=response.status_code)
            body += inflater.feed(chunk, max_bytes - len(body)) if inflater else chunk
            if len(body) > max_bytes:
                raise ResponseTooLarge(f"response larger than {cap}", url=url, status=response.status_code)
        if inflater:
            body += inflater.flush(max_bytes - len(body))
    except _Overflow:
        assert inflater is not None
        raise ResponseTooLarge(
            f"{inflater.encoding} body inflates past {cap}", url=url, status=response.status_code
        ) from None
    except zlib.error as exc:
        raise FetchError(f"corrupt {inflater.encoding if inflater else ''} body: {exc}", url=url) from exc
    return bytes(body)
