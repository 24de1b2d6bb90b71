"""The gate every request passes: host, token, origin, then the security headers on every answer.

    Guard(app, token=..., bound_host=..., csrf=...)   an ASGI middleware (plain ASGI: no per-request task)

- Without a token (loopback only) the Host header must name this machine: a page on another site
  that points its own name at 127.0.0.1 (DNS rebinding) is refused instead of reading the findings.
- With a token every request carries it: ``Authorization: Bearer <token>``, or the session cookie
  that ``?token=<token>`` (once) or the login form sets. The cookie holds an HMAC of the token, not
  the token. Compared in constant time.
- A POST from a page of another origin (``Origin``/``Referer``) is refused before any handler runs.
- Every answer gets a Content-Security-Policy without inline script, nosniff, no framing, no referrer.
- One log line per request with the path only: a query string may hold ``?token=``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from monitor.web.csrf import CSRF_COOKIE, CsrfTokens, header, same_origin
from monitor.web.server import is_loopback

logger = logging.getLogger(__name__)

SESSION_COOKIE = "monitor_session"
CSRF_SCOPE_KEY = "monitor.csrf"
PUBLIC_PATHS = ("/static/", "/login")  # the stylesheet and script of the login page, and the login itself
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),  # frame-ancestors for browsers that predate it
    # A click on an evidence link tells the outlet nothing about us. Not "no-referrer": under it browsers
    # send "Origin: null" with our own forms, which the origin check must refuse.
    ("referrer-policy", "same-origin"),
    ("cross-origin-opener-policy", "same-origin"),
)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def session_value(token: str) -> str:
    """What the session cookie holds: derived from the token, so the cookie never carries the token."""
    return hmac.new(token.encode("utf-8"), b"monitor web session", hashlib.sha256).hexdigest()


def cookie_header(name: str, value: str, scope: Scope) -> str:
    # HttpOnly: no script reads it. SameSite=Lax: sent when a link in a mail or chat opens a page, never
    # with another site's POST. Secure when the request came over TLS (a proxy in front, say).
    secure = "; Secure" if scope.get("scheme") == "https" else ""
    return f"{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"


class Guard:
    """The middleware; see the module docstring for what it checks."""

    def __init__(self, app: ASGIApp, *, token: str | None, bound_host: str, csrf: CsrfTokens) -> None:
        self.app, self.token, self.bound_host, self.csrf = app, token, bound_host.strip("[]").lower(), csrf
        self.session = session_value(token) if token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        set_cookies: list[str] = []
        private = not scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers[name] = value
                if private:  # pages show what the monitor read and reviewed: no shared cache keeps them
                    headers["cache-control"] = "no-store"
                for cookie in set_cookies:
                    headers.append("set-cookie", cookie)
            await send(message)

        cookies = cookie_parser(header(scope, b"cookie") or "")
        refusal = self._refusal(scope, cookies, set_cookies)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
        else:
            csrf = cookies.get(CSRF_COOKIE)
            if not self.csrf.valid(csrf):
                csrf = self.csrf.issue()
                if scope["method"] == "GET" and private and not scope["path"].startswith("/api/"):
                    set_cookies.append(cookie_header(CSRF_COOKIE, csrf, scope))
            scope[CSRF_SCOPE_KEY] = csrf
            await self.app(scope, receive, send_with_headers)
        logger.info("web %s", scope["method"], extra={"url": scope["path"], "status": status,
                                                       "seconds": round(time.perf_counter() - started, 4)})

    def _refusal(self, scope: Scope, cookies: dict[str, str], set_cookies: list[str]) -> Response | None:
        """The answer that ends this request here, or None to let it through."""
        if self.token is None and not self._our_host(scope):
            return PlainTextResponse("unknown host: this server answers to its loopback address only", 400)
        if scope["method"] not in SAFE_METHODS and not same_origin(scope):
            return PlainTextResponse("cross-origin request refused", 403)
        if self.token is None or scope["path"].startswith(PUBLIC_PATHS):
            return None
        if self._authorised(scope, cookies):
            return None
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        offered = next((value for name, value in query if name == "token"), None)
        if offered is not None and hmac.compare_digest(offered.encode(), self.token.encode()):
            # The login link: set the session cookie and show the same page without the token in its URL.
            set_cookies.append(cookie_header(SESSION_COOKIE, self.session or "", scope))
            rest = urlencode([(name, value) for name, value in query if name != "token"])
            return RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), 303)
        if scope["method"] == "GET" and "text/html" in (header(scope, b"accept") or ""):
            return RedirectResponse("/login?" + urlencode({"next": scope["path"]}), 303)
        return PlainTextResponse("a token is required: Authorization: Bearer <MONITOR_WEB_TOKEN>", 401,
                                 headers={"www-authenticate": 'Bearer realm="monitor"'})

    def _authorised(self, scope: Scope, cookies: dict[str, str]) -> bool:
        assert self.token is not None and self.session is not None
        authorization = header(scope, b"authorization") or ""
        scheme, _, offered = authorization.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(offered.strip().encode(), self.token.encode()):
            return True
        return hmac.compare_digest(cookies.get(SESSION_COOKIE, "").encode(), self.session.encode())

    def _our_host(self, scope: Scope) -> bool:
        host = header(scope, b"host")
        if host is None:
            return True  # HTTP/1.0 without Host: no browser sends that, so no rebinding page either
        try:
            name = urlsplit(f"//{host}").hostname or ""
        except ValueError:
            return False
        return is_loopback(name) or name == self.bound_host

