"""Acceptance at the pure level: the seed article's mentions against the shipped dataset.

The mentions are built by hand from what the seed article reports (published 2024-01-29): a recent
batch of 14 without an ordinal, Xiaomi/4Paradigm/01.AI approved, Alibaba/Baidu/ByteDance in the
first tranche, "more than 40" approved, and three other regulation events.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.dataset import KnownDataset, load_dataset
from monitor.findings.diff import assess
from monitor.records import Mention

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "config" / "known" / "dataset.toml"
PUBLISHED = dt.date(2024, 1, 29)


def _m(kind: str, **fields: object) -> Mention:
    return Mention(kind=kind, rule="test", snippet="(hand-built)", **fields)  # type: ignore[arg-type]


SEED_MENTIONS = [
    _m("approval_batch", count=14, count_qualifier="exact", jurisdiction="CN"),
    *(_m("company_approval", company=name) for name in ("Xiaomi", "4Paradigm", "01.AI")),
    *(_m("company_approval", company=name, batch=1) for name in ("Alibaba", "Baidu", "ByteDance")),
    _m("cumulative_total", total=40, count_qualifier="more_than"),
    _m("cumulative_total", total=40, count_qualifier="more_than", registry="filed"),
    _m("regulation_event", regulation="Bletchley Declaration", jurisdiction="INT"),
    _m("regulation_event", regulation="US executive order on cloud providers", jurisdiction="US"),
    _m("regulation_event", regulation="executive order to monitor AI models trained on cloud service providers"),
    _m("regulation_event", regulation="New York Times v. OpenAI", jurisdiction="US"),
    _m("regulation_event", regulation="lawsuit from The New York Times"),
]


def _findings(ds: KnownDataset) -> dict[str, object]:
    out = {}
    for mention in SEED_MENTIONS:
        finding = assess(mention, ds, published=PUBLISHED)
        if finding is not None:
            out[finding.key] = finding
    return out


@pytest.fixture(scope="module")
def today() -> KnownDataset:
    return load_dataset(SHIPPED)


@pytest.fixture(scope="module")
def end_of_2023() -> KnownDataset:
    return load_dataset(SHIPPED, as_of=dt.date(2023, 12, 31))


def test_shipped_dataset_loads(today: KnownDataset) -> None:
    assert len(today.companies) > 1000
    assert {b.ordinal for b in today.batches} == {1, 2, 3, 4}
    fourth = today.batch(4)
    assert fourth is not None and (fourth.count, fourth.date) == (14, dt.date(2024, 1, 17))
    for name in ("Xiaomi", "4Paradigm", "01.AI", "Alibaba", "Baidu", "ByteDance", "Zhipu AI", "DeepSeek"):
        company = today.company(name)
        assert company is not None and company.approved and company.registry == "filed", name
    filed = max(t.count for t in today.totals if t.registry == "filed")
    assert filed >= 748
    assert any(t.count == 748 and t.registry == "filed" and t.as_of == dt.date(2025, 12, 31) for t in today.totals)
    assert any(t.count == 435 and t.registry == "registered" and t.as_of == dt.date(2025, 12, 31) for t in today.totals)
    assert any(t.count == 117 and t.as_of <= dt.date(2024, 4, 2) for t in today.totals)


def test_as_of_end_of_2023_excludes_later_facts(end_of_2023: KnownDataset) -> None:
    for name in ("Xiaomi", "4Paradigm", "01.AI"):
        company = end_of_2023.company(name)
        assert company is not None and not company.approved, name
    for name in ("Baidu", "Alibaba", "ByteDance"):
        company = end_of_2023.company(name)
        assert company is not None and company.approved, name
    assert end_of_2023.batch(4) is None and end_of_2023.batch(3) is not None
    assert end_of_2023.totals == ()
    assert all(e.date <= dt.date(2023, 12, 31) for e in end_of_2023.regulation_events)


def test_seed_as_of_end_of_2023_raises_exactly_the_new_facts(end_of_2023: KnownDataset) -> None:
    findings = _findings(end_of_2023)
    assert set(findings) == {"new_batch:2024-01:14", "new_company:xiaomi", "new_company:4paradigm",
                             "new_company:01.ai", "new_total:40"}
    kinds = sorted(f.kind for f in findings.values())  # type: ignore[attr-defined]
    batch = findings["new_batch:2024-01:14"]
    assert batch.count == 14 and batch.batch is None  # type: ignore[attr-defined]
    assert "14 models approved" in batch.summary  # type: ignore[attr-defined]
    total = findings["new_total:40"]
    assert (total.total, total.count_qualifier) == (40, "more_than")  # type: ignore[attr-defined]
    assert kinds.count("new_batch") == 1 and kinds.count("new_company") == 3
    assert kinds.count("new_total") == 1  # "more than 40" with and without "filed": one fact
    assert "conflict" not in kinds and "new_regulation_event" not in kinds


def test_seed_as_of_today_raises_nothing(today: KnownDataset) -> None:
    assert _findings(today) == {}


def test_seed_findings_are_stable_across_copies(end_of_2023: KnownDataset) -> None:
    first = _findings(end_of_2023)
    again = _findings(end_of_2023)
    later_copy = {f.key for m in SEED_MENTIONS if (f := assess(m, end_of_2023, published=dt.date(2024, 1, 30)))}
    assert first == again and set(first) == later_copy


def test_accepting_the_seed_findings_silences_them(end_of_2023: KnownDataset) -> None:
    accepted = end_of_2023.with_facts(_findings(end_of_2023).values())  # type: ignore[arg-type]
    assert _findings(accepted) == {}


def test_seed_article_through_the_real_rules() -> None:
    """The same acceptance with mentions from the rules stage reading the seed text itself."""
    seed = sorted((REPO.parent / "shared" / "seed").glob("*.txt"))
    if not seed:
        pytest.skip("../shared/seed not present")
    from monitor.rules import extract_mentions, load_rules
    from monitor.run.reading import alias_index

    text = seed[0].read_text(encoding="utf-8")
    rules = load_rules(REPO / "config" / "rules.toml")
    keys = {}
    for as_of in (dt.date(2023, 12, 31), None):
        ds = load_dataset(SHIPPED, as_of=as_of)
        aliases = alias_index(ds)  # as a run builds it
        mentions = extract_mentions(text, title=text.splitlines()[0], published=PUBLISHED, language="en",
                                    rules=rules, aliases=aliases, budget_seconds=5.0)
        keys[as_of] = {f.key for m in mentions if (f := assess(m, ds, published=PUBLISHED))}
    assert keys[dt.date(2023, 12, 31)] == {"new_batch:2024-01:14", "new_company:xiaomi", "new_company:4paradigm",
                                           "new_company:01.ai", "new_total:40"}
    assert keys[None] == set()
