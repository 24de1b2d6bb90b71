"""The HTML pages: findings (filtered, paged, grouped by story), one finding, sources, filings, totals.

Each handler: query string -> one or two store reads (the read-only store) -> a template. Plain
functions, run on the event loop by monitor.web.app.on_the_loop (which says why not on a thread pool).
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from monitor.errors import NotFoundError, UsageError
from monitor.findings.known import diff_view
from monitor.records import FINDING_KINDS
from monitor.views import source_json
from monitor.web.app import render, web_state
from monitor.web.chart import chart_series, total_points
from monitor.web.params import FINDING_STATUS_CHOICES, date_param, finding_filter, page_window
from monitor.web.stories import group_by_story

REVIEW_STATUSES = ("accepted", "dismissed")
FILINGS_LIMIT = 100  # list rows a page shows by default


def _notice(request: Request) -> str | None:
    """What the review just did, from the redirect that followed it (?reviewed=3&as=accepted)."""
    count, status = request.query_params.get("reviewed", ""), request.query_params.get("as", "")
    if not count.isdigit() or status not in REVIEW_STATUSES:
        return None
    return f"{count} finding{'' if count == '1' else 's'} {status}."


def findings_page(request: Request) -> Response:
    web = web_state(request)
    flt = finding_filter(request.query_params)
    filters = dict(status=flt.status, kind=flt.kind, since=flt.since, until=flt.until)
    total = web.reader.count_findings(**filters)
    views = web.reader.list_findings(**filters, limit=flt.window.limit, offset=flt.window.offset, newest_first=True)
    pages = max(math.ceil(total / flt.window.limit), 1)
    here = "/" + (f"?{flt.query()}" if flt.query() else "")
    return render(request, "findings.html", filter=flt, groups=group_by_story(views), total=total, shown=len(views),
                  pages=pages, here=here, statuses=FINDING_STATUS_CHOICES, kinds=FINDING_KINDS,
                  notice=_notice(request), title="Findings")


def finding_page(request: Request) -> Response:
    web = web_state(request)
    finding_id = request.path_params["finding_id"]
    views = web.reader.list_findings(status="all", ids=[finding_id])
    if not views:
        raise NotFoundError(f"no finding with id {finding_id}")
    return render(request, "finding.html", view=views[0], here=f"/findings/{finding_id}", notice=_notice(request),
                  title=f"Finding {finding_id}")


def sources_page(request: Request) -> Response:
    from monitor.run.daemon import daemon_status

    web = web_state(request)
    rows = [source_json(s, enabled=web.enabled[s.name]) for s in web.reader.source_states() if s.name in web.enabled]
    failing = sum(1 for row in rows if row["consecutive_failures"])
    return render(request, "sources.html", rows=rows, failing=failing, daemon=daemon_status(web.reader.heartbeat()),
                  title="Sources")


def filings_page(request: Request) -> Response:
    """The regulator's list rows, as `monitor filings` reads them, a page at a time."""
    from monitor.filings.views import filing_json

    web = web_state(request)
    params = request.query_params
    registry = params.get("registry") or None
    if registry not in (None, "filed", "registered"):
        raise UsageError(f"registry must be filed or registered, not {registry[:40]!r}")
    provider = (params.get("provider") or "").strip()[:200] or None
    since = date_param(params, "since")
    window = page_window({"limit": str(FILINGS_LIMIT), **params})
    stored = web.reader.filings(since=since, provider=provider, registry=registry)
    rows = [filing_json(f, web.dataset) for f in stored[window.offset:window.offset + window.limit]]
    query = {k: v for k, v in (("registry", registry), ("provider", provider),
                               ("since", since.isoformat() if since else None)) if v}
    return render(request, "filings.html", rows=rows, total=len(stored), window=window,
                  pages=max(math.ceil(len(stored) / window.limit), 1), query=query, urlencode=urlencode,
                  registry=registry, provider=provider, since=since, title="Filings")


def totals_page(request: Request) -> Response:
    """The running totals: the dataset's (with accepted findings) and those unreviewed reports claim."""
    web = web_state(request)
    dataset = diff_view(web.dataset, web.reader.accepted_findings())
    points = total_points(dataset, web.reader.list_findings(status="new", kind="new_total"))
    return render(request, "totals.html", series=chart_series(points), title="Totals")
