"""Issue 5 end to end: served feeds and pages -> run-once -> findings, review, replay; SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import html
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from tests.findings.stories import rss, wire_copy
from tests.support.configs import feed, page, write_config
from tests.support.httpserver import Response, TestServer

PUBLISHED = dt.datetime(2024, 1, 29, 8, 0, tzinfo=dt.timezone.utc)
XML = "application/rss+xml"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout + result.stderr


def findings(config: Path, status: str = "all") -> list[dict]:
    code, out = invoke("findings", "--config", str(config), "--status", status, "--format", "json")
    assert code == 0, out
    return json.loads(out)


def keyed(rows: list[dict]) -> dict[str, dict]:
    return {row["key"]: row for row in rows}


@pytest.fixture
def seed_text() -> str:
    seed_dir = Path(__file__).resolve().parents[3] / "shared" / "seed"
    files = sorted(seed_dir.glob("*.txt")) if seed_dir.is_dir() else []
    if not files:
        pytest.skip("../shared/seed not present")
    return files[0].read_text(encoding="utf-8")


def seed_page(text: str) -> bytes:
    title, _, body = text.partition("\n")
    paragraphs = "".join(f"<p>{html.escape(p.strip())}</p>" for p in body.split("\n") if p.strip())
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta property="article:published_time" content="2024-01-29T09:00:00+00:00"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
            f"<footer>Site footer</footer></body></html>").encode("utf-8")


@pytest.mark.parametrize("as_of,expected", [
    ("2023-12-31", {"new_batch", "new_company:xiaomi", "new_company:4paradigm", "new_company:01.ai", "new_total"}),
    (None, set()),
])
def test_seed_article_served_as_a_page(server: TestServer, tmp_path: Path, db_url: str, seed_text: str,
                                       as_of: str | None, expected: set[str]) -> None:
    server.route("/news/", Response(body=b'<html><body><a class="story" href="/news/2024/01/29/china-ai-approvals.html">'
                                          b"China AI approvals</a></body></html>", content_type="text/html"))
    server.route("/news/2024/01/29/china-ai-approvals.html", Response(body=seed_page(seed_text), content_type="text/html"))
    top = {"dataset_as_of": dt.date.fromisoformat(as_of)} if as_of else {}
    config = write_config(tmp_path, db_url, [page("seed", server.url("/news/"), link_selector="a.story",
                                                  respect_robots=False)], **top)
    code, out = invoke("run-once", "--config", str(config))
    assert code == 0, out
    rows = findings(config)
    kinds = {row["key"] if row["kind"] == "new_company" else row["kind"] for row in rows}
    assert kinds == expected, [row["summary"] for row in rows]
    if expected:
        batch = next(row for row in rows if row["kind"] == "new_batch")
        total = next(row for row in rows if row["kind"] == "new_total")
        assert batch["count"] == 14 and total["total"] == 40
        assert all(row["evidence"][0]["url"].endswith("china-ai-approvals.html") for row in rows)


def test_ten_copies_one_set_of_findings_then_review(server: TestServer, tmp_path: Path, db_url: str) -> None:
    for n in range(11):
        title, text = wire_copy(n)
        server.route(f"/s{n}", Response(body=rss([(title, f"https://site{n}.example.com/ai/{n}", text, PUBLISHED)]),
                                        content_type=XML))
    sources = [feed(f"site{n}", server.url(f"/s{n}")) for n in range(10)]
    config = write_config(tmp_path, db_url, sources, dataset_as_of=dt.date(2023, 12, 31))
    assert invoke("run-once", "--config", str(config))[0] == 0
    first = keyed(findings(config))
    assert {row["kind"] for row in first.values()} == {"new_batch", "new_company", "new_total"}
    assert {row["company"] for row in first.values() if row["company"]} == {"Xiaomi", "4Paradigm", "01.AI"}
    for row in first.values():
        assert len(row["evidence"]) == 10 and len({e["source"] for e in row["evidence"]}) == 10, row["summary"]
        assert row["summary"].endswith("10 sources")
    documents = json.loads(invoke("documents", "--config", str(config), "--format", "json")[1])
    assert len(documents) == 10 and len({d["cluster"] for d in documents}) == 1  # one story

    # A second run: nothing new, no second finding, no extra evidence.
    code, out = invoke("run-once", "--config", str(config), "--json", *sum((["--source", s["name"]] for s in sources), []))
    assert code == 0 and json.loads(out)["analysis"]["new_findings"] == 0
    assert keyed(findings(config)).keys() == first.keys()

    # Accept the batch and the companies, dismiss the total; an 11th copy from a new source raises nothing.
    total_id = next(row["id"] for row in first.values() if row["kind"] == "new_total")
    for row in first.values():
        code, out = invoke("dataset", "accept" if row["id"] != total_id else "dismiss", str(row["id"]), "--config", str(config))
        assert code == 0, out
    config = write_config(tmp_path, db_url, sources + [feed("site10", server.url("/s10"))], dataset_as_of=dt.date(2023, 12, 31))
    assert invoke("run-once", "--config", str(config), "--source", "site10")[0] == 0
    assert findings(config, "new") == []
    assert len(findings(config, "all")) == len(first)
    exported = invoke("dataset", "export", "--config", str(config))[1]
    assert '"Xiaomi"' in exported and "ordinal = 4" in exported


def test_conflicting_count_and_unknown_company(server: TestServer, tmp_path: Path, db_url: str) -> None:
    items = [("China names fourth batch", "https://a.example.com/1",
              "Regulators said the fourth batch of 15 models had been approved.", PUBLISHED),
             ("Startup cleared", "https://a.example.com/2",
              "Beijing approved a new batch of 3 generative AI models, including Zorblax Intelligence, Baidu and Xiaomi.",
              PUBLISHED)]
    server.route("/c", Response(body=rss(items), content_type=XML))
    config = write_config(tmp_path, db_url, [feed("c", server.url("/c"))])
    assert invoke("run-once", "--config", str(config))[0] == 0
    rows = keyed(findings(config))
    conflicts = [row for row in rows.values() if row["kind"] == "conflict"]
    assert len(conflicts) == 1 and conflicts[0]["batch"] == 4 and conflicts[0]["count"] == 15
    companies = [row for row in rows.values() if row["kind"] == "new_company"]
    assert [row["company"] for row in companies] == ["Zorblax Intelligence"]


def test_malformed_dataset_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    dataset = tmp_path / "dataset.toml"
    dataset.write_text('[[company]]\nname = "Acme"\napproved = "maybe"\n', encoding="utf-8")
    db = tmp_path / "monitor.db"
    config = write_config(tmp_path, f"sqlite:///{db}", [feed("a", "http://127.0.0.1:9/feed")], dataset=str(dataset))
    code, out = invoke("run-once", "--config", str(config))
    assert code == 2
    assert str(dataset) in out and "company[0]" in out and "approved" in out
    assert not db.exists()
