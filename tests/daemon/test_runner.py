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
