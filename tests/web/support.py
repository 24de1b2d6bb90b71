"""A real database filled through the storage API, and `monitor serve`'s app running under uvicorn.

    filled_store(tmp_path, db_url) -> (config path, config, store, ids by name)
    running_server(config, store, token=None) -> context manager yielding the base URL ("http://127.0.0.1:PORT")

The server is the real one: the app `monitor serve` builds, under uvicorn, on a free loopback port,
in a thread of the test process (so the test reads the same database through its own store).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any, Iterator, Sequence

import uvicorn

from monitor.config import MonitorConfig, load_config
from monitor.dedup.signature import story_signature
from monitor.records import Document, Finding, Mention
from monitor.web.app import create_app
from monitor.web.server import listening_socket
from storage import Store
from storage.analysis import DocumentAnalysis
from tests.support.configs import feed, write_config

NOW = dt.datetime(2024, 1, 30, 9, 0, tzinfo=dt.timezone.utc)
PUBLISHED = dt.datetime(2024, 1, 25, 8, 0, tzinfo=dt.timezone.utc)
OUTLETS = ("xinhua", "reuters", "hostile")
CHINESE_TITLE = "国家网信办公布第四批深度合成服务算法备案信息"
SCRIPT_TITLE = "<script>window.__pwned = 1; alert('pwned')</script>Batch report"


def document(outlet: str, slug: str, title: str, *, published: dt.datetime = PUBLISHED) -> Document:
    url = f"https://{outlet}.example.com/{slug}"
    return Document(source=outlet, url=url, guid=url, title=title, published=published,
                    text=f"Invented report {slug}.")


def mention_for(finding: Finding) -> Mention:
    kind = {"new_batch": "approval_batch", "new_company": "company_approval", "new_total": "cumulative_total"}.get(
        finding.kind, "regulation_event")
    return Mention(kind=kind, rule="test", snippet=f"Snippet: {finding.summary}", company=finding.company,  # type: ignore[arg-type]
                   batch=finding.batch, count=finding.count, count_qualifier=finding.count_qualifier,
                   total=finding.total, date=finding.date, regulation=finding.regulation)


def analyse(store: Store, document_id: int, findings: Sequence[Finding], *, cluster: int | None,
            now: dt.datetime = NOW) -> None:
    """The analysis stage's write for one document, with findings chosen here instead of by the rules."""
    pairs = tuple((f, mention_for(f)) for f in findings)
    (doc,) = store.documents_by_id([document_id])
    signature = story_signature(doc.document.title, doc.document.text)  # a real one: reprocess reads it back
    store.save_analyses([DocumentAnalysis(document_id=document_id, signature=signature, cluster_id=cluster,
                                          mentions=tuple(m for _, m in pairs), findings=pairs)], now=now)


def open_store(tmp_path: Path, db_url: str, **extra: Any) -> tuple[Path, MonitorConfig, Store]:
    path = write_config(tmp_path, db_url, [feed(name, f"http://127.0.0.1:9/{name}.xml") for name in OUTLETS], **extra)
    config = load_config(str(path))
    store = Store.open(db_url)
    store.sync_sources(config.sources)
    return path, config, store


def filled_store(tmp_path: Path, db_url: str, **extra: Any) -> tuple[Path, MonitorConfig, Store, dict[str, int]]:
    """Three stories: a Chinese batch report (two findings, two outlets), a hostile title, a total.
    ``extra``: more of the config file (``digest={...}``), as tests.support.configs.write_config takes it."""
    path, config, store = open_store(tmp_path, db_url, **extra)
    docs = [document("xinhua", "batch4", CHINESE_TITLE), document("reuters", "batch4", "China approves fourth batch"),
            document("hostile", "x", SCRIPT_TITLE, published=PUBLISHED + dt.timedelta(hours=1)),
            document("reuters", "total", "Total reaches 117", published=PUBLISHED + dt.timedelta(hours=2))]
    store.save_documents(docs, now=NOW)
    ids = {d.url: d.id for d in store.list_documents()}
    batch = Finding(key="new_batch:4", kind="new_batch", summary="New batch reported: 14 models approved", batch=4,
                    count=14, count_qualifier="exact", date=dt.date(2024, 1, 24), dataset_fact="latest known is batch 3")
    company = Finding(key="new_company:xiaomi", kind="new_company", summary="Newly approved company: 小米 (Xiaomi)",
                      company="小米")
    hostile = Finding(key="new_company:evil", kind="new_company", summary="Newly approved company: <b>Evil</b>",
                      company="<b>Evil</b>")
    total = Finding(key="new_total:117", kind="new_total", summary="New cumulative total: 117", total=117,
                    count_qualifier="exact", date=dt.date(2024, 1, 25))
    analyse(store, ids[docs[0].url], [batch, company], cluster=1, now=NOW)
    analyse(store, ids[docs[1].url], [batch], cluster=1, now=NOW)
    analyse(store, ids[docs[2].url], [hostile], cluster=None, now=NOW + dt.timedelta(minutes=1))
    analyse(store, ids[docs[3].url], [total], cluster=7, now=NOW + dt.timedelta(minutes=2))
    found = {v.finding.key: v.id for v in store.list_findings(status="all")}
    return path, config, store, {"batch": found["new_batch:4"], "company": found["new_company:xiaomi"],
                                 "hostile": found["new_company:evil"], "total": found["new_total:117"]}


@contextlib.contextmanager
def running_server(config: MonitorConfig, store: Store, *, token: str | None = None) -> Iterator[str]:
    """`monitor serve`'s app under uvicorn on 127.0.0.1 and a free port, in a thread; stopped on exit."""
    sock = listening_socket("127.0.0.1", 0)
    app = create_app(config, store, token=token)
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
