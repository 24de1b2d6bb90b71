"""Press reports beside the regulator's lists: a config with the CAC's filings source and three news
outlets, news articles stored as the pipeline stores them (with the findings the rules raised), a
release published on the real test HTTP server, and the digest a send would mail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.records import Document, Finding, Mention, MentionKind
from storage import FetchSuccess, Store
from storage.analysis import DocumentAnalysis
from tests.filings.builders import releases
from tests.filings.pages import announcement_html
from tests.filings.test_filings_source import PAGE, filings_source, serve_release
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

UTC = dt.timezone.utc
OUTLETS = ("press", "wire", "daily")  # independent news sources: agreement among them raises confidence
_MENTION_KIND: dict[str, MentionKind] = {"new_company": "company_approval", "new_total": "cumulative_total", "new_batch": "approval_batch"}


def setup(server: TestServer, tmp_path: Path, db_url: str, *, empty_dataset: bool = True) -> Path:
    """A config with the CAC's list (a filings source) and the outlets (feeds that are never polled)."""
    extra: dict[str, str] = {}
    if empty_dataset:
        empty = tmp_path / "empty.toml"
        empty.write_text("", encoding="utf-8")
        extra["dataset"] = str(empty)
    for name in OUTLETS:  # polled only when named: an unchanged feed
        server.route(f"/feed/{name}", Response(status=304))
    outlets = [feed(name, server.url(f"/feed/{name}"), enabled=False) for name in OUTLETS]
    return write_config(tmp_path, db_url, [filings_source("cac", server.url(PAGE), max_articles=20), *outlets], **extra)


def report(path: Path, *findings: Finding, published: dt.datetime, outlet: str = "press") -> None:
    """A news article of ``outlet`` stored as the pipeline stores one, with the findings the rules raised."""
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        store.sync_sources(config.sources)
        url = f"https://{outlet}.example.com/{published:%Y%m%d}/{findings[0].key.replace(':', '-')}"
        store.save_documents([Document(source=outlet, url=url, guid=url, title="China's generative-AI register grows",
                                       published=published, text=" ".join(f.summary for f in findings))],
                             now=published, success=FetchSuccess(outlet, dt.timedelta(hours=1), None, None, None))
        (doc_id,) = store.pending_document_ids()
        raised = tuple((f, Mention(kind=_MENTION_KIND[f.kind], rule="test", snippet=f.summary))
                       for f in findings)
        store.save_analyses([DocumentAnalysis(doc_id, b"", None, (), raised)], now=published)
    finally:
        store.close()


def publish(server: TestServer, *periods: str) -> None:
    """The CAC's announcement page with the lists of ``periods`` attached (xlsx behind download links)."""
    links = [serve_release(server, batch, "xlsx", batch["period"]) for batch in releases() if batch["period"] in periods]
    server.route(PAGE, Response(body=announcement_html(links), content_type="text/html; charset=utf-8"))


def digest(path: Path, fmt: str = "text") -> str:
    """The digest a send would mail now, as one line of words (the text part wraps its lines)."""
    result = CliRunner().invoke(cli, ["digest", "preview", "--format", fmt, "--config", str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())
