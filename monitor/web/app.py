"""The Starlette application: routes, templates, error pages, and the guard in front of them all.

    create_app(config, store, token=..., bound_host=...) -> ASGI app

What every handler needs (the store, the config's sources, the dataset, the templates, the CSRF
tokens) is built once here into a :class:`WebState` on ``app.state.web``; handlers read it through
:func:`web_state`. Nothing here talks to the database but the one ``sync_sources`` at start-up, the
same one `monitor sources` makes, so /api/sources lists what the command lists.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

import jinja2
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp

from monitor.config import MonitorConfig
from monitor.dataset.model import KnownDataset
from monitor.digest.build import LABELS
from monitor.digest.clean import TITLE_LIMIT, clean_text, safe_url
from monitor.digest.render import when
from monitor.errors import NotFoundError, StorageError, UsageError
from monitor.findings.known import load_known
from monitor.web.csrf import CSRF_FIELD, CsrfTokens
from monitor.web.guard import CSRF_SCOPE_KEY, Guard
from storage import Store


@dataclass(frozen=True)
class WebState:
    store: Store  # for the reviews, which write
    reader: Store  # for the pages and the API (Store.for_reading: on SQLite they never wait for a write lock)
    dataset: KnownDataset  # as of the config's dataset_as_of; accepted findings are added where it matters
    enabled: dict[str, bool]  # the config's sources by name: what `monitor sources` lists
    templates: Jinja2Templates
    csrf: CsrfTokens
    token: str | None
    show_filings: bool  # the config reads the regulator's lists, so the Filings page has something to say


def web_state(request: Request) -> WebState:
    return request.app.state.web  # type: ignore[no-any-return]


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Response:
    """A page from monitor/web/templates, with what the layout needs (navigation, CSRF token)."""
    web = web_state(request)
    context.setdefault("notice", None)
    context.update(request=request, show_filings=web.show_filings, csrf_field=CSRF_FIELD,
                   csrf_token=request.scope.get(CSRF_SCOPE_KEY, ""))
    return web.templates.TemplateResponse(request, name, context, status_code=status_code)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("monitor.web", "templates"),
        autoescape=True,  # every template, every string: feed text is hostile
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship in the package: no stat() of each template on every page
    )
    # clean: one line, no control or bidi characters, bounded (monitor/digest/clean.py); escaping stays
    # autoescape's job. safe_url: http(s) links only, else None (shown as text, not a link).
    env.filters["clean"] = lambda text, limit=TITLE_LIMIT: clean_text(text, limit)
    env.filters["safe_url"] = safe_url
    env.filters["when"] = when
    env.globals["LABELS"] = LABELS
    return env


async def _usage_error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, NotFoundError) else 400
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": str(exc)}, status_code=status)
    return render(request, "error.html", status, title="Not found" if status == 404 else "Bad request", message=str(exc))


async def _storage_error(request: Request, exc: Exception) -> Response:
    # StorageError messages name the database without its password (storage/engine.py redacts it).
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": f"database error: {exc}"}, status_code=503)
    return render(request, "error.html", 503, title="Database unavailable", message=str(exc))


def on_the_loop(handler: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
    """A page or API handler run on the event loop itself, not on Starlette's thread pool.

    A read is a few milliseconds of CPU that holds the GIL (SQLite's query, or PostgreSQL's local round
    trips, then Jinja2 or JSON), so a pool thread could not run beside it anyway, and handing every request
    to a thread and back made the two threads take turns at the GIL. Measured over 10,000 findings, 8
    connections, 2 worker processes: findings page on PostgreSQL 110 -> 190 requests/s, /api/findings
    169 -> 230; on SQLite with one process, /api/findings ~200 -> 290. More cores are used by more
    processes (`monitor serve --workers`). The review's write stays on the pool: it may wait for SQLite's
    write lock while the daemon writes."""

    @functools.wraps(handler)
    async def run(request: Request) -> Response:
        return handler(request)

    return run


def create_app(config: MonitorConfig, store: Store, *, token: str | None = None,
               bound_host: str = "127.0.0.1") -> ASGIApp:
    from monitor.web import api, pages, review

    store.sync_sources(config.sources)
    csrf = CsrfTokens()
    state = WebState(store=store, reader=store.for_reading(),
                     dataset=load_known(config.dataset, config.dataset_as_of),
                     enabled={s.name: s.enabled for s in config.sources},
                     templates=Jinja2Templates(env=_environment()), csrf=csrf, token=token,
                     show_filings=any(s.kind == "filings" for s in config.sources))
    routes = [
        Route("/", on_the_loop(pages.findings_page), name="findings"),
        Route("/findings/{finding_id:int}", on_the_loop(pages.finding_page), name="finding"),
        Route("/review", review.review, methods=["POST"], name="review"),
        Route("/sources", on_the_loop(pages.sources_page), name="sources"),
        Route("/filings", on_the_loop(pages.filings_page), name="filings"),
        Route("/totals", on_the_loop(pages.totals_page), name="totals"),
        Route("/login", review.login, methods=["GET", "POST"], name="login"),
        Route("/api/findings", on_the_loop(api.findings), name="api_findings"),
        Route("/api/sources", on_the_loop(api.sources), name="api_sources"),
        Route("/api/mentions", on_the_loop(api.mentions), name="api_mentions"),
        Route("/api/documents", on_the_loop(api.documents), name="api_documents"),
        Mount("/static", StaticFiles(packages=[("monitor.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={UsageError: _usage_error, StorageError: _storage_error})
    app.state.web = state
    # Outside Starlette's own error middleware, so that even its bare 500 page gets the security headers.
    return Guard(app, token=token, bound_host=bound_host, csrf=csrf)
