"""Every real feed and malformed file in ../shared/corpus, served over HTTP, through run-once.

No crash; every feed with entries yields documents with correct text (the Chinese GB2312/GBK feeds
decode to readable Chinese); every failure is recorded with a reason a person understands.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser

from monitor.config import load_config
from monitor.run.pipeline import run_once
from monitor.text import cjk_ratio
from storage import Store
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

MOJIBAKE = re.compile(r"[ÃÂ][\x80-\xbf\u0080-\u00ff]|â€|\ufffd")
UNDERSTANDABLE = ("not a feed", "empty response body")


def test_corpus_feeds_and_malformed_files(server: TestServer, shared_corpus: Path, tmp_path: Path, db_url: str) -> None:
    files = sorted((shared_corpus / "feeds").iterdir()) + sorted((shared_corpus / "malformed").iterdir())
    names = {}
    for index, path in enumerate(files):
        name = f"c{index:02d}-{path.stem[:60]}"
        names[name] = path
        server.route(f"/{name}", Response(body=path.read_bytes(), content_type="application/xml"))
    config_path = write_config(tmp_path, db_url, [feed(name, server.url(f"/{name}")) for name in names])
    config = load_config(config_path)
    store = Store.open(config.database_url)
    try:
        report = run_once(config, store)
        documents = store.list_documents()
    finally:
        store.close()
    by_source: dict[str, list] = {}
    for doc in documents:
        by_source.setdefault(doc.source, []).append(doc)
    outcomes = {o.source: o for o in report.outcomes}
    assert set(outcomes) == set(names)
    for name, path in names.items():
        outcome = outcomes[name]
        assert "internal error" not in (outcome.error or ""), (path.name, outcome.error)
        entries = len(feedparser.parse(path.read_bytes()).entries)
        if outcome.status == "failed":
            assert entries == 0, (path.name, outcome.error)
            assert outcome.error and outcome.error.startswith(UNDERSTANDABLE), (path.name, outcome.error)
            continue
        docs = by_source.get(name, [])
        assert len(docs) >= 1 if entries else len(docs) == 0, path.name
        for doc in docs:
            assert "<script" not in doc.text.lower() and "<p>" not in doc.text, path.name
            assert doc.published.tzinfo is not None
            if "mojibake" not in path.name and "linenoise" not in path.name and "invalid-bytes" not in path.name:
                assert not MOJIBAKE.search(doc.title + doc.text), (path.name, doc.title)
        if docs and ("gb2312" in path.name or path.name.startswith("people-cn")):
            chinese = " ".join(d.title + d.text for d in docs)
            assert cjk_ratio(chinese) > 0.3, (path.name, chinese[:80])
    golem = by_source[next(n for n, p in names.items() if p.name.startswith("golem-de"))]
    assert any(ch in "".join(d.text for d in golem) for ch in "äöüß")
    failed = sorted(o.source for o in report.outcomes if o.status == "failed")
    assert all(names[name].parent.name == "malformed" for name in failed), failed
