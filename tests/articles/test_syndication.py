"""One story across sources, end to end: feeds -> run-once -> story clusters -> `monitor documents`.

Four feeds on the test server carry edited copies of one invented wire story (other headlines, a
trimmed ending, a rewritten first sentence, reordered paragraphs, a site footer); one of them also
carries a different story on the same topic. See tests/data/articles/syndication.json.
"""

from __future__ import annotations

import datetime as dt
import json
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.run.pipeline import run_once
from storage import Store
from tests.articles.site import DATA
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

CORPUS = json.loads((DATA / "syndication.json").read_text(encoding="utf-8"))
FIRST_FEEDS = ["wire-a", "wire-b", "wire-c", "wire-d"]


def rss(name: str, base: str, now: dt.datetime) -> str:
    """The feed ``name`` with its items dated ``hours_ago`` before ``now``."""
    items = []
    for item in CORPUS["feeds"][name]:
        date = format_datetime(now - dt.timedelta(hours=item["hours_ago"]), usegmt=True)
        html = "".join(f"<p>{CORPUS['paragraphs'][key]}</p>" for key in item["body"])
        items.append(f"<item><title>{escape(item['title'])}</title><link>{base}/{name}/{item['guid']}.html</link>"
                     f"<guid isPermaLink=\"false\">{item['guid']}</guid><pubDate>{date}</pubDate>"
                     f"<description>{escape(html)}</description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
            f"<link>{base}/{name}/</link><description>test feed</description>{''.join(items)}</channel></rss>")


def stories(base: str) -> dict[str, str]:
    """URL -> story letter, from the corpus."""
    return {f"{base}/{name}/{item['guid']}.html": item["story"] for name in CORPUS["feeds"] for item in CORPUS["feeds"][name]}


def documents_json(path: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["documents", "--config", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def serve_feeds(server: TestServer, now: dt.datetime) -> None:
    for name in CORPUS["feeds"]:
        server.route(f"/{name}.xml", Response(body=rss(name, server.base_url, now), content_type="application/rss+xml"))


def run(path: Path, names: list[str] | None = None):
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        return run_once(config, store, names=names)
    finally:
        store.close()


def test_syndicated_copies_share_one_cluster_and_the_other_story_has_its_own(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    serve_feeds(server, dt.datetime.now(dt.timezone.utc))
    sources = [feed(name, server.url(f"/{name}.xml")) for name in FIRST_FEEDS]
    path = write_config(tmp_path, db_url, sources)
    report = run(path)
    assert [o.new for o in report.outcomes] == [1, 1, 1, 2] and report.analysis.documents == 5

    docs = documents_json(path)
    assert {"id", "url", "title", "source", "published", "language", "text", "cluster"} <= set(docs[0])
    story = stories(server.base_url)
    clusters: dict[str, set[int]] = {}
    for d in docs:
        clusters.setdefault(story[d["url"]], set()).add(d["cluster"])
    assert len(clusters["S"]) == 1 and None not in clusters["S"], docs
    assert len(clusters["T"]) == 1 and clusters["T"] != clusters["S"]
    s_cluster = next(iter(clusters["S"]))
    assert sorted(d["source"] for d in docs if d["cluster"] == s_cluster) == FIRST_FEEDS

    # A copy that arrives on a later run, from a new source, joins the stored cluster.
    path = write_config(tmp_path, db_url, [*sources, feed("late-wire", server.url("/late-wire.xml"))])
    report = run(path, ["late-wire"])
    assert report.outcomes[0].new == 1 and report.analysis.documents == 1
    late = [d for d in documents_json(path) if d["source"] == "late-wire"]
    assert [d["cluster"] for d in late] == [s_cluster]


def test_a_late_copy_of_an_old_story_joins_its_cluster(server: TestServer, tmp_path: Path) -> None:
    serve_feeds(server, dt.datetime(2024, 3, 15, 12, tzinfo=dt.timezone.utc))
    db_url = f"sqlite:///{tmp_path / 'monitor.db'}"
    sources = [feed(name, server.url(f"/{name}.xml")) for name in FIRST_FEEDS]
    run(write_config(tmp_path, db_url, sources))
    path = write_config(tmp_path, db_url, [*sources, feed("late-wire", server.url("/late-wire.xml"))])
    run(path, ["late-wire"])
    clusters = {d["source"]: d["cluster"] for d in documents_json(path) if d["url"].endswith(("a-1.html", "e-1.html"))}
    assert clusters["late-wire"] == clusters["wire-a"]
