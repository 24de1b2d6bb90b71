"""Configs with [[channel]] tables, and a real store filled with findings, for the channel tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from monitor.config import MonitorConfig, load_config
from monitor.records import Document, Finding, Mention
from storage import Store
from storage.analysis import DocumentAnalysis
from tests.outbox.support import AS_OF
from tests.support.configs import feed, write_config

NOW = dt.datetime(2024, 1, 30, 9, 0, tzinfo=dt.timezone.utc)


def channel(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "url": url, **extra}


def channel_config(tmp_path: Path, db_url: str, channels: list[dict[str, Any]],
                   sources: list[dict[str, Any]] | None = None, **top: Any) -> Path:
    """A config file with these channels (and sources: by default one feed no test fetches)."""
    return write_config(tmp_path, db_url, sources if sources is not None else [feed("wire", "http://127.0.0.1:9/wire.xml")],
                        dataset_as_of=AS_OF, channel=channels, **top)


def batch(n: int) -> Finding:
    return Finding(key=f"new_batch:{n}", kind="new_batch", summary=f"New batch reported: {n + 10} models approved",
                   batch=n, count=n + 10, count_qualifier="exact", date=dt.date(2024, 1, 17),
                   dataset_fact="latest known is batch 3")


def company(name: str) -> Finding:
    return Finding(key=f"new_company:{name.lower()}", kind="new_company",
                   summary=f"Company reported approved for the first time: {name}", company=name)


def _mention(finding: Finding) -> Mention:
    if finding.kind == "new_company":
        return Mention(kind="company_approval", rule="test", snippet=finding.summary, company=finding.company)
    return Mention(kind="approval_batch", rule="test", snippet=finding.summary, batch=finding.batch,
                   count=finding.count, count_qualifier=finding.count_qualifier, date=finding.date)


def add_story(store: Store, outlet: str, slug: str, findings: Sequence[Finding], *, cluster: int | None,
              now: dt.datetime = NOW, title: str | None = None) -> int:
    """One stored article of ``outlet`` raising ``findings`` (analysed without the rules), in story ``cluster``."""
    url = f"https://{outlet}.example.com/{slug}"
    store.save_documents([Document(source=outlet, url=url, guid=url, title=title or f"{outlet}: {slug}",
                                   published=now - dt.timedelta(hours=1), text=f"Invented report {slug}.")], now=now)
    doc = next(d.id for d in store.list_documents(sources=[outlet]) if d.url == url)
    pairs = tuple((f, _mention(f)) for f in findings)
    store.save_analysis(DocumentAnalysis(document_id=doc, signature=b"", cluster_id=cluster,
                                         mentions=tuple(m for _, m in pairs), findings=pairs), now=now)
    return doc


def open_config(path: Path) -> tuple[MonitorConfig, Store]:
    config = load_config(str(path))
    store = Store.open(config.database_url)
    store.sync_sources(config.sources)
    return config, store
