"""The digest puts what the regulator's list confirms before what only the press says, and shows each
press finding beside the list row that confirms or contradicts it, in the text and the HTML part."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from monitor.filings.verdicts import read_verdict
from monitor.records import Finding
from tests.digest.html_checks import parse_html
from tests.filings.press import OUTLETS, UTC, digest, publish, report, setup
from tests.filings.test_filings_source import _independent_counts, run
from tests.support.httpserver import TestServer

PROVIDER = "甫山智能信息科技（杭州）有限公司"  # first listed in 2026-08
UNCONFIRMED = Finding(key="new_company:lanting-ai", kind="new_company", company="Lanting AI",
                      summary="Company reported approved for the first time: Lanting AI")


def _reported_by_every_outlet(path: Path, finding: Finding) -> None:
    """Three independent outlets agree: more confidence than a press report and a list together."""
    for outlet in OUTLETS:
        report(path, finding, published=dt.datetime(2026, 7, 3, tzinfo=UTC), outlet=outlet)


def _block(text: str, summary: str) -> str:
    """A finding's lines in the digest: from its summary to the next finding or section."""
    start = text.index(summary)
    ends = [at for at in (text.find(" * ", start + 1), text.find(" == ", start + 1)) if at != -1]
    return text[start:min(ends, default=len(text))]


def _html_order(html: str, *phrases: str) -> list[int]:
    words = " ".join(parse_html(html).text.split())
    return [words.index(phrase) for phrase in phrases]


def test_confirmed_press_findings_come_first_each_beside_its_list_row(server: TestServer, tmp_path: Path,
                                                                      db_url: str) -> None:
    path = setup(server, tmp_path, db_url, empty_dataset=False)  # the bundled dataset: the list itself adds nothing
    total = Finding(key="new_total:1000", kind="new_total", summary="Higher cumulative total reported: more than 1000 "
                    "generative-AI services filed/approved", total=1000, count_qualifier="more_than", date=dt.date(2026, 7, 1))
    company = Finding(key="new_company:fushan", kind="new_company", company=PROVIDER,
                      summary=f"Company reported approved for the first time: {PROVIDER}")
    report(path, total, company, published=dt.datetime(2026, 7, 2, tzinfo=UTC))
    _reported_by_every_outlet(path, UNCONFIRMED)
    publish(server, "2026-08")
    _, _, findings = run(path)
    confirmed = [findings[f.key] for f in (total, company)]
    assert all(f.confidence < findings[UNCONFIRMED.key].confidence for f in confirmed)  # 0.75 < 0.875

    text = digest(path)
    assert text.index(company.summary) < text.index(total.summary) < text.index(UNCONFIRMED.summary)
    for finding in confirmed:
        (verdict,) = [v for ev in finding.evidence if ev.source == "cac" and (v := read_verdict(ev.snippet))]
        block = _block(text, finding.finding.summary)
        # The mark and the list row right under the value, before the finding's other lines.
        assert block.index(f"Confirmed by the regulator's list of 2026-08: {verdict.row[:60]}") < block.index(
            "source"), block
    assert "1087 | 浙江省 | 甫山·灵睿 | 甫山智能信息科技（杭州）有限公司" in _block(text, company.summary)
    assert "1105 filed (last row: 1105 | 北京市" in _block(text, total.summary)
    assert "regulator's list" not in _block(text, UNCONFIRMED.summary)

    html = digest(path, "html")
    company_at, mark_at, total_at, unconfirmed_at = _html_order(
        html, company.summary, "Confirmed by the regulator's list of 2026-08: 1087 | 浙江省", total.summary,
        UNCONFIRMED.summary)
    assert company_at < mark_at < total_at < unconfirmed_at


def test_a_contradicting_list_shows_the_conflict_beside_its_row(server: TestServer, tmp_path: Path,
                                                                db_url: str) -> None:
    path = setup(server, tmp_path, db_url, empty_dataset=False)
    total = Finding(key="new_total:1200", kind="new_total", summary="Higher cumulative total reported: 1200 "
                    "generative-AI services filed/approved (as of 2026-08-01)", total=1200, count_qualifier="exact",
                    date=dt.date(2026, 8, 1))
    report(path, total, published=dt.datetime(2026, 8, 2, tzinfo=UTC))
    _reported_by_every_outlet(path, UNCONFIRMED)
    publish(server, "2026-08")
    _, _, findings = run(path)
    conflict = findings["conflict:list:total:filed:1200"].finding

    text = digest(path)
    assert text.index(conflict.summary) < text.index(UNCONFIRMED.summary) < text.index(total.summary)
    block = _block(text, conflict.summary)
    assert "Contradicted by the regulator's list of 2026-08: it counts 1105 filed as of 2026-08-24 (last row: 1105 | " \
           "北京市 | 丰光无限 | 丰光无限（北京）科技有限公司 | Beijing-FengGuangWuXian-202607200282 | 2026-08-24)" in block
    assert "Report that the regulator's list contradicts, finding #" in block  # the row is no press quote
    assert "\u201c" not in block

    html = digest(path, "html")
    conflict_at, mark_at, unconfirmed_at = _html_order(
        html, conflict.summary, "Contradicted by the regulator's list of 2026-08: it counts 1105 filed",
        UNCONFIRMED.summary)
    assert conflict_at < mark_at < unconfirmed_at


def test_a_release_is_labelled_a_new_filing_list_in_the_digest_and_in_findings(server: TestServer, tmp_path: Path,
                                                                                db_url: str) -> None:
    path = setup(server, tmp_path, db_url)  # an empty dataset: every provider of the list is new
    _reported_by_every_outlet(path, UNCONFIRMED)
    publish(server, "2024-04")
    _, _, findings = run(path)
    _, filed, registered, new = _independent_counts()[0]  # 2024-04
    release = findings["new_filing_list:2024-04"].finding
    assert release.summary.startswith(f"The regulator's 2024-04 list adds {filed} entries: {filed} filed, "
                                      f"{registered} registered; {new} providers never seen before (")
    assert "; by province: 北京市 " in release.summary

    text = digest(path)
    assert text.split(" Preview for ")[0].endswith(f": 1 new filing list, {new + 1} new companies, 1 new total")
    block = _block(text, release.summary[:80])
    assert "New filing list, finding #" in block and block.count(release.summary[:80]) == 1  # not quoted again
    # The list's own findings are one story, the release first, and the list's story before the press.
    first_section = text[text.index(" == "):text.index(release.summary[:80])]
    assert first_section.rstrip("* ").endswith(f"({new + 2} findings) ==")
    assert text.index(release.summary[:80]) < text.index(UNCONFIRMED.summary)
    facts = parse_html(digest(path, "html"))
    assert "New filing list" in facts.text and release.summary[:80] in " ".join(facts.text.split())

    result = CliRunner().invoke(cli, ["findings", "--format", "json", "--config", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    shown = {row["key"]: row for row in json.loads(result.output)}["new_filing_list:2024-04"]
    assert shown["kind"] == "new_filing_list" and shown["summary"].startswith(release.summary)
