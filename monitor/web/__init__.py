"""`monitor serve`: the findings to review in a browser, with sources, filings, totals and a JSON API.

    request -> Guard (host, token, origin; security headers; access log) -> route -> Store -> Jinja2 page / JSON

Framework: Starlette under uvicorn. Starlette is a small ASGI toolkit (routing, requests and
responses, static files, Jinja2 templates built in) and adds almost nothing we do not use; the
pages are server-rendered with Jinja2, which the digest already uses, with autoescape on for every
template. uvicorn is a well-kept production server (HTTP/1.1 over h11, graceful shutdown on
SIGTERM) that takes a socket we bind ourselves, so the loopback check happens before anything
listens. Flask with waitress would serve as well; Starlette was chosen for its smaller surface and
because a plain ASGI middleware can guard every request, static files and error pages included.

Modules:
    server   where it may listen (loopback, else MONITOR_WEB_TOKEN), binding, uvicorn
    app      the application: routes, templates, error pages, shared state
    guard    token, Host and Origin checks, security headers, one log line per request
    csrf     signed double-submit tokens for the review form, the same-origin test
    params   query strings -> filters and pages (never more than 500 rows a request)
    pages    the HTML pages;  review  the accept / dismiss POST and the login;  api  the JSON twins
    stories  a page of findings grouped by story;  chart  the totals chart's series
"""

from monitor.web.server import check_bind, serve, web_token

__all__ = ["check_bind", "serve", "web_token"]
