"""The ``filings`` source end to end: an announcement page like the regulator's on the real test HTTP
server, attachments in every format, stored on SQLite and PostgreSQL, releases diffed into findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.config import load_config
from monitor.dataset.names import norm
from monitor.filings.normalise import entries_from_records
from monitor.run.pipeline import run_once
from storage import Store
from tests.filings.builders import FORMATS, build, releases
from tests.filings.pages import DOWNLOAD, announcement_html, disposition, download_target
from tests.support.configs import write_config
from tests.support.httpserver import Response, TestServer

PAGE = "/2024-04/02/c_1713729983803145.htm"


def filings_source(name: str, url: str, **extra: object) -> dict:
    return {"name": name, "kind": "filings", "url": url, "interval": "30m", "allow_private_network": True,
            "respect_robots": False, **extra}


def run(config_path: Path, *, names: list[str] | None = None):
    config = load_config(config_path)
    store = Store.open(config.database_url)
    try:
        # Every source of the config each time (a source just read is not due again for its interval).
        report = run_once(config, store, names=names or [source.name for source in config.sources])
        return report, store.filings(), {f.finding.key: f for f in store.list_findings(status="all")}
    finally:
        store.close()


def serve_release(server: TestServer, batch: dict, file_format: str, key: str) -> tuple[str, str]:
    name = f"{batch['name']}.{file_format}"
    target = download_target(key, name)
    server.route(target, Response(body=build(batch, file_format), content_type="application/octet-stream",
                                  headers=disposition(name), etag=f'"{key}"'))
    return target, batch["name"]


def test_every_format_behind_extension_less_links_gives_the_same_rows(server: TestServer, tmp_path: Path,
                                                                       db_url: str) -> None:
    batch = next(b for b in releases() if b["period"] == "2024-08")  # filed and registered in one table
    expected = entries_from_records(batch["header"], batch["rows"])
    sources = []
    for file_format in FORMATS:
        target, text = serve_release(server, batch, file_format, f"k-{file_format}")
        server.route(f"/{file_format}{PAGE}", Response(body=announcement_html([(target, text)]),
                                                       content_type="text/html; charset=utf-8", etag='"p"'))
        sources.append(filings_source(f"cac-{file_format}", server.url(f"/{file_format}{PAGE}")))
    path = write_config(tmp_path, db_url, sources)
    report, stored, _ = run(path)
    outcomes = {o.source: (o.status, o.new + o.updated + o.unchanged, o.updated) for o in report.outcomes}
    # Unique by (registry, number): the first format read stores the rows, every other gives them unchanged.
    assert outcomes == {f"cac-{f}": ("ok", len(expected), 0) for f in FORMATS}, outcomes
    assert sum(o.new for o in report.outcomes) == len(expected)
    assert sorted((f.entry.registry, f.entry.filing_number, f.entry.provider, f.entry.service, f.entry.filed_on)
                  for f in stored) == sorted((e.registry, e.filing_number, e.provider, e.service, e.filed_on)
                                             for e in expected)
    assert {f.period for f in stored} == {"2024-08"}
    assert all("downloadfile.jsp" in f.attachment_url for f in stored)

    # Run again: each page and attachment answers 304 to its validators; nothing is parsed or stored again.
    report, again, _ = run(path)
    assert {o.status for o in report.outcomes} == {"not_modified"}
    assert len(again) == len(stored)


def _independent_counts() -> list[tuple[str, int, int, int]]:
    """Per release: filed, registered, providers never seen before, counted from the data file itself with
    the caveats of its SOURCE.md applied (embedded header rows are no entries; the one row without a
    dated number, 2025-10 serial 286, sits among the registrations), not through the parser."""
    seen: set[str] = set()
    out = []
    for batch in releases():
        rows = [r for r in batch["rows"] if r["序号"] != "序号"]
        fixed = 1 if batch["period"] == "2025-10" else 0
        filed = batch["n_beian"] - (len(batch["rows"]) - len(rows)) - fixed
        registered = batch["n_dengji"] + fixed
        new = 0
        for row in rows:
            model = row.get("模型名称") or row.get("大模型名称") or ""
            provider = row["备案单位"]
            if model.endswith("公司") and not provider.endswith("公司"):
                provider = model  # the six swapped rows of 2025-03
            if norm(provider) not in seen:
                seen.add(norm(provider))
                new += 1
        out.append((batch["period"], filed, registered, new))
    return out


def test_thirteen_releases_added_in_place_replay_to_the_data_files_counts(server: TestServer, tmp_path: Path,
                                                                          db_url: str) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    path = write_config(tmp_path, db_url, [filings_source("cac", server.url(PAGE), max_articles=20)],
                        dataset=str(empty))
    expected = _independent_counts()
    links: list[tuple[str, str]] = []
    for index, batch in enumerate(releases()):
        # The regulator updates the announcement in place: one more attachment each time.
        links.append(serve_release(server, batch, ("xlsx", "csv", "xls")[index % 3], f"r{index}"))
        server.route(PAGE, Response(body=announcement_html(links), content_type="text/html; charset=utf-8",
                                    etag=f'"page{index}"'))
        report, stored, findings = run(path)
        # Attachments read before answer 304 to their validators: only the new one is downloaded in full.
        conditional = [r for r in server.requests_to(DOWNLOAD)[-(index + 1):] if r.headers.get("if-none-match")]
        assert len(conditional) == index
        period, filed, registered, new = expected[index]
        outcome = report.outcomes[0]
        assert (outcome.status, outcome.new, outcome.unchanged) == ("ok", filed + registered, 0), (period, outcome)
        release = findings[f"new_filing_list:{period}"].finding
        assert release.count == filed + registered
        assert f"adds {filed + registered} entries: {filed} filed, {registered} registered" in release.summary
        assert (f"; {new} providers never seen before" in release.summary) if new else "no provider" in release.summary
    new_companies = [f for f in findings.values() if f.finding.kind == "new_company"]
    assert len(new_companies) == sum(n for *_, n in expected)
    # Totals: the highest serial so far of each registry (edge rows excluded), filed and registered apart.
    assert "new_total:1105" in findings and "new_total:registered:731" in findings
    assert len(stored) == sum(f + r for _, f, r, _ in expected)


def test_with_the_bundled_dataset_no_release_brings_anything_new(server: TestServer, tmp_path: Path,
                                                                db_url: str) -> None:
    links = [serve_release(server, batch, "csv", f"b{index}") for index, batch in enumerate(releases())]
    server.route(PAGE, Response(body=announcement_html(links), content_type="text/html; charset=utf-8"))
    path = write_config(tmp_path, db_url, [filings_source("cac", server.url(PAGE), max_articles=20)])
    report, stored, findings = run(path)
    assert report.outcomes[0].status == "ok" and len(stored) == sum(len(entries_from_records(b["header"], b["rows"]))
                                                                     for b in releases())
    assert sorted(key.split(":")[0] for key in findings) == ["new_filing_list"] * 13
    assert all("no provider never seen before" in f.finding.summary for f in findings.values())
    assert dt.date(2026, 8, 1) <= findings["new_filing_list:2026-08"].finding.date


def test_as_of_replays_the_releases_against_the_dataset_of_that_day(server: TestServer, tmp_path: Path,
                                                                   db_url: str) -> None:
    from click.testing import CliRunner

    from monitor.cli import cli

    links = [serve_release(server, batch, "csv", f"a{index}") for index, batch in enumerate(releases()[:2])]
    server.route(PAGE, Response(body=announcement_html(links), content_type="text/html; charset=utf-8"))
    path = write_config(tmp_path, db_url, [filings_source("cac", server.url(PAGE))])
    _, _, live = run(path)
    assert sorted(live) == ["new_filing_list:2024-04", "new_filing_list:2024-08"]  # the bundled dataset knows all
    replay = tmp_path / "replay.db"
    result = CliRunner().invoke(cli, ["reprocess", "--config", str(path), "--as-of", "2024-03-31",
                                      "--replay-db", str(replay)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    store = Store.open(f"sqlite:///{replay}")
    try:
        replayed = {f.finding.key: f for f in store.list_findings(status="all")}
    finally:
        store.close()
    # On 2024-03-31 the dataset knew neither list: 2024-08's filings and registrations are new totals, and its
    # providers filed after that day are new companies (those of the 2024-04 list only when filed after it).
    assert "new_total:188" in replayed and "new_total:registered:26" in replayed
    assert any(f.finding.kind == "new_company" for f in replayed.values())
    _, _, after = run(path)
    assert sorted(after) == sorted(live)  # the live database is untouched


def test_a_listing_of_announcements_opens_those_the_pattern_chooses(server: TestServer, tmp_path: Path,
                                                                   db_url: str) -> None:
    chosen = []
    for index, batch in enumerate(releases()[:2]):
        page = f"/gd/{2024 + index}/notice_{index}.htm"
        server.route(page, Response(body=announcement_html([serve_release(server, batch, "xls", f"l{index}")]),
                                    content_type="text/html; charset=utf-8"))
        chosen.append(page)
    listing = "".join(f'<li><a href="{page}">广东省生成式人工智能服务已备案信息</a></li>' for page in chosen)
    server.route("/gd/", Response(body=f"<html><body><ul>{listing}</ul><a href='/gd/about.htm'>关于</a></body></html>",
                                  content_type="text/html; charset=utf-8"))
    path = write_config(tmp_path, db_url, [filings_source("guangdong", server.url("/gd/"),
                                                          link_pattern=r"/gd/\d{4}/notice_\d+\.htm$")])
    report, stored, findings = run(path)
    assert report.outcomes[0].status == "ok" and server.count("/gd/about.htm") == 0
    assert {f.period for f in stored} == {"2024-04", "2024-08"}
    assert {f.announcement_url for f in stored} == {server.url(page) for page in chosen}


def test_a_listing_without_a_filing_announcement_today_is_no_failure(server: TestServer, tmp_path: Path,
                                                                      db_url: str) -> None:
    selector = 'a:-soup-contains("已备案信息"), a:-soup-contains("已登记信息")'  # as the bundled Guangdong source
    news = "<li><a href='/gd/v/2026/05/7001.html'>广东网信办开展专项行动</a></li>"
    server.route("/gd/", Response(body=f"<html><body><ul>{news}</ul></body></html>",
                                  content_type="text/html; charset=utf-8", etag='"quiet"'))
    path = write_config(tmp_path, db_url, [filings_source("guangdong", server.url("/gd/"), link_selector=selector,
                                                          link_pattern=r"/gd/v/\d{4}/\d{2}/\d+\.html$")])
    report, stored, _ = run(path)
    assert (report.outcomes[0].status, report.outcomes[0].error, stored) == ("ok", None, [])
    assert server.count("/gd/v/2026/05/7001.html") == 0  # a link whose text names no list is not opened
    config = load_config(path)
    store = Store.open(config.database_url)
    try:
        (state,) = store.source_states()
        assert state.failing_since is None and state.consecutive_failures == 0
    finally:
        store.close()

    # The day an announcement of a list appears, it is read.
    batch = releases()[0]
    server.route("/gd/v/2026/06/7002.html", Response(body=announcement_html([serve_release(server, batch, "csv", "g")]),
                                                     content_type="text/html; charset=utf-8"))
    listed = news + "<li><a href='/gd/v/2026/06/7002.html'>关于发布广东省生成式人工智能服务已备案信息的公告</a></li>"
    server.route("/gd/", Response(body=f"<html><body><ul>{listed}</ul></body></html>",
                                  content_type="text/html; charset=utf-8", etag='"list"'))
    report, stored, _ = run(path)
    assert report.outcomes[0].status == "ok" and len(stored) == report.outcomes[0].new > 0
