"""The press against a later list: a reported total and a reported company that a list confirms, and a
reported total that it contradicts; the digest shows each press finding next to the list rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from monitor.records import Finding
from tests.filings.press import UTC, digest, publish, report, setup
from tests.filings.test_filings_source import run
from tests.support.httpserver import TestServer

PROVIDER = "甫山智能信息科技（杭州）有限公司"  # first listed in 2026-08


def test_a_later_list_confirms_a_reported_total_and_company(server: TestServer, tmp_path: Path, db_url: str) -> None:
    path = setup(server, tmp_path, db_url)
    total = Finding(key="new_total:1000", kind="new_total", summary="Higher cumulative total reported: more than 1000 "
                    "generative-AI services filed/approved", total=1000, count_qualifier="more_than", date=dt.date(2026, 7, 1))
    company = Finding(key=f"new_company:{PROVIDER}", kind="new_company",
                      summary=f"Company reported approved for the first time: {PROVIDER}", company=PROVIDER)
    report(path, total, company, published=dt.datetime(2026, 7, 2, tzinfo=UTC))
    publish(server, "2026-06")  # 988 filed: not yet what the press reported, and older than the report
    _, _, findings = run(path)
    assert all("confirmed" not in ev.snippet for f in findings.values() for ev in f.evidence)
    assert not any(key.startswith("conflict:") for key in findings)
    publish(server, "2026-06", "2026-08")  # 1105 filed, and the provider's first row
    _, _, findings = run(path)
    confirmed = {key: [ev.snippet for ev in findings[key].evidence if "confirmed" in ev.snippet]
                 for key in ("new_total:1000", f"new_company:{PROVIDER}")}
    assert len(confirmed["new_total:1000"]) == 1  # exactly one confirmation
    assert confirmed["new_total:1000"][0].startswith("confirmed by the regulator's list of 2026-08: 1105 filed")
    assert PROVIDER in confirmed[f"new_company:{PROVIDER}"][0]
    assert findings["new_total:1000"].finding.summary == total.summary  # the press finding, not a new one
    text = digest(path)
    for key in ("new_total:1000", f"new_company:{PROVIDER}"):
        press_at = text.index(findings[key].finding.summary[:60])
        row = confirmed[key][0].split(": ", 1)[1]
        row_at = text.find(" ".join(row.split())[:100], press_at)  # the list row, under the press finding
        next_section = text.find(" == ", press_at + 1)
        assert press_at < row_at and (next_section == -1 or row_at < next_section)


def test_a_later_list_contradicts_a_reported_total(server: TestServer, tmp_path: Path, db_url: str) -> None:
    path = setup(server, tmp_path, db_url)
    total = Finding(key="new_total:1200", kind="new_total", summary="Higher cumulative total reported: 1200 "
                    "generative-AI services filed/approved (as of 2026-08-01)", total=1200, count_qualifier="exact",
                    date=dt.date(2026, 8, 1))
    report(path, total, published=dt.datetime(2026, 8, 2, tzinfo=UTC))
    publish(server, "2026-08")  # its filings run to late August and count 1105
    _, _, findings = run(path)
    conflict = findings["conflict:list:total:filed:1200"]
    assert conflict.finding.kind == "conflict" and "the list of 2026-08 counts 1105" in conflict.finding.summary
    assert conflict.evidence[0].snippet.startswith(
        "contradicted by the regulator's list of 2026-08: it counts 1105 filed as of 2026-08-24 (last row: 1105 | ")
    assert not any("confirmed" in ev.snippet for ev in findings["new_total:1200"].evidence)
    text = digest(path)
    assert "the list of 2026-08 counts 1105" in text and "counts 1105 filed" in text
