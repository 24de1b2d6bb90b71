"""Fixed, invented digest inputs (no real article text) shared by the digest tests."""

from __future__ import annotations

import datetime as dt

from monitor.digest import Digest, DigestItem, SourceHealth, TotalPoint, build_digest
from monitor.records import Evidence, Finding

CST = dt.timezone(dt.timedelta(hours=8))
DAY = dt.date(2024, 1, 29)
NOW = dt.datetime(2024, 1, 29, 8, 0, tzinfo=CST)

HOSTILE_TITLE = "<script>alert(1)</script>\r\nBcc: evil@example.com"
LONG_LINE = "x" * 100_000


def _t(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2024, 1, day, hour, 0, tzinfo=CST)


def sample_items() -> list[DigestItem]:
    batch = DigestItem(
        finding_id=101,
        finding=Finding(key="new_batch:5", kind="new_batch", batch=5, count=12, date=dt.date(2024, 1, 27),
                        summary="Regulators approved a fifth batch of 12 generative-AI services on 2024-01-27.",
                        dataset_fact="The dataset holds four batches, the latest (14 services) on 2024-01-17."),
        evidence=(
            Evidence(url="https://news.example.com/ai/fifth-batch", title="Fifth batch of AI models cleared",
                     source="example-news", published=_t(27, 18),
                     snippet="Twelve more generative AI services were cleared for public use on Saturday.",
                     cluster=7),
            Evidence(url="https://wire.example.org/2024/01/27/ai-batch", title="Fifth batch of AI models cleared",
                     source="example-wire", published=_t(27, 17),
                     snippet="Twelve more generative AI services were cleared for public use on Saturday.",
                     cluster=7),
            Evidence(url="https://zh.example.cn/a/1234.html", title="第五批生成式人工智能服务完成备案",
                     source="example-zh", published=_t(28, 9),
                     snippet="又有十二款生成式人工智能服务完成备案。", cluster=None),
        ),
        story_cluster=7,
    )
    company = DigestItem(
        finding_id=102,
        finding=Finding(key="new_company:lanting", kind="new_company", company="Lanting AI",
                        summary="Lanting AI is reported approved; the dataset does not list it.",
                        dataset_fact=None),
        evidence=(Evidence(url="https://news.example.com/ai/fifth-batch", title="Fifth batch of AI models cleared",
                           source="example-news", published=_t(27, 18),
                           snippet="Among them was Lanting AI's chatbot Qingfeng.", cluster=7),),
        story_cluster=7,
    )
    total = DigestItem(
        finding_id=103,
        finding=Finding(key="new_total:2024-01-28", kind="new_total", total=52, count_qualifier="about",
                        summary="About 52 generative-AI services are now filed in total.",
                        dataset_fact="The dataset's latest total is more than 40 (2024-01-28)."),
        evidence=(Evidence(url="https://analysis.example.net/totals", title="How many AI models has China approved?",
                           source="example-analysis", published=None,
                           snippet="By our count about 52 services have now been filed.", cluster=None),),
        story_cluster=None,
    )
    return [total, company, batch]


def sample_health() -> list[SourceHealth]:
    return [
        SourceHealth(name="example-down", url="https://down.example.com/feed.xml", failing_since=_t(27, 6),
                     consecutive_failures=9, last_error="HTTP 503 from down.example.com",
                     last_success=_t(27, 5)),
        # Failing for only two hours: not shown.
        SourceHealth(name="example-flaky", url="https://flaky.example.com/", failing_since=_t(29, 6),
                     consecutive_failures=2, last_error="timeout", last_success=_t(29, 5)),
        SourceHealth(name="example-news", url="https://news.example.com/feed", failing_since=None,
                     consecutive_failures=0, last_error=None, last_success=_t(29, 7)),
    ]


def sample_totals() -> list[TotalPoint]:
    return [
        TotalPoint(as_of=dt.date(2023, 8, 31), total=8, registry="filed", source="dataset"),
        TotalPoint(as_of=dt.date(2023, 11, 30), total=25, registry="filed", source="dataset"),
        TotalPoint(as_of=dt.date(2024, 1, 28), total=40, registry="filed", source="dataset"),
        TotalPoint(as_of=dt.date(2024, 1, 29), total=52, registry=None, source="reported"),
    ]


def sample_digest() -> Digest:
    return build_digest(sample_items(), day=DAY, health=sample_health(), totals=sample_totals(),
                        digest_id=42, now=NOW)


def hostile_items() -> list[DigestItem]:
    """Findings whose text tries script injection, header injection, and sheer size."""
    return [DigestItem(
        finding_id=900,
        finding=Finding(key="new_company:evil", kind="new_company", company="Evil",
                        summary=HOSTILE_TITLE + " <img src=x onerror=alert(2)>",
                        dataset_fact="\x00\x1b[31mred\x1b[0m <b onmouseover=alert(3)>fact</b>"),
        evidence=(
            Evidence(url="https://hostile.example.com/a", title=HOSTILE_TITLE, source="hostile\r\nX-Evil: 1",
                     published=_t(28, 1), snippet="<iframe src=javascript:alert(4)></iframe>" + LONG_LINE),
            Evidence(url="javascript:alert(5)", title="A link that must be dropped " + LONG_LINE,
                     source="hostile-js", published=_t(28, 2), snippet="<a href=\"javascript:alert(6)\">x</a>"),
            Evidence(url=" JaVaScRiPt:alert(7)", title="Mixed-case javascript link", source="hostile-js2",
                     published=_t(28, 3), snippet="data link next"),
            Evidence(url="data:text/html,<script>alert(8)</script>", title="data link", source="hostile-data",
                     published=_t(28, 4), snippet=""),
        ),
        story_cluster=None,
    )]
