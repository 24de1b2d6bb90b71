"""The JSON API: the objects of `monitor ... --format json` (docs/contracts.md section 6), a page at a time.

    GET /api/findings   ?status= &kind= &since= &until= &page= &limit=   finding_json, oldest first as the CLI
    GET /api/sources                                                    source_json of the config's sources
    GET /api/mentions   ?since= &page= &limit=                          mention_json, newest document first
    GET /api/documents  ?source=NAME... &since= &page= &limit=          document_json, newest first

Each answers a JSON array built by monitor/views.py, exactly what the command prints for the same
filter and rows. Pages: ``limit`` (default 50, at most 500) and ``page`` (from 1); a ``Link: <...>;
rel="next"`` header while more follow, and ``X-Total-Count`` for findings.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from monitor.errors import UsageError
from monitor.views import document_json, finding_json, mention_json, source_json
from monitor.web.app import web_state
from monitor.web.params import PageWindow, date_param, finding_filter, page_window


def _page(request: Request, rows: list[dict[str, Any]], window: PageWindow, total: int | None = None) -> JSONResponse:
    headers = {}
    more = window.offset + len(rows) < total if total is not None else len(rows) == window.limit
    if more:
        following = request.url.include_query_params(page=window.page + 1, limit=window.limit)
        headers["link"] = f'<{following.path}?{following.query}>; rel="next"'
    if total is not None:
        headers["x-total-count"] = str(total)
    return JSONResponse(rows, headers=headers)


def findings(request: Request) -> JSONResponse:
    web = web_state(request)
    flt = finding_filter(request.query_params)
    filters = dict(status=flt.status, kind=flt.kind, since=flt.since, until=flt.until)
    views = web.reader.list_findings(**filters, limit=flt.window.limit, offset=flt.window.offset)
    return _page(request, [finding_json(v) for v in views], flt.window, web.reader.count_findings(**filters))


def sources(request: Request) -> JSONResponse:
    web = web_state(request)
    return JSONResponse([source_json(s, enabled=web.enabled[s.name]) for s in web.reader.source_states()
                         if s.name in web.enabled])


def mentions(request: Request) -> JSONResponse:
    web = web_state(request)
    window = page_window(request.query_params)
    rows = web.reader.list_mentions(since=date_param(request.query_params, "since"), limit=window.limit,
                                   offset=window.offset)
    return _page(request, [mention_json(m) for m in rows], window)


def documents(request: Request) -> JSONResponse:
    web = web_state(request)
    window = page_window(request.query_params)
    names = request.query_params.getlist("source")
    if names:  # as `monitor documents --source`: a mistyped name is an error, not an empty list
        known = set(web.enabled) | {s.name for s in web.reader.source_states()}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise UsageError(f"no source named {unknown[0][:100]!r}; known: {', '.join(sorted(known)) or 'none'}")
    rows = web.reader.list_documents(sources=names, since=date_param(request.query_params, "since"),
                                    limit=window.limit, offset=window.offset)
    return _page(request, [document_json(d) for d in rows], window)
