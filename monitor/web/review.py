"""The two POSTs: a review (accept or dismiss one or many findings) and the token login.

    POST /review  csrf_token, action=accept|dismiss with id=... (ticked boxes), or only=accept:12 (one
                  finding's own button), next=/?status=new  ->  303 to next, ?reviewed=N&as=accepted
    GET|POST /login  token, next  ->  session cookie and 303 to next

A review changes every finding named or none (an unknown id: 404, nothing changed). The CSRF token
must match its cookie, and the guard has already refused POSTs from other origins.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from monitor.errors import UsageError
from monitor.web.app import render, web_state
from monitor.web.csrf import CSRF_COOKIE, CSRF_FIELD
from monitor.web.guard import SESSION_COOKIE, cookie_header, session_value
from monitor.web.params import MAX_LIMIT

ACTIONS = {"accept": "accepted", "dismiss": "dismissed"}
MAX_FORM_BYTES = 64 * 1024  # a page of MAX_LIMIT ticked ids is a few KB


async def read_form(request: Request) -> list[tuple[str, str]]:
    """The urlencoded body as (name, value) pairs; UsageError past MAX_FORM_BYTES or when not UTF-8."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise UsageError(f"form larger than {MAX_FORM_BYTES // 1024} KB")
    try:
        return parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_LIMIT + 10)
    except (UnicodeDecodeError, ValueError):
        raise UsageError("the form could not be read") from None


def local_path(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this server; anything else (another host, //evil) is ``default``."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else default


def _with_query(path: str, **values: object) -> str:
    return path + ("&" if "?" in path else "?") + urlencode(values)


def _reviewed(form: list[tuple[str, str]]) -> tuple[str, list[int]]:
    """(review status, finding ids) the form asks for; UsageError when it asks for nothing sensible."""
    fields = dict(form)
    if fields.get("only"):  # one finding's own Accept or Dismiss button: only that finding
        action, _, wanted = fields["only"].partition(":")
        texts = [wanted]
    else:
        action, texts = fields.get("action", ""), [value for name, value in form if name == "id"]
    if action not in ACTIONS:
        raise UsageError(f"action must be accept or dismiss, not {action[:40]!r}")
    if not texts:
        raise UsageError("no finding ticked: tick the findings to review, then accept or dismiss")
    if not all(text.isdigit() for text in texts):
        raise UsageError("finding ids are whole numbers")
    return ACTIONS[action], [int(text) for text in texts]


async def review(request: Request) -> Response:
    web = web_state(request)
    form = await read_form(request)
    if not web.csrf.matches(request.cookies.get(CSRF_COOKIE), dict(form).get(CSRF_FIELD)):
        return render(request, "error.html", 403, title="Form expired",
                      message="This form is stale or did not come from this page: reload the page and review again.")
    status, ids = _reviewed(form)
    result = await run_in_threadpool(web.store.set_findings_status, ids, status)
    target = local_path(dict(form).get("next"))
    return RedirectResponse(_with_query(target, reviewed=len(result.findings), **{"as": status}), 303)


async def login(request: Request) -> Response:
    """The token form, for browsers that should not carry the token in a URL."""
    web = web_state(request)
    if web.token is None:
        return RedirectResponse("/", 303)
    if request.method == "GET":
        return render(request, "login.html", next=local_path(request.query_params.get("next")), failed=False,
                      title="Sign in")
    fields = dict(await read_form(request))
    target = local_path(fields.get("next"))
    if not hmac.compare_digest(fields.get("token", "").encode(), web.token.encode()):
        return render(request, "login.html", 401, next=target, failed=True, title="Sign in")
    response = RedirectResponse(target, 303)
    response.headers.append("set-cookie", cookie_header(SESSION_COOKIE, session_value(web.token), request.scope))
    return response
