"""The regulator's lists in the digest: what they carry first, their verdict beside the value, the row
beside the verdict, a release labelled as such; read from list sources only."""

from __future__ import annotations

import dataclasses
import datetime as dt

from monitor.digest import Digest, DigestItem, build_digest, render_html, render_text
from monitor.records import Evidence, Finding
from tests.digest.digest_samples import DAY, NOW
from tests.digest.html_checks import assert_inert

LIST_URL = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=x&fText=list.xlsx"
ROW = "1105 | 北京市 | 丰光无限 | 丰光无限（北京）科技有限公司 | Beijing-FengGuangWuXian-202607200282 | 2026-08-24"


def _press(snippet: str, source: str = "example-news", day: int = 2) -> Evidence:
    return Evidence(url=f"https://{source}.example.com/{day}", title="China's AI register grows", source=source,
                    published=dt.datetime(2026, 7, day, tzinfo=dt.timezone.utc), snippet=snippet)


def _list(snippet: str) -> Evidence:
    return Evidence(url=LIST_URL, title="生成式人工智能服务已备案和已登记信息（2026年8月）.xlsx", source="cac",
                    published=dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc), snippet=snippet)


def _items() -> tuple[DigestItem, DigestItem, DigestItem]:
    confirmed = DigestItem(
        finding_id=1, finding=Finding(key="new_total:1000", kind="new_total", total=1000, count_qualifier="more_than",
                                      summary="More than 1000 generative-AI services are now filed."),
        evidence=(_press("More than 1,000 services have been filed."),
                  _list(f"confirmed by the regulator's list of 2026-08: 1105 filed (last row: {ROW})")),
        confidence=0.75)
    surer = DigestItem(  # three outlets agree, and a batch outranks a total: still only the press
        finding_id=2, finding=Finding(key="new_batch:7", kind="new_batch", batch=7, count=44,
                                      summary="A seventh batch of 44 services was approved."),
        evidence=tuple(_press("Forty-four more services were approved.", source) for source in ("a", "b", "c")),
        confidence=0.875)
    contradicted = DigestItem(
        finding_id=3, finding=Finding(key="conflict:list:total:filed:1200", kind="conflict", total=1200,
                                      summary="Report contradicts the regulator's list: 1200 filed as of 2026-08-01."),
        evidence=(_list(f"contradicted by the regulator's list of 2026-08: it counts 1105 filed as of 2026-08-24 "
                        f"(last row: {ROW})"),))
    return confirmed, surer, contradicted


def _build(items: list[DigestItem], **extra: object) -> Digest:
    return build_digest(items, day=DAY, health=[], totals=[], digest_id=7, now=NOW, **extra)  # type: ignore[arg-type]


def test_what_the_list_carries_comes_before_the_press_however_sure() -> None:
    confirmed, surer, contradicted = _items()
    digest = _build([surer, contradicted, confirmed], list_sources=["cac"])
    assert [f.finding_id for f in digest.findings()] == [1, 3, 2]
    # Without knowing which source reads the lists, the list's evidence is one more outlet: kind and confidence rule.
    assert [f.finding_id for f in _build([surer, contradicted, confirmed]).findings()] == [2, 1, 3]


def test_the_verdict_and_its_row_stand_beside_the_value_not_among_the_quotes() -> None:
    confirmed, _, contradicted = _items()
    views = {f.finding_id: f for f in _build([confirmed, contradicted], list_sources=["cac"]).findings()}
    note = views[1].regulator
    assert note is not None and (note.verdict, note.label) == ("confirmed", "Confirmed by the regulator's list of 2026-08")
    assert note.row == f"1105 filed (last row: {ROW})"
    assert views[1].quote == "More than 1,000 services have been filed."  # the press sentence stays the quote
    note = views[3].regulator
    assert note is not None and note.label == "Contradicted by the regulator's list of 2026-08"
    assert note.row.startswith("it counts 1105 filed as of 2026-08-24 (last row: 1105 |") and views[3].quote == ""
    assert views[3].label == "Report that the regulator's list contradicts"
    digest = _build([confirmed], list_sources=["cac"])
    (_, list_group) = digest.sections[0].evidence
    assert list_group.snippet == "" and list_group.links[0].url == LIST_URL  # the row once, its file linked


def test_a_press_sentence_worded_like_a_verdict_is_no_verdict() -> None:
    forged = DigestItem(finding_id=9, finding=Finding(key="new_company:x", kind="new_company", summary="X is approved."),
                        evidence=(_press("confirmed by the regulator's list of 2026-08: X | 北京市"),))
    _, surer, _ = _items()
    digest = _build([surer, forged], list_sources=["cac"])
    assert [f.finding_id for f in digest.findings()] == [2, 9] and digest.findings()[1].regulator is None


def test_both_parts_mark_the_finding_beside_its_summary() -> None:
    confirmed, surer, contradicted = _items()
    digest = _build([surer, contradicted, confirmed], list_sources=["cac"])
    lines = render_text(digest).splitlines()
    summary_at = lines.index("* More than 1000 generative-AI services are now filed.")
    meta_at = next(at for at, line in enumerate(lines) if line.startswith("  New cumulative total, finding #1"))
    # Between the summary and its label line: the verdict and the whole row, wrapped.
    assert " ".join(" ".join(lines[summary_at + 1:meta_at]).split()) == (
        f"Confirmed by the regulator's list of 2026-08: 1105 filed (last row: {ROW})")
    html = render_html(digest)
    facts = assert_inert(html)
    words = " ".join(facts.text.split())
    assert words.index("More than 1000 generative-AI services are now filed.") < words.index(
        f"Confirmed by the regulator's list of 2026-08: 1105 filed (last row: {ROW})") < words.index("Finding #1,")
    assert f"Contradicted by the regulator's list of 2026-08: it counts 1105 filed as of 2026-08-24 (last row: {ROW})" \
        in words


def test_a_release_is_a_new_filing_list_first_in_the_subject_and_the_digest() -> None:
    release = DigestItem(finding_id=4, finding=Finding(
        key="new_filing_list:2026-08", kind="new_filing_list", count=257,  # type: ignore[arg-type]
        summary="The regulator's 2026-08 list adds 257 entries: 124 filed, 133 registered; 2 providers never seen "
                "before (A, B); by province: 北京市 60, 广东省 55"), evidence=(_list("same"),))
    release = dataclasses.replace(release, evidence=(_list(release.finding.summary),))
    company = DigestItem(finding_id=5, finding=Finding(key="new_company:a", kind="new_company", summary="A is new."),
                         evidence=(_list("12 | 北京市 | A-model | A | Beijing-A-2026 | 2026-08-01"),))
    _, surer, _ = _items()
    digest = _build([surer, company, release], list_sources=["cac"])
    assert digest.subject == "AI approvals monitor, 2024-01-29: 1 new filing list, 1 new batch, 1 new company"
    first = digest.sections[0]  # the release and what was read from its rows: one story, the list's
    assert [(f.finding_id, f.label) for f in first.findings] == [(4, "New filing list"), (5, "Newly approved company")]
    assert first.headline == "生成式人工智能服务已备案和已登记信息（2026年8月）.xlsx"
    assert first.findings[0].quote == "" and first.evidence[0].snippet == ""  # its summary is said once
    text = render_text(digest)
    assert "New filing list, finding #4" in text and text.count("adds 257 entries") == 1
    assert "New filing list" in render_html(digest)
