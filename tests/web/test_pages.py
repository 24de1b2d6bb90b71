"""The pages over a real server and database: findings grouped by story, filters, pages, one finding, the rest."""

from __future__ import annotations

import datetime as dt
import re

import httpx

from monitor.filings.records import FilingEntry
from tests.web.conftest import Served
from tests.web.support import CHINESE_TITLE, NOW


def get(served: Served, path: str, **params: object) -> httpx.Response:
    response = httpx.get(served.base + path, params=params or None, timeout=10)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    return response


def finding_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<article class="finding[^"]*" id="finding-(\d+)"', html)]


def test_findings_page_groups_by_story_newest_first(served: Served) -> None:
    html = get(served, "/").text
    ids = served.ids
    # Newest first; the Chinese batch report's two findings sit together under its story.
    assert finding_ids(html) == [ids["total"], ids["hostile"], ids["company"], ids["batch"]]
    headlines = re.findall(r"<h2>(.*?)<span", html)
    assert headlines[2] == CHINESE_TITLE and len(headlines) == 3
    assert "story 1, 2 findings" in html
    assert "4 findings, 1–4 shown" in html
    assert "Dataset: latest known is batch 3" in html


def test_findings_filters(served: Served) -> None:
    ids = served.ids
    assert finding_ids(get(served, "/", kind="new_company").text) == [ids["hostile"], ids["company"]]
    assert finding_ids(get(served, "/", status="accepted").text) == []
    served.store.set_findings_status([ids["batch"]], "accepted")
    assert finding_ids(get(served, "/", status="accepted").text) == [ids["batch"]]
    assert ids["batch"] not in finding_ids(get(served, "/").text)  # the default is new
    assert len(finding_ids(get(served, "/", status="all").text)) == 4
    day = NOW.date()
    assert len(finding_ids(get(served, "/", since=day.isoformat(), until=day.isoformat()).text)) == 3
    assert finding_ids(get(served, "/", until=(day - dt.timedelta(days=1)).isoformat()).text) == []
    bad = httpx.get(served.base + "/", params={"kind": "nonsense"})
    assert bad.status_code == 400 and "kind must be one of" in bad.text


def test_findings_pages(served: Served) -> None:
    ids = served.ids
    first = get(served, "/", limit=3).text
    second = get(served, "/", limit=3, page=2).text
    assert finding_ids(first) == [ids["total"], ids["hostile"], ids["company"]]
    assert finding_ids(second) == [ids["batch"]]
    assert "page 1 of 2" in first and 'href="/?page=2&amp;limit=3" rel="next"' in first
    assert "4–4 shown" in second and 'rel="prev"' in second


def test_finding_page_shows_all_evidence(served: Served) -> None:
    html = get(served, f"/findings/{served.ids['batch']}").text
    assert "Evidence (2)" in html and CHINESE_TITLE in html and "China approves fourth batch" in html
    assert "Snippet: New batch reported: 14 models approved" in html
    assert 'href="https://xinhua.example.com/batch4"' in html
    missing = httpx.get(f"{served.base}/findings/99999")
    assert missing.status_code == 404 and "no finding with id 99999" in missing.text


def test_sources_page(served: Served) -> None:
    served.store.record_failure("hostile", now=NOW, interval=dt.timedelta(minutes=30), error="HTTP 503 <i>down</i>",
                                max_backoff=3600)
    html = get(served, "/sources").text
    assert "3 sources, 1 failing" in html and "no daemon" in html
    assert "HTTP 503 &lt;i&gt;down&lt;/i&gt;" in html


def test_totals_chart_has_two_series_and_marks_reported(served: Served) -> None:
    html = get(served, "/totals").text
    assert re.search(r"<h2>filed \(备案\)</h2>\s*<svg", html) and re.search(r"<h2>registered \(登记\)</h2>\s*<svg", html)
    # The unreviewed report of 117 is a reported bar (amber) with its mark; the dataset's bars are blue.
    assert re.search(r'fill="#e0a030"><title>117 \(reported\)', html)
    assert '<tspan font-weight="bold">117</tspan> reported' in html
    assert 'fill="#3b6ea5"' in html


def test_filings_page_lists_stored_rows(served: Served) -> None:
    assert "Filings" not in get(served, "/").text.split("</nav>")[0]  # no filings source in this config
    entries = [FilingEntry(registry="filed", service=f"模型{i}", provider="北京<某>科技有限公司", filing_number=f"Beijing-{i}",
                           locality="北京", filed_on=dt.date(2024, 1, 5), row_number=i) for i in range(1, 131)]
    served.store.save_filings(entries, source="cac", period="2024-01", announcement_url="https://www.cac.gov.cn/a",
                              attachment_url="https://www.cac.gov.cn/a.xlsx", name="a.xlsx", file_format="xlsx",
                              etag=None, last_modified=None, error=None, now=NOW)
    html = get(served, "/filings").text
    assert "130 list rows; page 1 of 2" in html and "北京&lt;某&gt;科技有限公司" in html
    assert html.count("<tr><td>2024-01</td>") == 100
    assert get(served, "/filings", page=2).text.count("<tr><td>2024-01</td>") == 30
    assert "No list rows stored with these filters" in get(served, "/filings", registry="registered").text
