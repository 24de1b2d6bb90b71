"""The read commands print the JSON shapes of docs/contracts.md section 6, after a real run; reprocess re-reads."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from tests.findings.stories import rss
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer

MENTION_KEYS = {"id", "kind", "company", "model", "batch", "count", "count_qualifier", "total", "registry", "date",
                "jurisdiction", "regulation", "companies", "snippet", "rule", "document"}
DOCUMENT_KEYS = {"id", "url", "title", "source", "published", "language", "text", "cluster"}
FINDING_KEYS = {"id", "key", "kind", "summary", "status", "first_seen", "company", "batch", "count", "total", "date",
                "regulation", "evidence", "count_qualifier", "dataset_fact", "sources", "agreeing", "confidence",
                "disputed", "story", "withdrawn"}
EVIDENCE_KEYS = {"url", "title", "source", "published", "snippet"}
PUBLISHED = dt.datetime(2024, 1, 29, 8, 0, tzinfo=dt.timezone.utc)
TEXT = ("Chinese regulators approved 14 generative AI models in the fourth batch on Wednesday, including models from "
        "Xiaomi, 4Paradigm and 01.AI. Separately, the US and China signed the Bletchley Declaration at the UK AI Safety Summit last year.")


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


@pytest.fixture
def config(server: TestServer, tmp_path: Path, db_url: str) -> Path:
    server.route("/f", Response(body=rss([("Fourth batch", "https://n.example.com/a", TEXT, PUBLISHED)]),
                                content_type="application/rss+xml"))
    path = write_config(tmp_path, db_url, [feed("news", server.url("/f"))], dataset_as_of=dt.date(2023, 12, 31))
    invoke("run-once", "--config", str(path))
    return path


def test_json_shapes(config: Path) -> None:
    mentions = json.loads(invoke("mentions", "--config", str(config), "--format", "json"))
    assert mentions and all(set(m) == MENTION_KEYS for m in mentions)
    assert set(mentions[0]["document"]) == {"url", "title", "source", "published"}
    kinds = {m["kind"] for m in mentions}
    assert {"approval_batch", "company_approval", "regulation_event"} <= kinds
    batch = next(m for m in mentions if m["kind"] == "approval_batch")
    assert (batch["count"], batch["batch"], batch["count_qualifier"]) == (14, 4, "exact")
    assert batch["total"] is None and batch["company"] is None  # fields that do not apply are null
    assert batch["rule"] and "14 generative AI models" in batch["snippet"]

    documents = json.loads(invoke("documents", "--config", str(config), "--format", "json"))
    assert len(documents) == 1 and set(documents[0]) == DOCUMENT_KEYS
    assert documents[0]["published"] == "2024-01-29T08:00:00+00:00" and documents[0]["language"] == "en"

    findings = json.loads(invoke("findings", "--config", str(config), "--format", "json"))
    assert findings and all(set(f) == FINDING_KEYS for f in findings)
    assert all(set(e) == EVIDENCE_KEYS for f in findings for e in f["evidence"])

    rows = list(csv.DictReader(io.StringIO(invoke("findings", "--config", str(config), "--format", "csv"))))
    assert [r["key"] for r in rows] == [f["key"] for f in findings]

    sources = json.loads(invoke("sources", "--config", str(config), "--format", "json"))
    assert sources[0]["name"] == "news" and sources[0]["last_status"] == "ok" and sources[0]["consecutive_failures"] == 0

    since = json.loads(invoke("mentions", "--config", str(config), "--since", "2024-02-01", "--format", "json"))
    assert since == []
    assert "news" in invoke("documents", "--config", str(config))  # the table form


def test_reprocess_reads_again_with_another_dataset(config: Path, tmp_path: Path) -> None:
    before = json.loads(invoke("findings", "--config", str(config), "--format", "json"))
    assert {f["kind"] for f in before} >= {"new_batch", "new_company"}
    replay = tmp_path / "replay.db"
    out = invoke("reprocess", "--config", str(config), "--as-of", "2023-06-30", "--replay-db", str(replay))
    assert "reprocessed 1 of 1 documents" in out and str(replay) in out
    # The backtest is written to the scratch database only: the live one is as it was (issue 16).
    assert json.loads(invoke("findings", "--config", str(config), "--format", "json", "--status", "all")) == before
    after = json.loads(invoke("findings", "--config", str(config), "--db", f"sqlite:///{replay}", "--format", "json"))
    # As of mid-2023 the Bletchley Declaration was not known yet: the replay raises it.
    assert {f["key"] for f in before} < {f["key"] for f in after}
    assert any(f["kind"] == "new_regulation_event" for f in after)
    invoke("reprocess", "--config", str(config))  # a normal run after the replay finds no replayed finding
    assert {f["key"] for f in json.loads(invoke("findings", "--config", str(config), "--format", "json"))} == {
        f["key"] for f in before}
    mentions = json.loads(invoke("mentions", "--config", str(config), "--format", "json"))
    assert len(mentions) == len({(m["kind"], m["company"], m["regulation"], m["count"]) for m in mentions})
