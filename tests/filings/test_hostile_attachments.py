"""Bad attachments: each gives a clear error naming the file, the page's other attachments are still
read, and memory stays bounded (the zip bomb is refused from its directory, before inflating)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.filings.parse import parse_attachment
from monitor.filings.records import AttachmentError
from monitor.run.pipeline import run_once
from storage import Store
from tests.filings.builders import build, releases
from tests.filings.hostile import encrypted_xlsx, pdf_without_table, truncated_xlsx, xlsx_bomb
from tests.filings.pages import announcement_html, disposition, download_target
from tests.filings.test_filings_source import PAGE, filings_source
from tests.support.configs import write_config
from tests.support.httpserver import Response, TestServer

HUGE = 200 * 1024 * 1024

CASES = {
    "截断的名单.xlsx": (truncated_xlsx, "damaged or truncated zip"),
    "无表格.pdf": (pdf_without_table, "no table found in the PDF"),
    "加密的名单.xlsx": (encrypted_xlsx, "password-protected"),
    "炸弹.xlsx": (xlsx_bomb, "refused as a zip bomb"),
    "扫描件.png": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(64), "unsupported attachment format"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_attachment_is_a_clear_error_naming_the_file(name: str) -> None:
    make, reason = CASES[name]
    body = make()
    tracemalloc.start()
    try:
        with pytest.raises(AttachmentError) as caught:
            parse_attachment(body, name=name, content_type="application/octet-stream")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason in str(caught.value) and name in str(caught.value)
    assert peak < 64 * 1024 * 1024, f"{name}: {peak:,} bytes traced while refusing it"


def _huge_body():
    chunk = b"\0" * (1 << 20)
    return (chunk for _ in range(HUGE // len(chunk)))


def test_bad_attachments_do_not_stop_the_good_one_on_the_same_page(server: TestServer, tmp_path: Path,
                                                                   db_url: str) -> None:
    links = []
    for index, (name, (make, _)) in enumerate(CASES.items()):
        target = download_target(f"bad{index}", name)
        server.route(target, Response(body=make(), content_type="application/octet-stream", headers=disposition(name)))
        links.append((target, name))
    huge = download_target("huge", "全量名单.xlsx")
    server.route(huge, Response(chunks=_huge_body, content_type="application/octet-stream",
                                headers=disposition("全量名单.xlsx")))
    links.append((huge, "全量名单.xlsx"))
    batch = releases()[-1]
    good = download_target("good", batch["name"] + ".xlsx")
    server.route(good, Response(body=build(batch, "xlsx"), content_type="application/octet-stream",
                                headers=disposition(batch["name"] + ".xlsx")))
    links.append((good, batch["name"]))
    server.route(PAGE, Response(body=announcement_html(links), content_type="text/html; charset=utf-8"))
    path = write_config(tmp_path, db_url, [filings_source("cac", server.url(PAGE))])
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        report = run_once(config, store)
        outcome = report.outcomes[0]
        assert outcome.status == "ok" and outcome.new == len(batch["rows"])
        error = store.source_state("cac").last_error or ""
        for name, (_, reason) in CASES.items():
            assert f"attachment {name}: " in error and reason in error, (name, error)
        assert "attachment 全量名单.xlsx: response larger than" in error  # the fetch cap, not 200 MB in memory
        assert {f.period for f in store.filings()} == {"2026-08"}
    finally:
        store.close()
