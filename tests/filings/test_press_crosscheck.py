"""The press against a later list: a reported total and a reported company that a list confirms, and a
reported total that it contradicts; the digest shows each press finding next to the list rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.records import Document, Finding, Mention
from storage import FetchSuccess, Store
from storage.analysis import DocumentAnalysis
from tests.filings.builders import releases
from tests.filings.pages import announcement_html
from tests.filings.test_filings_source import PAGE, filings_source, run, serve_release
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

UTC = dt.timezone.utc
PROVIDER = "甫山智能信息科技（杭州）有限公司"  # first listed in 2026-08


def _press(path: Path, *findings: Finding, published: dt.datetime) -> None:
    """A news article stored as the pipeline stores one, with the findings the rules raised from it."""
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        store.sync_sources(config.sources)
        url = f"https://news.example.com/{published:%Y%m%d}"
        store.save_documents([Document(source="press", url=url, guid=url, title="China's generative-AI register grows",
                                       published=published, text=" ".join(f.summary for f in findings))],
                             now=published, success=FetchSuccess("press", dt.timedelta(hours=1), None, None, None))
        (doc_id,) = store.pending_document_ids()
        store.save_analyses([DocumentAnalysis(doc_id, b"", None, (), tuple(
            (f, Mention(kind="cumulative_total" if f.total else "company_approval", rule="test", snippet=f.summary))
            for f in findings))], now=published)
    finally:
        store.close()


def _setup(server: TestServer, tmp_path: Path, db_url: str) -> Path:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    server.route("/feed", Response(status=304))
    return write_config(tmp_path, db_url, [filings_source("cac", server.url(PAGE), max_articles=20),
                                           feed("press", server.url("/feed"), enabled=False)], dataset=str(empty))


def _publish(server: TestServer, *periods: str) -> None:
    links = [serve_release(server, batch, "xlsx", batch["period"]) for batch in releases() if batch["period"] in periods]
    server.route(PAGE, Response(body=announcement_html(links), content_type="text/html; charset=utf-8"))


def _digest(path: Path) -> str:
    result = CliRunner().invoke(cli, ["digest", "preview", "--format", "text", "--config", str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())  # the text digest wraps its lines


def test_a_later_list_confirms_a_reported_total_and_company(server: TestServer, tmp_path: Path, db_url: str) -> None:
    path = _setup(server, tmp_path, db_url)
    total = Finding(key="new_total:1000", kind="new_total", summary="Higher cumulative total reported: more than 1000 "
                    "generative-AI services filed/approved", total=1000, count_qualifier="more_than", date=dt.date(2026, 7, 1))
    company = Finding(key=f"new_company:{PROVIDER}", kind="new_company",
                      summary=f"Company reported approved for the first time: {PROVIDER}", company=PROVIDER)
    _press(path, total, company, published=dt.datetime(2026, 7, 2, tzinfo=UTC))
    _publish(server, "2026-06")  # 988 filed: not yet what the press reported, and older than the report
    _, _, findings = run(path)
    assert all("confirmed" not in ev.snippet for f in findings.values() for ev in f.evidence)
    assert not any(key.startswith("conflict:") for key in findings)
    _publish(server, "2026-06", "2026-08")  # 1105 filed, and the provider's first row
    _, _, findings = run(path)
    confirmed = {key: [ev.snippet for ev in findings[key].evidence if "confirmed" in ev.snippet]
                 for key in ("new_total:1000", f"new_company:{PROVIDER}")}
    assert len(confirmed["new_total:1000"]) == 1  # exactly one confirmation
    assert confirmed["new_total:1000"][0].startswith("confirmed by the regulator's list of 2026-08: 1105 filed")
    assert PROVIDER in confirmed[f"new_company:{PROVIDER}"][0]
    assert findings["new_total:1000"].finding.summary == total.summary  # the press finding, not a new one
    text = _digest(path)
    for key in ("new_total:1000", f"new_company:{PROVIDER}"):
        press_at = text.index(findings[key].finding.summary[:60])
        row_at = text.index(" ".join(confirmed[key][0].split())[:100])  # the list row, under the press finding
        next_section = text.find(" == ", press_at + 1)
        assert press_at < row_at and (next_section == -1 or row_at < next_section)


def test_a_later_list_contradicts_a_reported_total(server: TestServer, tmp_path: Path, db_url: str) -> None:
    path = _setup(server, tmp_path, db_url)
    total = Finding(key="new_total:1200", kind="new_total", summary="Higher cumulative total reported: 1200 "
                    "generative-AI services filed/approved (as of 2026-08-01)", total=1200, count_qualifier="exact",
                    date=dt.date(2026, 8, 1))
    _press(path, total, published=dt.datetime(2026, 8, 2, tzinfo=UTC))
    _publish(server, "2026-08")  # its filings run to late August and count 1105
    _, _, findings = run(path)
    conflict = findings["conflict:list:total:filed:1200"]
    assert conflict.finding.kind == "conflict" and "the list of 2026-08 counts 1105" in conflict.finding.summary
    assert conflict.evidence[0].snippet.startswith("the regulator's list of 2026-08 counts 1105 filed")
    assert not any("confirmed" in ev.snippet for ev in findings["new_total:1200"].evidence)
    text = _digest(path)
    assert "the list of 2026-08 counts 1105" in text and "counts 1105 filed" in text
