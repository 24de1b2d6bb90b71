"""A real store filled with invented reports, analysed without the rules: findings as the diff makes them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from monitor.config import MonitorConfig, load_config
from monitor.records import Document, Finding, Mention
from storage import Store
from storage.analysis import DocumentAnalysis
from tests.support.configs import feed, write_config

NOW = dt.datetime(2024, 1, 30, 9, 0, tzinfo=dt.timezone.utc)
PUBLISHED = dt.datetime(2024, 1, 25, 8, 0, tzinfo=dt.timezone.utc)


def open_store(tmp_path: Path, db_url: str, outlets: Sequence[str]) -> tuple[MonitorConfig, Store]:
    path = write_config(tmp_path, db_url, [feed(name, f"http://127.0.0.1:9/{name}.xml") for name in outlets])
    config = load_config(str(path))
    store = Store.open(db_url)
    store.sync_sources(config.sources)
    return config, store


def add_document(store: Store, outlet: str, slug: str, *, published: dt.datetime = PUBLISHED,
                 title: str | None = None) -> int:
    url = f"https://{outlet}.example.com/{slug}"
    store.save_documents([Document(source=outlet, url=url, guid=url, title=title or f"{outlet}: {slug}",
                                   published=published, text=f"Invented report {slug}.")], now=NOW)
    return next(d.id for d in store.list_documents(sources=[outlet]) if d.url == url)


def batch(key: str, count: int, *, ordinal: int | None = None, date: dt.date | None = dt.date(2024, 1, 17)) -> Finding:
    return Finding(key=key, kind="new_batch", summary=f"New batch reported: {count} models approved",
                   batch=ordinal, count=count, count_qualifier="exact", date=date, dataset_fact="latest known is batch 3")


def mention_for(finding: Finding) -> Mention:
    return Mention(kind="approval_batch", rule="test", snippet=finding.summary, batch=finding.batch,
                   count=finding.count, count_qualifier=finding.count_qualifier, date=finding.date)


def analyse(store: Store, document_id: int, findings: Sequence[Finding], *, cluster: int | None = None,
            now: dt.datetime = NOW) -> int:
    pairs = tuple((f, mention_for(f)) for f in findings)
    return store.save_analysis(DocumentAnalysis(document_id=document_id, signature=b"", cluster_id=cluster,
                                                mentions=tuple(m for _, m in pairs), findings=pairs), now=now)
