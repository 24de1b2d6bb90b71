"""httpx and socket errors, turned into sentences a person understands, and whether to retry.

Everything the transport can raise is mapped here, at the boundary, so that no httpx or aiohttp
type leaves :mod:`monitor.fetch` (httpx ``_transports/default.py`` does the same for httpcore).

Under the aiohttp transport (monitor.fetch.transport) the httpx exception is a coarse wrapper:
httpx-aiohttp maps a refused connection to ``ConnectTimeout``, for one. The aiohttp exception it
wraps (its ``__cause__``) says what happened, so it is read first.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass

import aiohttp
import httpx

from monitor.fetch.limits import FetchLimits, human_seconds


@dataclass(frozen=True, slots=True)
class Failure:
    """One failed attempt: what to tell a person, and whether another attempt may help."""

    message: str
    retryable: bool
    status: int | None = None
    retry_after: float | None = None


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _has(exc: BaseException, kind: type[BaseException]) -> bool:
    return any(isinstance(e, kind) for e in _causes(exc))


def _text(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def describe(exc: Exception, limits: FetchLimits) -> Failure:
    """Map a transport exception raised during one attempt to a Failure."""
    native = next((e for e in _causes(exc) if isinstance(e, aiohttp.ClientError)), None)
    if native is not None:
        return _describe_aiohttp(native, limits)
    if isinstance(exc, httpx.ConnectTimeout):
        return Failure(f"connect timed out after {human_seconds(limits.connect_timeout)}", True)
    if isinstance(exc, httpx.TimeoutException):
        return Failure(f"timed out after {human_seconds(limits.total_timeout)} waiting for the server", True)
    if isinstance(exc, httpx.ConnectError):
        if _has(exc, socket.gaierror) or "name or service not known" in _text(exc).lower():
            return Failure("DNS lookup failed", False)
        if _has(exc, ConnectionRefusedError) or "refused" in _text(exc).lower():
            return Failure("connection refused", True)
        if _has(exc, ssl.SSLError):
            return Failure(f"TLS handshake failed: {_text(exc)}", False)
        return Failure(f"could not connect: {_text(exc)}", True)
    if isinstance(exc, httpx.RemoteProtocolError):
        text = _text(exc)
        if "without sending complete message body" in text or "disconnected" in text.lower():
            return Failure("connection closed before the whole response arrived", True)
        return Failure(f"server sent a malformed HTTP response: {text}", True)
    if isinstance(exc, (httpx.ReadError, httpx.WriteError, httpx.NetworkError)):
        if _has(exc, ConnectionResetError) or "reset" in _text(exc).lower():
            return Failure("connection reset by the server", True)
        return Failure(f"connection lost: {_text(exc)}", True)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError)):
        return Failure(f"invalid request: {_text(exc)}", False)
    if isinstance(exc, ValueError):  # URL parts httpx refuses late, e.g. a bad punycode label
        return Failure(f"invalid URL: {_text(exc)}", False)
    if isinstance(exc, ConnectionResetError):
        return Failure("connection reset by the server", True)
    if isinstance(exc, OSError):
        return Failure(f"network error: {_text(exc)}", True)
    return Failure(f"HTTP client error: {_text(exc)}", False)


def _describe_aiohttp(exc: aiohttp.ClientError, limits: FetchLimits) -> Failure:
    # Order matters: aiohttp's classes overlap (a DNS error is a connector error is a connection error).
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return Failure(f"connect timed out after {human_seconds(limits.connect_timeout)}", True)
    if isinstance(exc, aiohttp.ServerTimeoutError):
        return Failure(f"timed out after {human_seconds(limits.total_timeout)} waiting for the server", True)
    if isinstance(exc, aiohttp.ClientConnectorDNSError) or _has(exc, socket.gaierror):
        return Failure("DNS lookup failed", False)
    if isinstance(exc, (aiohttp.ClientConnectorCertificateError, aiohttp.ClientSSLError)) or _has(exc, ssl.SSLError):
        return Failure(f"TLS handshake failed: {_text(exc)}", False)
    if isinstance(exc, aiohttp.ClientConnectorError):
        if _has(exc, ConnectionRefusedError):
            return Failure("connection refused", True)
        return Failure(f"could not connect: {exc.os_error.strerror or _text(exc.os_error)}", True)
    if _has(exc, ConnectionResetError) or "connectionreseterror" in _text(exc).lower():
        return Failure("connection reset by the server", True)
    if isinstance(exc, (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError)):
        if isinstance(exc, aiohttp.ClientPayloadError) and "content length" not in _text(exc).lower() \
                and "not completed" not in _text(exc).lower():
            return Failure(f"server sent a malformed response body: {_text(exc)}", True)
        return Failure("connection closed before the whole response arrived", True)
    if isinstance(exc, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        return Failure(f"invalid request: {_text(exc)}", False)
    if isinstance(exc, aiohttp.ClientResponseError):  # the status line or headers did not parse
        first_line = (str(exc.message).strip().splitlines() or ["unparsable"])[0].rstrip(":")
        return Failure(f"server sent a malformed HTTP response: {first_line}", True)
    if isinstance(exc, aiohttp.ClientOSError):
        if "reset" in _text(exc).lower():  # a reset the chain did not carry as ConnectionResetError
            return Failure("connection reset by the server", True)
        return Failure(f"connection lost: {_text(exc)}", True)
    return Failure(f"connection lost: {_text(exc)}", True)


#: What the attempt loop catches and hands to :func:`describe`.
TRANSPORT_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, aiohttp.ClientError,
                                               OSError)
