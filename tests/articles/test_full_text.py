"""Feed sources with ``full_text = true``: each new entry's article page replaces its teaser, once."""

from __future__ import annotations

from pathlib import Path

from monitor.config import load_config
from monitor.run.pipeline import run_once
from storage import Store
from tests.articles.site import DATA, NAV_LABELS, article_requests, lead, serve_site
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

LINKED = ["/news/2024/03/article-02.html", "/news/2024/03/article-04.html", "/news/2024/03/article-10.html"]


def run(config_path: Path, *names: str):
    config = load_config(config_path)
    store = Store.open(config.database_url)
    try:
        report = run_once(config, store, names=list(names) or None, article_delay=0.0)
        return report, {s.name: s for s in store.source_states()}, {d.url: d for d in store.list_documents()}
    finally:
        store.close()


def test_full_text_stores_the_article_not_the_teaser_and_fetches_each_page_once(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_site(server)
    body = (DATA / "teasers.xml").read_text(encoding="utf-8").replace("{base}", server.base_url)
    server.route("/teasers.xml", Response(body=body, content_type="application/rss+xml"))
    path = write_config(tmp_path, db_url, [feed("ledger-feed", server.url("/teasers.xml"), full_text=True)])

    report, states, docs = run(path)
    outcome = report.outcomes[0]
    assert (outcome.status, outcome.new) == ("ok", 4)
    assert sorted(article_requests(server)) == LINKED and server.count("/news/2024/03/withdrawn.html") == 1
    for p in LINKED:
        doc = docs[server.url(p)]
        assert doc.text.startswith(lead(p)) and "Read the full story" not in doc.text
        assert not [label for label in NAV_LABELS if label in doc.text]
    # The page's own title wins over the feed's shorter one.
    assert docs[server.url(LINKED[0])].title == "Port authority tests translation assistant for customs forms"
    # A page that cannot be had leaves the entry with its teaser, and a warning on the source.
    missing = docs[server.url("/news/2024/03/withdrawn.html")]
    assert missing.text == "This teaser is all that is left of a withdrawn story."
    assert any("withdrawn.html" in w and "404" in w for w in outcome.warnings)
    assert "withdrawn.html" in (states["ledger-feed"].last_error or "")

    # Second run: the same feed; every entry is stored, so no article page is requested again and
    # the stored article text is not replaced by the teaser.
    report, _, again = run(path, "ledger-feed")
    assert (report.outcomes[0].new, report.outcomes[0].updated, report.outcomes[0].unchanged) == (0, 0, 4)
    assert len(article_requests(server)) == 3 and server.count("/news/2024/03/withdrawn.html") == 1
    assert server.count("/teasers.xml") == 2
    assert {url: d.text for url, d in again.items()} == {url: d.text for url, d in docs.items()}


def test_without_full_text_the_teaser_is_stored_and_no_page_is_fetched(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_site(server)
    body = (DATA / "teasers.xml").read_text(encoding="utf-8").replace("{base}", server.base_url)
    server.route("/teasers.xml", Response(body=body, content_type="application/rss+xml"))
    path = write_config(tmp_path, db_url, [feed("ledger-feed", server.url("/teasers.xml"))])
    report, _, docs = run(path)
    assert report.outcomes[0].new == 4 and article_requests(server) == []
    assert docs[server.url(LINKED[1])].text == "Eleven models on a new list. Read the full story on our site."


def test_new_entries_past_max_articles_wait_for_the_next_run_and_then_get_their_page(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_site(server)
    body = (DATA / "teasers.xml").read_text(encoding="utf-8").replace("{base}", server.base_url)
    server.route("/teasers.xml", Response(body=body, content_type="application/rss+xml", etag='"t1"'))
    path = write_config(tmp_path, db_url, [feed("ledger-feed", server.url("/teasers.xml"), full_text=True,
                                                max_articles=2)])
    report, states, docs = run(path)
    assert report.outcomes[0].new == 2 and sorted(docs) == [server.url(p) for p in LINKED[:2]]
    assert states["ledger-feed"].etag is None
    report, states, docs = run(path, "ledger-feed")
    assert report.outcomes[0].new == 2 and len(docs) == 4 and states["ledger-feed"].etag == '"t1"'
    assert docs[server.url(LINKED[2])].text.startswith(lead(LINKED[2]))
    assert sorted(article_requests(server)) == LINKED
