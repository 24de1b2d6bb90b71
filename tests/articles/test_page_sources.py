"""Page sources end to end: listing -> article links -> article pages -> stored documents.

A real HTTP server on 127.0.0.1 serves the invented site of :mod:`tests.articles.site`; every test
runs on SQLite and PostgreSQL. The safety test reaches the server through ``server.transport()``
under a public-looking address, so the private-address policy is the real one, not switched off.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from monitor.config import load_config
from monitor.records import Document
from monitor.run.pipeline import run_once
from storage import Store
from tests.articles.site import (ARTICLE_PATHS, ARTICLE_SELECTOR, LISTING, LISTING_PATH, NAV_LABELS, article_requests,
                                 lead, serve_site)
from tests.support.configs import page, write_config
from tests.support.httpserver import Response, TestServer

EARLIER = dt.datetime(2024, 3, 30, tzinfo=dt.timezone.utc)
PUBLIC = "http://93.184.216.34"  # a public address: the policy lets it through, the transport brings it here


def run(config_path: Path, server: TestServer | None = None, **kwargs: Any):
    config = load_config(config_path)
    store = Store.open(config.database_url)
    try:
        transport = server.transport() if server is not None else None
        report = run_once(config, store, transport=transport, **{"article_delay": 0.0, **kwargs})
        return report, {s.name: s for s in store.source_states()}, store.list_documents()
    finally:
        store.close()


def test_refused_links_are_recorded_and_the_rest_stored(server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_site(server, robots="User-agent: *\nDisallow: /news/2024/03/article-07.html\n")
    # One article redirects to another loopback address; one listing link names the metadata service.
    server.route("/news/2024/03/article-13.html", Response.redirect(f"http://127.0.0.2:{server.port}/internal/secret"))
    server.route("/internal/secret", Response(body="<p>internal</p>", content_type="text/html"))
    server.route("/latest/meta-data/", Response(body="<p>credentials</p>", content_type="text/html"))
    listing = LISTING.replace('<ul class="stories">', '<ul class="stories">\n<li><a class="headline" '
                              'href="http://169.254.169.254/latest/meta-data/">Cloud notes</a></li>')
    server.route(LISTING_PATH, Response(body=listing, content_type="text/html; charset=utf-8"))
    path = write_config(tmp_path, db_url, [page("ledger", PUBLIC + LISTING_PATH, link_selector=ARTICLE_SELECTOR,
                                                allow_private_network=False)])

    report, states, docs = run(path, server)

    outcome = report.outcomes[0]
    assert (outcome.status, outcome.new) == ("ok", 18), outcome
    refused = {w.split(": ", 1)[0].removeprefix("article "): w for w in outcome.warnings}
    assert set(refused) == {f"{PUBLIC}/news/2024/03/article-07.html", f"{PUBLIC}/news/2024/03/article-13.html",
                            "http://169.254.169.254/latest/meta-data/"}
    assert "robots.txt" in refused[f"{PUBLIC}/news/2024/03/article-07.html"]
    assert "redirect to a private address 127.0.0.2" in refused[f"{PUBLIC}/news/2024/03/article-13.html"]
    assert "private address 169.254.169.254" in refused["http://169.254.169.254/latest/meta-data/"]
    # Refused means never requested: the transport would have delivered these requests here.
    assert server.count("/news/2024/03/article-07.html") == 0
    assert server.count("/internal/secret") == 0 and server.count("/latest/meta-data/") == 0
    assert server.count("/robots.txt") == 1  # one robots.txt for twenty articles of one site
    # Recorded on the source row too, where `monitor sources` shows it.
    state = states["ledger"]
    assert state.last_status == "ok" and state.consecutive_failures == 0
    assert "article-13.html" in (state.last_error or "") and "robots.txt" in (state.last_error or "")

    stored = {d.url: d for d in docs}
    expected = {PUBLIC + p for p in ARTICLE_PATHS} - {f"{PUBLIC}/news/2024/03/article-07.html",
                                                      f"{PUBLIC}/news/2024/03/article-13.html"}
    assert set(stored) == expected
    for p in ARTICLE_PATHS:
        doc = stored.get(PUBLIC + p)
        if doc is None:
            continue
        assert doc.text.startswith(lead(p)), doc.text[:200]
        assert doc.text.endswith("the power to order changes.")
        assert not [label for label in NAV_LABELS if label in doc.text], doc.text
        assert doc.published.date().isoformat() == f"2024-03-{p[-7:-5]}" and doc.language == "en"


def test_only_links_not_yet_stored_are_fetched(server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_site(server)
    path = write_config(tmp_path, db_url, [page("ledger", server.url(LISTING_PATH), link_selector=ARTICLE_SELECTOR)])
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        store.sync_sources(config.sources)
        earlier = [Document(source="ledger", url=server.url(p), guid=server.url(p), title="stored before",
                            published=EARLIER, text="stored before", kind="article") for p in ARTICLE_PATHS[::4]]
        assert store.save_documents(earlier, now=EARLIER) == ["new"] * 5
    finally:
        store.close()

    report, _, docs = run(path)
    assert report.outcomes[0].new == 15
    fetched = article_requests(server)
    assert len(fetched) == 15 and len(set(fetched)) == 15
    assert not set(fetched) & set(ARTICLE_PATHS[::4])
    assert len(docs) == 20

    # The next run finds every link stored: the listing is read, no article is requested.
    report, _, docs = run(path, names=["ledger"])
    assert report.outcomes[0].status == "ok" and report.outcomes[0].new == 0
    assert len(article_requests(server)) == 15 and server.count(LISTING_PATH) == 2 and len(docs) == 20


def test_max_articles_caps_a_run_and_the_next_run_takes_the_rest(server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_site(server)
    server.route(LISTING_PATH, Response(body=LISTING, content_type="text/html; charset=utf-8", etag='"l1"'))
    path = write_config(tmp_path, db_url, [page("ledger", server.url(LISTING_PATH), link_selector=ARTICLE_SELECTOR,
                                                max_articles=12)])
    report, states, docs = run(path)
    assert report.outcomes[0].new == 12 and len(article_requests(server)) == 12 and len(docs) == 12
    # Links were left over, so the validators were not kept: a 304 would hide them.
    assert states["ledger"].etag is None
    report, states, docs = run(path, names=["ledger"])
    assert report.outcomes[0].new == 8 and len(docs) == 20
    assert sorted(article_requests(server)) == sorted(ARTICLE_PATHS)  # each article once over both runs
    assert states["ledger"].etag == '"l1"'
    report, _, _ = run(path, names=["ledger"])
    assert report.outcomes[0].status == "not_modified" and len(article_requests(server)) == 20


def test_article_requests_to_one_host_are_spaced_and_at_most_two_at_once(server: TestServer, tmp_path: Path,
                                                                        db_url: str) -> None:
    serve_site(server)
    delay = 0.05
    path = write_config(tmp_path, db_url, [page("ledger", server.url(LISTING_PATH), link_selector=ARTICLE_SELECTOR,
                                                max_articles=10)], fetch={"per_host": 2})
    run(path, article_delay=delay)
    starts = [r.at for r in server.requests if r.path.startswith("/news/2024/")]
    assert len(starts) == 10
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    # Slots are reserved one delay apart on the client; the server sees them within scheduling noise.
    assert min(gaps) >= delay * 0.6, gaps
    assert starts[-1] - starts[0] >= 9 * delay * 0.9
    assert server.max_in_flight <= 2




def test_respect_robots_false_opts_a_source_out(server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_site(server, robots="User-agent: *\nDisallow: /news/2024/\n")
    server.route("/mirror/", Response(body=LISTING, content_type="text/html; charset=utf-8"))
    path = write_config(tmp_path, db_url, [
        page("polite", server.url("/mirror/"), link_selector=ARTICLE_SELECTOR, max_articles=3),
        page("opted-out", server.url(LISTING_PATH), link_selector=ARTICLE_SELECTOR, max_articles=3,
             respect_robots=False)])
    report, _, docs = run(path)
    outcome = {o.source: o for o in report.outcomes}
    assert outcome["polite"].new == 0 and len(outcome["polite"].warnings) == 3
    assert all("robots.txt" in w for w in outcome["polite"].warnings)
    assert outcome["opted-out"].new == 3 and {d.source for d in docs} == {"opted-out"}
    assert len(article_requests(server)) == 3
