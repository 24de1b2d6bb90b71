"""Article pages whose body is not where trafilatura looks, fetched for a ``full_text`` feed.

The real test server serves four golden pages of tests/data/pages (our own invented text): a
column whose HTML shows only the standfirst above a subscription box while the whole body is in
nested JSON-LD ``articleBody`` (HTML markup inside it), a story kept in
``div[data-testid=paragraph-N]`` blocks below a rail of story cards, a Chinese government notice
written as ``<br>``-separated text beside a long menu (no ``<p>`` at all), and a GBK-encoded
Chinese notice that must come through unchanged. Each stored document must hold the page's whole body and
none of its chrome, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

from monitor.config import load_config
from monitor.run.pipeline import run_once
from monitor.text import cjk_ratio
from storage import Store
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
# served path -> golden page name
SERVED = {
    "/opinion/register-needs-teeth.html": "jsonld_subscriber",
    "/local/chatbot-pilot-paused.html": "testid_paragraphs",
    "/tech/a/88231.html": "chinese_gbk",
    "/tzgg/202407/t20240709_3301.html": "chinese_br_notice",
}


def _feed_xml(base: str) -> str:
    items = "".join(
        f"<item><title>Teaser {n}</title><link>{base}{path}</link><guid isPermaLink=\"false\">teaser-{n}</guid>"
        f"<pubDate>Mon, 03 Jun 2024 0{n}:00:00 GMT</pubDate><description>A line of teaser {n}.</description></item>"
        for n, path in enumerate(SERVED))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Teasers</title>'
            f"<link>{base}/</link><description>Teasers</description>{items}</channel></rss>")


def test_full_text_stores_bodies_from_json_ld_numbered_blocks_br_text_and_gbk_pages(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    for path, name in SERVED.items():
        # no charset in the header: the GBK page must be read by its <meta> and its bytes
        server.route(path, Response(body=(PAGES / f"{name}.html").read_bytes(), content_type="text/html"))
    server.route("/teasers.xml", Response(body=_feed_xml(server.base_url), content_type="application/rss+xml"))
    config = load_config(write_config(tmp_path, db_url, [feed("teasers", server.url("/teasers.xml"), full_text=True)]))
    store = Store.open(config.database_url)
    try:
        report = run_once(config, store, article_delay=0.0)
        docs = {d.url: d for d in store.list_documents()}
    finally:
        store.close()

    assert (report.outcomes[0].status, report.outcomes[0].new) == ("ok", len(SERVED)), report.outcomes[0]
    for path, name in SERVED.items():
        expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
        doc = docs[server.url(path)]
        assert doc.title == expected["title"]
        assert doc.language == expected["language"]
        assert doc.text.startswith(expected["text_start"]), (name, doc.text[:200])
        assert doc.text.endswith(expected["text_end"]), (name, doc.text[-200:])
        for wanted in expected["must_contain"]:
            assert wanted in doc.text, (name, wanted)
        for unwanted in expected["must_not_contain"]:
            assert unwanted not in doc.text, (name, unwanted)
        assert "A line of teaser" not in doc.text  # the page replaced the feed's teaser
    for path in ("/tech/a/88231.html", "/tzgg/202407/t20240709_3301.html"):
        chinese = docs[server.url(path)].text
        assert cjk_ratio(chinese) > 0.8 and "\ufffd" not in chinese
