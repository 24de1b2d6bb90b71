"""The daemon's one Runner: politeness per host over all jobs at once; rules and dataset read once, and
again only after their files change. Real test server, real stores (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from monitor.config import load_config
from monitor.run.daemon import Daemon
from storage import Store
from tests.outbox.support import BATCH_ITEM, XML, config_for, news_feed, rss
from tests.support.configs import RULES, write_config
from tests.support.httpserver import Response, TestServer
from tests.support.smtp import closed_port


def test_two_jobs_on_one_host_never_exceed_per_host_in_flight(server: TestServer, tmp_path: Path, db_url: str) -> None:
    for name in ("a", "b", "c"):
        server.route(f"/{name}.xml", Response(body=rss(BATCH_ITEM), content_type=XML, delay=0.4))
    path = config_for(tmp_path, db_url, [news_feed(name, server.url(f"/{name}.xml")) for name in ("a", "b", "c")],
                      smtp_port=closed_port(), fetch={"per_host": 1, "retries": 0})
    config = load_config(path)
    store = Store.open(config.database_url)
    daemon = Daemon(config, store)
    try:
        jobs = [threading.Thread(target=daemon.source_job, args=(name,)) for name in ("a", "b", "c")]
        started = time.monotonic()
        for job in jobs:
            job.start()
        for job in jobs:
            job.join(timeout=30)
        assert all(server.count(f"/{name}.xml") == 1 for name in ("a", "b", "c"))
        assert server.max_in_flight == 1  # each job's own Fetcher would have let three in at once
        assert time.monotonic() - started >= 1.2  # three 0.4 s responses, one after the other
    finally:
        store.close()


def test_rules_and_dataset_are_read_once_and_again_after_a_change(server: TestServer, tmp_path: Path,
                                                                  db_url: str) -> None:
    server.route("/news.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    rules = tmp_path / "rules.toml"  # a copy: the test edits it
    rules.write_bytes(RULES.read_bytes())
    path = write_config(tmp_path, db_url, [news_feed("news", server.url("/news.xml"))], rules=str(rules))
    config = load_config(path)
    store = Store.open(config.database_url)
    daemon = Daemon(config, store)
    try:
        daemon.source_job("news")
        daemon.source_job("news")
        first = daemon.runner.files()
        assert daemon.runner.loads == 1 and daemon.runner.files() is first
        assert Path(config.rules) == rules
        rules.write_text(rules.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        later = time.time() + 2
        os.utime(rules, (later, later))  # a coarse file-system clock must still see the change
        daemon.source_job("news")
        assert daemon.runner.loads == 2 and daemon.runner.files() is not first
        daemon.source_job("news")
        assert daemon.runner.loads == 2
    finally:
        store.close()


def test_jobs_that_store_while_an_analysis_runs_leave_their_documents_to_it(tmp_path: Path, db_url: str) -> None:
    """One analysis at a time: each loads the story index of every stored document, so a thousand jobs
    analysing one after another cost more than their interval (bench_feedfarm --daemon)."""
    from monitor.run import Runner
    from monitor.run.analysis import AnalysisSummary

    path = write_config(tmp_path, db_url, [news_feed("news", "http://127.0.0.1:9/news.xml")])
    runner = Runner(load_config(path))
    first_started, release = threading.Event(), threading.Event()
    calls: list[str] = []

    def slow(store: object, config: object, *, now: object, files: object) -> AnalysisSummary:
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            first_started.set()
            release.wait(10)
        return AnalysisSummary(documents=1)

    results: dict[str, AnalysisSummary] = {}

    def job(name: str) -> None:
        results[name] = runner.analyse(None, None, now=None, analyse=slow)  # type: ignore[arg-type]

    first = threading.Thread(target=job, args=("first",), name="first")
    first.start()
    assert first_started.wait(10)
    later = [threading.Thread(target=job, args=(name,), name=name) for name in ("second", "third")]
    for thread in later:
        thread.start()
    for thread in later:
        thread.join(10)
    assert results["second"] == results["third"] == AnalysisSummary()  # returned at once: left to the first
    release.set()
    first.join(10)
    assert calls == ["first", "first"]  # one more round for what the others stored, not one each
    assert results["first"].documents == 2 and runner.analyses == 2
    assert runner.analyse(None, None, now=None, analyse=slow).documents == 1  # type: ignore[arg-type]


def test_a_later_job_reads_its_own_source_row_not_every_row(server: TestServer, tmp_path: Path, db_url: str) -> None:
    """The Runner syncs the source rows with its config once; a daemon job after that reads one row (a
    thousand sources synced by every job cost a tenth of the daemon's CPU)."""
    from sqlalchemy import event

    from monitor.run import Runner

    for name in ("a", "b"):
        server.route(f"/{name}.xml", Response(body=rss(BATCH_ITEM), content_type=XML))
    path = write_config(tmp_path, db_url, [news_feed(name, server.url(f"/{name}.xml")) for name in ("a", "b")])
    config = load_config(path)
    store = Store.open(config.database_url)
    runner = Runner(config)
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        statements.append(" ".join(statement.split()).lower())

    try:
        runner.run_once(store, names=["a"])
        event.listen(store.engine, "before_cursor_execute", seen)
        report = runner.run_once(store, names=["b"])
        event.remove(store.engine, "before_cursor_execute", seen)
        assert [o.source for o in report.outcomes] == ["b"] and server.count("/b.xml") == 1
        from_sources = [s for s in statements if s.startswith("select") and " from sources" in s]
        assert from_sources and all(" where " in s for s in from_sources), from_sources
    finally:
        store.close()


def test_every_fetcher_of_the_process_shares_one_tls_context() -> None:
    from monitor.fetch.limits import FetchLimits
    from monitor.fetch.transport import default_transport, shared_ssl_context

    first, second = default_transport(FetchLimits()), default_transport(FetchLimits())
    # certifi's roots loaded once, not per daemon job (each job builds its Fetcher and transport)
    assert first.ssl_context is second.ssl_context is shared_ssl_context()  # type: ignore[attr-defined]


def test_pending_documents_are_read_from_their_own_index(tmp_path: Path) -> None:
    from sqlalchemy import text

    store = Store.open(f"sqlite:///{tmp_path / 'plan.db'}")
    try:
        with store.engine.connect() as conn:
            plan = conn.execute(text("EXPLAIN QUERY PLAN SELECT id FROM documents WHERE processed_at IS NULL "
                                     "ORDER BY id")).all()
        assert "ix_documents_pending" in " ".join(str(row) for row in plan)
    finally:
        store.close()


def test_stored_reports_lead_facts_are_read_once_while_their_text_and_names_stay(monkeypatch) -> None:  # noqa: ANN001
    import monitor.dedup
    from monitor.records import Mention
    from monitor.rules import AliasIndex
    from monitor.run import analysis

    calls: list[int] = []
    real = monitor.dedup.story_facts

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(monitor.dedup, "story_facts", counted)
    aliases = AliasIndex.build([("Baidu", ["百度"])])
    told = (Mention("cumulative_total", "test", "346 services filed", total=346),)
    first = analysis._stored_facts(10_001, "346 AI services filed", "346 services filed", told, aliases)
    again = analysis._stored_facts(10_001, "346 AI services filed", "346 services filed", told, aliases)
    assert again is first and len(calls) == 1
    analysis._stored_facts(10_001, "346 AI services filed", "346 services filed so far", told, aliases)
    analysis._stored_facts(10_001, "346 AI services filed", "346 services filed so far", told,
                           AliasIndex.build([("Baidu", ["百度"]), ("Tencent", ["腾讯"])]))
    assert len(calls) == 3  # another text, other names: read again


def test_a_stop_waits_for_the_running_job_only_and_queued_runs_are_not_dropped(server: TestServer, tmp_path: Path,
                                                                             db_url: str) -> None:
    """Five slow sources on one thread: every one runs once although the queue holds them past the
    scheduled time, and a stop while the queue is full returns after the running job, fetching no more."""
    from monitor.run.daemon import Timing

    names = [f"s{i}" for i in range(5)]
    for name in names:
        server.route(f"/{name}.xml", Response(body=rss(BATCH_ITEM), content_type=XML, delay=0.6))
    path = write_config(tmp_path, db_url, [news_feed(name, server.url(f"/{name}.xml"), interval="1m")
                                           for name in names])
    config = load_config(path)
    store = Store.open(config.database_url)
    # the interval scaled to 1.2 s: each run waits in the queue longer than one interval
    daemon = Daemon(config, store, timing=Timing(time_scale=0.02, max_workers=1, heartbeat_every=3600, jitter=0))
    try:
        daemon.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not all(server.count(f"/{n}.xml") for n in names):
            time.sleep(0.1)
        assert all(server.count(f"/{n}.xml") >= 1 for n in names)  # none starved behind the others
        served = sum(server.count(f"/{n}.xml") for n in names)
        started = time.monotonic()
        daemon.stop()
        assert time.monotonic() - started < 3  # the running job, not the queue behind it
        assert sum(server.count(f"/{n}.xml") for n in names) <= served + 1
    finally:
        store.close()
