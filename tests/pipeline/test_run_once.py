"""run-once end to end against a real HTTP server on 127.0.0.1, on SQLite and PostgreSQL.

Every fault ends as recorded source state, never as an exception out of run-once, and the healthy
sources of the same run still succeed.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.run.pipeline import run_once
from storage import Store
from tests.support.configs import feed, write_config
from tests.support.httpserver import Response, TestServer, gzip_bomb

DATA = Path(__file__).resolve().parent.parent / "data" / "feeds"
RSS = (DATA / "rss20.xml").read_bytes()
ATOM = (DATA / "atom.xml").read_bytes()
RDF = (DATA / "rss10.xml").read_bytes()
XML = "application/rss+xml"


def run(config_path: Path, *names: str):
    config = load_config(config_path)
    store = Store.open(config.database_url)
    try:
        report = run_once(config, store, names=list(names) or None)
        return report, {s.name: s for s in store.source_states()}, store.list_documents()
    finally:
        store.close()


def test_three_feed_formats_then_conditional_get_parses_nothing(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/rss", Response(body=RSS, content_type=XML, etag='"r1"'))
    server.route("/atom", Response(body=ATOM, content_type="application/atom+xml", last_modified="Mon, 29 Jan 2024 10:00:00 GMT"))
    server.route("/rdf", Response(body=RDF, content_type="application/rdf+xml", etag='"d1"'))
    path = write_config(tmp_path, db_url, [feed("rss", server.url("/rss")), feed("atom", server.url("/atom")),
                                           feed("rdf", server.url("/rdf"))])
    report, states, docs = run(path)
    assert {o.source: (o.status, o.new) for o in report.outcomes} == {"rss": ("ok", 3), "atom": ("ok", 2), "rdf": ("ok", 2)}
    assert len(docs) == 7 and report.exit_status == 0
    assert states["rss"].etag == '"r1"' and states["atom"].last_modified == "Mon, 29 Jan 2024 10:00:00 GMT"

    # A second run of the named sources (they are not due yet) sends validators and gets 304s.
    report, states, docs = run(path, "rss", "atom", "rdf")
    assert {o.status for o in report.outcomes} == {"not_modified"}
    assert server.requests_to("/rss")[-1].headers.get("if-none-match") == '"r1"'
    assert server.requests_to("/atom")[-1].headers.get("if-modified-since") == "Mon, 29 Jan 2024 10:00:00 GMT"
    assert len(docs) == 7 and report.analysis.documents == 0


def test_304s_are_recorded_on_every_source_in_batches_and_clear_a_failure(
        server: TestServer, tmp_path: Path, db_url: str, monkeypatch) -> None:
    """304s are written NOT_MODIFIED_BATCH at a time; every source's row must still say so."""
    import datetime as dt

    import monitor.run.writer

    monkeypatch.setattr(monitor.run.writer, "NOT_MODIFIED_BATCH", 3)  # 7 sources: two full batches and a rest
    names = [f"feed{i}" for i in range(7)]
    for name in names:
        server.route(f"/{name}", Response(body=RSS, content_type=XML, etag=f'"{name}"'))
    server.route("/feed6", Response(500), Response(500), Response(500), Response(body=RSS, content_type=XML, etag='"x"'))
    path = write_config(tmp_path, db_url, [feed(name, server.url(f"/{name}")) for name in names])
    _, states, _ = run(path)
    assert states["feed6"].consecutive_failures == 1 and states["feed5"].last_status == "ok"
    _, before, _ = run(path, *names)  # feed6 now stores its entries and gets its ETag
    report, states, _ = run(path, *names)
    assert {o.status for o in report.outcomes} == {"not_modified"}
    for name in names:
        state = states[name]
        assert state.last_status == "not_modified" and state.consecutive_failures == 0 and state.failing_since is None
        assert state.last_success_at > before[name].last_success_at
        assert state.next_due_at - state.last_success_at == dt.timedelta(minutes=30), name
        assert state.etag == before[name].etag and state.documents_total == before[name].documents_total


