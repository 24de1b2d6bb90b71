"""A title is one line, whatever breaks the feed put in it (issue 20, point 8).

Titles end up in table cells, the digest's subject-like headings and mail; a line break inside one
split rows and, in a mail header, is an injection attempt. Served by a real HTTP server on 127.0.0.1,
stored in SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from monitor.config import load_config
from monitor.run.pipeline import run_once
from storage import Store
from tests.outbox.support import rss
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

TEXT = "Regulators published a notice about generative AI services."
TITLES = {
    "crlf": ("Regulators clear\r\nBcc: someone@example.com", "Regulators clear Bcc: someone@example.com"),
    "newlines": ("First line\n\n  second line\n", "First line second line"),
    "separators": ("One\u2028two\u2029three\tfour", "One two three four"),
    "markup": ("<p>Para one</p><p>Para two</p>", "Para one Para two"),
}


def test_stored_titles_hold_no_line_breaks(server: TestServer, tmp_path: Path, db_url: str) -> None:
    items = [(key, f"https://news.example.com/{key}", raw, TEXT) for key, (raw, _) in TITLES.items()]
    server.route("/feed.xml", Response(body=rss(*items), content_type="application/rss+xml"))
    config = write_config(tmp_path, db_url, [feed("news", server.url("/feed.xml"))])
    store = Store.open(db_url)
    try:
        report = run_once(load_config(config), store)
        assert [o.status for o in report.outcomes] == ["ok"]
        titles = {d.url.rsplit("/", 1)[1]: d.title for d in store.list_documents()}
    finally:
        store.close()
    assert titles == {key: expected for key, (_, expected) in TITLES.items()}
