"""``monitor filings``: the stored rows with filters, as JSON, CSV and a table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from tests.filings.builders import releases
from tests.filings.pages import announcement_html
from tests.filings.test_filings_source import PAGE, filings_source, run, serve_release
from tests.support.configs import write_config
from tests.support.httpserver import Response, TestServer

KEYS = {"registry", "service", "provider", "company", "filing_number", "locality", "filed_on", "period",
        "announcement_url", "attachment_url"}


def test_filings_command_filters_and_formats(server: TestServer, tmp_path: Path, db_url: str) -> None:
    batch = next(b for b in releases() if b["period"] == "2024-08")
    server.route(PAGE, Response(body=announcement_html([serve_release(server, batch, "xlsx", "c1")]),
                                content_type="text/html; charset=utf-8"))
    path = write_config(tmp_path, db_url, [filings_source("cac", server.url(PAGE))])
    run(path)
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(cli, ["filings", "--config", str(path), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    rows = json.loads(invoke("--format", "json"))
    assert len(rows) == 97 and set(rows[0]) == KEYS
    deepseek = [r for r in rows if r["provider"] == "北京深度求索人工智能基础技术研究有限公司"]
    assert deepseek and all(r["company"] == "DeepSeek" for r in deepseek)  # through the dataset's aliases
    registered = json.loads(invoke("--format", "json", "--registry", "registered"))
    assert len(registered) == 26 and {r["registry"] for r in registered} == {"registered"}
    assert {r["period"] for r in rows} == {"2024-08"} and rows[0]["announcement_url"] == server.url(PAGE)
    since = json.loads(invoke("--format", "json", "--since", "2024-07-01", "--provider", "科技"))
    assert since and all(r["filed_on"] >= "2024-07-01" and "科技" in r["provider"] for r in since)
    table = list(csv.DictReader(io.StringIO(invoke("--format", "csv", "--registry", "filed"))))
    assert len(table) == 71 and set(table[0]) == KEYS
    assert "97 list rows" in invoke()
