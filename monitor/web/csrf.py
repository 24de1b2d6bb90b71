"""Cross-site request forgery: a signed double-submit token, and the same-origin test for POSTs.

    CsrfTokens.issue() -> "nonce.signature"   set as a cookie and written into every review form
    CsrfTokens.matches(cookie, field) -> bool  the form's copy equals the cookie's and carries our signature
    same_origin(scope) -> bool                  Origin (else Referer) names this server, or is absent

Another site can make a browser POST here, but it cannot read our cookie to copy it into the form, and
the signature stops a cookie planted from elsewhere. The key lives in the process: a restart asks the
reviewer to reload the page, nothing worse.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from starlette.types import Scope

CSRF_COOKIE = "monitor_csrf"
CSRF_FIELD = "csrf_token"


class CsrfTokens:
    """Issues and checks tokens signed with a per-process key."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key or secrets.token_bytes(32)

    def _sign(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode("ascii"), hashlib.sha256).hexdigest()

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._sign(nonce)}"

    def valid(self, token: str | None) -> bool:
        """Was ``token`` issued by this process?"""
        if not token or token.count(".") != 1 or not token.isascii():
            return False
        nonce, signature = token.split(".")
        return hmac.compare_digest(signature, self._sign(nonce))

    def matches(self, cookie: str | None, field: str | None) -> bool:
        """The form's token is the cookie's, and ours. Constant-time: no byte-by-byte guessing."""
        return bool(field) and self.valid(cookie) and hmac.compare_digest(cookie or "", field or "")


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def same_origin(scope: Scope) -> bool:
    """Did the browser send this request from one of our own pages?

    Browsers name the page's origin in ``Origin`` on every cross-origin POST (and ``null`` from a
    sandboxed frame); without it the ``Referer`` is compared. A request with neither comes from a
    program, not a page another site controls: the CSRF token still has to match."""
    host = header(scope, b"host")
    ours = f"{scope.get('scheme', 'http')}://{host}" if host else None
    origin = header(scope, b"origin")
    if origin is not None:
        return origin == ours
    referer = header(scope, b"referer")
    if referer is not None:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" == ours
    return True