def test_a_second_run_with_the_same_body_stores_nothing_new_and_changes_count_as_updated(
        server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/rss", Response(body=RSS, content_type=XML))
    path = write_config(tmp_path, db_url, [feed("rss", server.url("/rss"))])
    run(path)
    report, _, docs = run(path, "rss")
    assert (report.outcomes[0].new, report.outcomes[0].unchanged) == (0, 3)
    server.route("/rss", Response(body=RSS.replace(b"Chip makers await", b"Chip makers still await"), content_type=XML))
    report, _, docs = run(path, "rss")
    assert (report.outcomes[0].new, report.outcomes[0].updated, report.outcomes[0].unchanged) == (0, 1, 2)
    assert len(docs) == 3
    assert any(d.title == "Chip makers still await export licence decision" for d in docs)


def test_faults_end_as_source_state_and_healthy_sources_still_succeed(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/ok", Response(body=RSS, content_type=XML))
    server.route("/flaky", Response(500), Response(body=ATOM, content_type="application/atom+xml"))
    server.route("/busy", Response(429, headers={"Retry-After": "1"}), Response(body=RDF, content_type=XML))
    server.route("/slow", Response(body=RSS, content_type=XML, delay=3.0))
    server.route("/huge", Response(body=b"<rss>" + b" " * 300_000 + b"</rss>", content_type=XML))
    server.route("/bomb", Response(body=gzip_bomb(50_000_000), content_encoding="gzip", content_type=XML))
    server.route("/loop", Response.redirect("/loop"))
    server.route("/html", Response(body=b"<!doctype html><html><body><p>Hello</p></body></html>", content_type="text/html"))
    server.route("/empty", Response(body=b"", content_type=XML))
    names = ["ok", "flaky", "busy", "slow", "huge", "bomb", "loop", "html", "empty"]
    path = write_config(tmp_path, db_url, [feed(n, server.url("/" + n)) for n in names],
                        fetch={"total_timeout": 1.0, "max_bytes": 200_000, "retries": 1})
    report, states, docs = run(path)
    outcome = {o.source: o for o in report.outcomes}
    assert outcome["ok"].status == "ok" and outcome["ok"].new == 3
    assert outcome["flaky"].status == "ok" and server.count("/flaky") == 2
    assert outcome["busy"].status == "ok" and server.count("/busy") == 2
    expected_errors = {"slow": "timed out", "huge": "larger than", "bomb": "gzip body inflates past", "loop": "redirect",
                       "html": "HTML page", "empty": "empty response body"}
    for name, words in expected_errors.items():
        assert outcome[name].status == "failed", name
        assert words in (outcome[name].error or ""), (name, outcome[name].error)
        state = states[name]
        assert state.consecutive_failures == 1 and words in (state.last_error or "")
        assert state.next_due_at is not None and state.failing_since is not None
    assert report.exit_status == 0
    assert len(docs) == 3 + 2 + 2


def test_failing_source_backs_off_and_recovers_by_itself(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/f", Response(503), Response(503), Response(503), Response(503), Response(body=RSS, content_type=XML))
    path = write_config(tmp_path, db_url, [feed("f", server.url("/f"))], fetch={"retries": 0})
    waits = []
    for _ in range(3):
        _, states, _ = run(path, "f")
        state = states["f"]
        waits.append(state.next_due_at - state.last_attempt_at)
    assert state.consecutive_failures == 3
    assert waits[0] < waits[1] < waits[2]  # the wait grows with each failure
    run(path, "f")
    _, states, docs = run(path, "f")
    assert states["f"].consecutive_failures == 0 and states["f"].last_error is None and len(docs) == 3


def test_every_source_failing_exits_1_and_json_report(server: TestServer, tmp_path: Path, db_url: str) -> None:
    server.route("/a", Response(404))
    path = write_config(tmp_path, db_url, [feed("a", server.url("/a")), feed("b", server.url("/missing"))])
    result = CliRunner().invoke(cli, ["run-once", "--config", str(path), "--json"])
    assert result.exit_code == 1, result.output
    payload = json.loads(result.stdout)
    assert payload["totals"]["failed"] == 2 and payload["exit_status"] == 1
    assert {s["status"] for s in payload["sources"]} == {"failed"}
    assert "404" in payload["sources"][0]["error"]
