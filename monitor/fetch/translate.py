"""httpx and socket errors, turned into sentences a person understands, and whether to retry.

Everything the transport can raise is mapped here, at the boundary, so that no httpx type leaves
:mod:`monitor.fetch` (httpx ``_transports/default.py`` does the same for httpcore).
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass

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


#: What the attempt loop catches and hands to :func:`describe`.
TRANSPORT_ERRORS: tuple[type[Exception], ...] = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError)
