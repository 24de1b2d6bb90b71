"""The diff: which mentions raise which findings, with which keys, summaries and dataset facts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.dataset import Batch, Company, KnownDataset, RegulationEvent, Total, load_dataset
from monitor.findings.diff import assess, counts_fit
from monitor.records import Mention

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "known" / "dataset.toml"
D = dt.date


def _m(kind: str, **fields: object) -> Mention:
    return Mention(kind=kind, rule="test", snippet="(hand-built)", **fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def small() -> KnownDataset:
    return KnownDataset(
        companies=(
            Company("Baidu", ("百度", "北京百度网讯科技有限公司"), ("文心一言",), True, D(2023, 8, 31), "filed"),
            Company("Lake Apps", ("湖畔应用",), (), True, None, "registered", D(2024, 7, 1)),
            Company("Later Co", ("后来公司",), (), False),
        ),
        batches=(Batch(D(2023, 8, 31), 1, 8, "at_least"), Batch(D(2023, 12, 22), 3),
                 Batch(D(2024, 1, 17), 4, 14)),
        totals=(Total(D(2024, 3, 28), 117, registry="filed"), Total(D(2025, 12, 31), 435, registry="registered")),
        regulation_events=(
            RegulationEvent("EU AI Act", D(2021, 4, 21), ("AI Act",)),
            RegulationEvent("Executive Order 14110", D(2023, 10, 30), ("executive order cloud service providers",)),
        ),
    )


def test_fourth_batch_of_15_against_14_is_one_conflict() -> None:
    ds = load_dataset(SHIPPED)
    finding = assess(_m("approval_batch", batch=4, count=15, count_qualifier="exact"), ds, published=D(2024, 1, 20))
    assert finding is not None
    assert (finding.kind, finding.key, finding.batch, finding.count) == ("conflict", "conflict:batch:4:count", 4, 15)
    assert finding.dataset_fact == "batch 4 of 14 models (2024-01-17)"
    assert "15" in finding.summary and "14" in finding.summary


def test_fourth_batch_agreeing_raises_nothing(small: KnownDataset) -> None:
    for count, qualifier in ((14, "exact"), (10, "more_than"), (15, "about"), (None, None)):
        assert assess(_m("approval_batch", batch=4, count=count, count_qualifier=qualifier), small,
                      published=D(2024, 6, 1)) is None


def test_batch_date_far_off_is_a_date_conflict(small: KnownDataset) -> None:
    finding = assess(_m("approval_batch", batch=4, count=14, date=D(2024, 6, 1)), small, published=D(2024, 6, 2))
    assert finding is not None and finding.key == "conflict:batch:4:date"


def test_unknown_ordinal_is_new_batch_with_actionable_summary(small: KnownDataset) -> None:
    finding = assess(_m("approval_batch", batch=5, count=20, date=D(2024, 3, 1)), small, published=D(2024, 3, 2))
    assert finding is not None and finding.key == "new_batch:5"
    assert finding.summary == "New batch reported: 20 models approved (batch 5, about 2024-03-01)"
    assert finding.dataset_fact == "latest known is batch 4 of 14 models (2024-01-17)"


def test_batch_without_ordinal_matches_by_count_and_date(small: KnownDataset) -> None:
    recent = _m("approval_batch", count=14)
    assert assess(recent, small, published=D(2024, 1, 29)) is None  # batch 4, 12 days earlier
    far = assess(recent, small, published=D(2024, 6, 1))  # 14 again, but months later: another batch
    assert far is not None and far.key == "new_batch:2024-06:14"
    dated = assess(_m("approval_batch", count=9, date=D(2024, 2, 7)), small, published=D(2024, 2, 9))
    assert dated is not None and dated.key == "new_batch:2024-02-07:9" and dated.date == D(2024, 2, 7)
    # Batch 3 has no count, so it never confirms a reported count near its date.
    near3 = assess(_m("approval_batch", count=10), small, published=D(2023, 12, 25))
    assert near3 is not None and near3.kind == "new_batch"
    assert assess(_m("approval_batch"), small, published=D(2024, 6, 1)) is None


def test_old_facts_repeated_raise_nothing(small: KnownDataset) -> None:
    assert assess(_m("approval_batch", batch=1, count=8, date=D(2023, 8, 1)), small, published=D(2025, 1, 1)) is None
    assert assess(_m("approval_batch", batch=1, count=11), small, published=D(2025, 1, 1)) is None  # "at least 8"
    assert assess(_m("company_approval", company="Baidu", batch=1), small, published=D(2025, 1, 1)) is None
    assert assess(_m("company_approval", company="百度"), small, published=None) is None
    assert assess(_m("company_approval", company="北京百度网讯科技有限公司", company_known=False), small,
                  published=None) is None
    assert assess(_m("company_approval", company="Some Startup", model="文心一言", company_known=False), small,
                  published=None) is None


def test_unknown_company_is_new_company_with_raw_name(small: KnownDataset) -> None:
    finding = assess(_m("company_approval", company="Zhiyuan Robotics", company_known=False), small,
                     published=D(2025, 3, 1))
    assert finding is not None
    assert (finding.key, finding.kind, finding.company) == ("new_company:zhiyuan-robotics", "new_company", "Zhiyuan Robotics")
    assert finding.summary == "Company reported approved for the first time: Zhiyuan Robotics"
    assert finding.dataset_fact is None
    chinese = assess(_m("company_approval", company="北京新奇智能科技有限公司", company_known=False), small, published=None)
    assert chinese is not None and chinese.key == "new_company:北京新奇智能科技有限公司"


def test_known_but_unapproved_company_uses_canonical_name(small: KnownDataset) -> None:
    finding = assess(_m("company_approval", company="后来公司", model="Later-1"), small, published=D(2024, 2, 1))
    assert finding is not None and finding.key == "new_company:later-co" and finding.company == "Later Co"
    assert finding.dataset_fact == "Later Co is known but not approved"
    assert "Later-1" in finding.summary


def test_registered_company_reported_registered_or_plain_is_known(small: KnownDataset) -> None:
    assert assess(_m("company_approval", company="Lake Apps", registry="registered"), small, published=None) is None
    assert assess(_m("company_approval", company="湖畔应用"), small, published=None) is None
    filed = assess(_m("company_approval", company="Lake Apps", registry="filed"), small, published=None)
    assert filed is not None and filed.key == "new_company:lake-apps"
    assert "only a registration" in (filed.dataset_fact or "")


@pytest.mark.parametrize(("total", "qualifier", "registry", "key"), [
    (117, "exact", None, None),
    (100, "more_than", None, None),
    (117, "more_than", "filed", "new_total:117"),
    (120, "about", None, None),  # a rounded figure ("近120款") may stand for the known 117
    (125, "about", None, "new_total:125"),
    (118, "at_least", "filed", "new_total:118"),
    (435, "exact", "registered", None),
    (500, "more_than", "registered", "new_total:registered:500"),
])
def test_total_raised_only_above_the_latest_known(small: KnownDataset, total: int, qualifier: str,
                                                  registry: str | None, key: str | None) -> None:
    finding = assess(_m("cumulative_total", total=total, count_qualifier=qualifier, registry=registry), small,
                     published=D(2024, 5, 1))
    assert (finding.key if finding else None) == key
    if finding is not None:
        assert finding.total == total and finding.date == D(2024, 5, 1)


def test_stale_total_in_an_old_article_is_no_news(small: KnownDataset) -> None:
    # 60 in an article of February 2024: the dataset already holds 117 (dated later), so nothing.
    assert assess(_m("cumulative_total", total=60), small, published=D(2024, 2, 1)) is None


def test_total_summary_and_fact() -> None:
    ds = KnownDataset(totals=(Total(D(2024, 1, 28), 40, "more_than", "filed"),))
    finding = assess(_m("cumulative_total", total=117, date=D(2024, 3, 31)), ds, published=D(2024, 4, 3))
    assert finding is not None
    assert finding.summary == "Higher cumulative total reported: 117 generative-AI services filed/approved (as of 2024-03-31)"
    assert finding.dataset_fact == "latest total more than 40 filed (2024-01-28)"
    assert assess(_m("cumulative_total", total=40, count_qualifier="about"), ds, published=None) is None
    assert assess(_m("cumulative_total", total=41), ds, published=None) is None


def test_regulation_events_matched_by_name_alias_and_words(small: KnownDataset) -> None:
    for name in ("EU AI Act", "the AI act", "Executive Order 14110",
                 "executive order to monitor AI models trained on cloud service providers"):
        assert assess(_m("regulation_event", regulation=name), small, published=None) is None, name
    colorado = assess(_m("regulation_event", regulation="Colorado AI Act", jurisdiction="US-CO"), small,
                      published=D(2024, 5, 18))
    assert colorado is not None and colorado.key == "new_regulation_event:colorado-ai-act"
    assert colorado.summary == "Regulation event not in the dataset: Colorado AI Act (US-CO, 2024-05-18)"
    assert colorado.regulation == "Colorado AI Act"


def test_shipped_events_recognise_rule_style_names() -> None:
    ds = load_dataset(SHIPPED, as_of=D(2023, 12, 31))
    for name in ("Bletchley Declaration", "US executive order on cloud providers", "New York Times v. OpenAI",
                 "New York Times v. Microsoft", "Executive Order 14110", "EU AI Act", "生成式人工智能服务管理暂行办法"):
        assert ds.regulation_event(name) is not None, name
    assert ds.regulation_event("Colorado AI Act") is None
    assert ds.regulation_event("US executive order on chip exports") is None


def test_counts_fit_ranges() -> None:
    assert counts_fit(14, "exact", 14, "exact") and not counts_fit(15, "exact", 14, "exact")
    assert counts_fit(40, "more_than", 44, "exact") and not counts_fit(40, "more_than", 40, "exact")
    assert counts_fit(11, "exact", 8, "at_least") and not counts_fit(7, "exact", 8, "at_least")
    assert counts_fit(13, "about", 14, "exact") and not counts_fit(10, "about", 14, "exact")


def test_published_datetime_is_accepted(small: KnownDataset) -> None:
    when = dt.datetime(2024, 1, 29, 8, 0, tzinfo=dt.timezone.utc)
    assert assess(_m("approval_batch", count=14), small, published=when) is None  # type: ignore[arg-type]


def test_a_list_increment_the_known_totals_imply_is_no_news() -> None:
    """796 -> 868 filed between two known lists: "72 new services in March and April" is already known;
    73 is not, nor 72 reported a year later, nor a province's own group, nor a local total."""
    known = KnownDataset(totals=(Total(D(2026, 2, 27), 796, registry="filed"),
                                 Total(D(2026, 4, 30), 868, registry="filed")))
    assert assess(_m("approval_batch", count=72, count_qualifier="exact"), known, published=D(2026, 5, 12)) is None
    assert assess(_m("approval_batch", count=73, count_qualifier="exact"), known, published=D(2026, 5, 12)) is not None
    assert assess(_m("approval_batch", count=72, count_qualifier="exact"), known, published=D(2027, 5, 12)) is not None
    assert assess(_m("approval_batch", count=5, count_qualifier="exact", jurisdiction="Beijing"), known,
                  published=D(2026, 5, 12)) is None
    assert assess(_m("cumulative_total", total=950, count_qualifier="exact", jurisdiction="Beijing"), known,
                  published=D(2026, 5, 12)) is None
    assert assess(_m("cumulative_total", total=950, count_qualifier="exact"), known,
                  published=D(2026, 5, 12)) is not None
