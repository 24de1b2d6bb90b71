"""`monitor digest preview`: renders what would be sent, writes nothing to the outbox."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.run.pipeline import run_once
from storage import Store
from tests.support.smtp import closed_port
from tests.outbox.support import LATER_ITEM, XML, config_for, news_feed, rss
from tests.support.httpserver import Response, TestServer

TOTAL_ITEM = ("total", "https://analysis.example.net/count", "How many AI models has China approved?",
              "By January 28, 2024, more than 40 generative AI models had been approved by Chinese regulators in total.")
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def collected(server: TestServer, tmp_path: Path, db_url: str) -> Path:
    server.route("/news.xml", Response(body=rss(TOTAL_ITEM, LATER_ITEM), content_type=XML))
    server.route("/gone.xml", Response(404))
    path = config_for(tmp_path, db_url, [news_feed("news", server.url("/news.xml")),
                                         news_feed("gone", server.url("/gone.xml"))], smtp_port=closed_port())
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        # The health section lists sources failing for a day or more: this one has failed for two.
        store.sync_sources(config.sources)
        two_days_ago = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)
        store.record_failure("gone", now=two_days_ago, interval=dt.timedelta(hours=1), error="HTTP 404 for days",
                             max_backoff=3600)
        run_once(config, store)
    finally:
        store.close()
    return path


def test_html_preview_is_a_page_with_findings_links_and_the_total_chart(collected: Path, tmp_path: Path) -> None:
    out = tmp_path / "digest.html"
    result = CliRunner().invoke(cli, ["digest", "preview", "--config", str(collected), "--format", "html",
                                      "--output", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html")
    assert "https://policy.example.net/fifth-batch" in page and "https://analysis.example.net/count" in page
    assert "New batch reported: 15 models approved (batch 5)" in page
    assert "Cumulative total approved" in page and "<b>40</b>" in page
    assert "Sources failing for a day or more (1)" in page and "404" in page
    store = Store.open(load_config(collected).database_url)
    try:
        # nothing written; three findings: batch 5, its unknown company Lanting AI, and the total of 40
        assert store.digests() == [] and len(store.unassigned_finding_ids()) == 3
    finally:
        store.close()


def test_text_preview_goes_to_stdout_and_includes_a_pending_digest(collected: Path) -> None:
    config = load_config(collected)
    store = Store.open(config.database_url)
    try:
        from monitor.delivery.outbox import prepare_digest
        from monitor.run.pipeline import utcnow

        pending = prepare_digest(config, store, now=utcnow())
        assert pending is not None
    finally:
        store.close()
    result = CliRunner().invoke(cli, ["digest", "preview", "--config", str(collected)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "https://policy.example.net/fifth-batch" in result.output
    assert "1 new batch, 1 new company, 1 new total" in result.output


@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium is not installed (/usr/bin/chromium)")
def test_html_preview_renders_in_headless_chromium(collected: Path, tmp_path: Path) -> None:
    page, shot = tmp_path / "digest.html", tmp_path / "digest.png"
    CliRunner().invoke(cli, ["digest", "preview", "--config", str(collected), "--format", "html", "--output", str(page)],
                       catch_exceptions=False)
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
                    "--window-size=900,1200", page.as_uri()], check=True, capture_output=True, timeout=60)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    # Not blank: a white page compresses to a few KB; text, table borders and bars do not.
    assert len(data) > 20_000, len(data)
    assert shutil.which(str(CHROMIUM))
