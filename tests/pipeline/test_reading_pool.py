"""Large backlogs are read in worker processes; the result must equal reading inline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import monitor.run.reading
from monitor.config import load_config
from monitor.records import Document
from monitor.run.analysis import analyse_pending
from storage import Store
from tests.findings.stories import wire_copy
from tests.support.configs import feed, write_config

PUBLISHED = dt.datetime(2024, 1, 29, 8, 0, tzinfo=dt.timezone.utc)


def analyse(tmp_path: Path, threshold: int, monkeypatch: pytest.MonkeyPatch) -> tuple[set, list, list]:
    monkeypatch.setattr(monitor.run.reading, "POOL_THRESHOLD", threshold)
    path = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", [feed(f"s{n}", f"http://127.0.0.1/{n}") for n in range(6)],
                        dataset_as_of=dt.date(2023, 12, 31))
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        store.sync_sources(config.sources)
        for n in range(6):
            title, text = wire_copy(n)
            other = Document(source=f"s{n}", url=f"https://s{n}.example.com/other", guid=f"o{n}", title=f"Unrelated {n}",
                             published=PUBLISHED, text=f"Local council number {n} approved a new park budget of {n} million.")
            store.save_documents([Document(source=f"s{n}", url=f"https://s{n}.example.com/a", guid=f"g{n}", title=title,
                                           published=PUBLISHED, text=text), other], now=PUBLISHED)
        summary = analyse_pending(store, config, now=PUBLISHED, batch_size=3)
        findings = {(v.finding.key, len(v.evidence)) for v in store.list_findings(status="all")}
        docs = sorted(store.list_documents(), key=lambda d: d.id)
        clusters = [d.cluster for d in docs]
        mentions = sorted((m.mention.kind, m.mention.company or "", m.document.url) for m in store.list_mentions())
        assert summary.documents == 12 and store.pending_document_ids() == []
        return findings, clusters, mentions
    finally:
        store.close()


def test_worker_pool_reads_exactly_like_inline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "inline").mkdir()
    (tmp_path / "pool").mkdir()
    inline = analyse(tmp_path / "inline", 10_000, monkeypatch)
    pooled = analyse(tmp_path / "pool", 1, monkeypatch)
    assert pooled == inline
    findings, clusters, _ = pooled
    assert ("new_company:xiaomi", 6) in findings
    assert len(set(clusters)) == 7  # one story in six copies, six unrelated notes


def test_a_run_reads_its_backlog_in_fresh_workers(server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Enough feeds for a parse pool, a backlog over the (lowered) threshold: the parse pool is shut
    down, reading starts its own (workers without the parser's imports) and stores what reading
    inline stores."""
    from monitor.run.pipeline import POOL_MIN_FEEDS, run_once
    from tests.findings.stories import rss
    from tests.support.httpserver import Response

    for n in range(POOL_MIN_FEEDS):
        title, text = wire_copy(n)
        server.route(f"/f{n}", Response(body=rss([(title, f"https://s{n}.example.com/a", text, PUBLISHED)]),
                                        content_type="application/rss+xml"))
    started = []
    real_spawn_pool = monitor.run.reading.spawn_pool

    def counting_spawn_pool(workers: int):
        started.append(workers)
        return real_spawn_pool(workers)

    monkeypatch.setattr(monitor.run.reading, "spawn_pool", counting_spawn_pool)
    monkeypatch.setattr("monitor.run.pipeline.spawn_pool", counting_spawn_pool)
    results = []
    for threshold in (10_000, 1):
        monkeypatch.setattr(monitor.run.reading, "POOL_THRESHOLD", threshold)
        folder = tmp_path / str(threshold)
        folder.mkdir()
        path = write_config(folder, f"sqlite:///{folder / 'm.db'}",
                            [feed(f"s{n}", server.url(f"/f{n}")) for n in range(POOL_MIN_FEEDS)],
                            dataset_as_of=dt.date(2023, 12, 31))
        config = load_config(path)
        store = Store.open(config.database_url)
        try:
            report = run_once(config, store)
            results.append(({(v.finding.key, len(v.evidence)) for v in store.list_findings(status="all")},
                            len({d.cluster for d in store.list_documents()}), report.analysis.mentions))
        finally:
            store.close()
    inline, pooled = results
    assert pooled == inline and ("new_company:xiaomi", POOL_MIN_FEEDS) in pooled[0]
    # inline run: the parse pool; pooled run: the parse pool, then the pinyin table's one-off process and the
    # reading pool
    assert len(started) == 4 and started[2] == 1
