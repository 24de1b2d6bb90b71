"""Accepted findings join the dataset; export writes the same format and loads back equal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from monitor.dataset import Batch, Company, KnownDataset, RegulationEvent, Total, dump_dataset, load_dataset
from monitor.findings.diff import assess
from monitor.records import Finding, Mention

SHIPPED = Path(__file__).resolve().parents[2] / "config" / "known" / "dataset.toml"
D = dt.date


def _m(kind: str, **fields: object) -> Mention:
    return Mention(kind=kind, rule="test", snippet="(hand-built)", **fields)  # type: ignore[arg-type]


@pytest.fixture()
def base() -> KnownDataset:
    return KnownDataset(
        companies=(Company("Baidu", ("百度",), ("文心一言",), True, D(2023, 8, 31), "filed"),
                   Company("Later Co", ("后来公司",))),
        batches=(Batch(D(2024, 1, 17), 4, 14, companies=("Xiaomi",)),),
        totals=(Total(D(2024, 1, 28), 40, "more_than", "filed", note="media"),),
        regulation_events=(RegulationEvent("Bletchley Declaration", D(2023, 11, 1), ("Bletchley Park Declaration",),
                                           "INT", "declaration"),),
    )


REPORTS = [
    (_m("company_approval", company="Nova Minds", company_known=False), D(2024, 5, 2)),
    (_m("company_approval", company="后来公司"), D(2024, 5, 2)),
    (_m("approval_batch", batch=5, count=20, date=D(2024, 3, 1)), D(2024, 3, 2)),
    (_m("approval_batch", count=9), D(2024, 6, 10)),
    (_m("approval_batch", batch=4, count=15), D(2024, 1, 20)),
    (_m("cumulative_total", total=117), D(2024, 4, 2)),
    (_m("cumulative_total", total=50, registry="registered"), D(2024, 8, 1)),
    (_m("regulation_event", regulation="Colorado AI Act", date=D(2024, 5, 17)), D(2024, 5, 18)),
]


def _raise_all(ds: KnownDataset) -> list[Finding]:
    return [f for m, published in REPORTS if (f := assess(m, ds, published=published))]


def test_every_report_raises_against_the_base(base: KnownDataset) -> None:
    kinds = sorted(f.kind for f in _raise_all(base))
    assert kinds == ["conflict", "new_batch", "new_batch", "new_company", "new_company", "new_regulation_event",
                     "new_total", "new_total"]


def test_accepted_facts_join_and_never_raise_again(base: KnownDataset) -> None:
    merged = base.with_facts(_raise_all(base))
    assert _raise_all(merged) == []
    assert merged.company("Nova Minds") is not None and merged.company("nova minds").approved  # type: ignore[union-attr]
    later = merged.company("Later Co")
    assert later is not None and later.approved and later.aliases == ("后来公司",)
    fourth = merged.batch(4)
    assert fourth is not None and fourth.count == 15 and fourth.companies == ("Xiaomi",)  # conflict replaced the count
    assert merged.batch(5) is not None and merged.batch(5).date == D(2024, 3, 1)  # type: ignore[union-attr]
    assert {(t.count, t.registry) for t in merged.totals} == {(40, "filed"), (117, "filed"), (50, "registered")}
    assert merged.regulation_event("Colorado AI Act") is not None
    assert base.batch(4).count == 14  # type: ignore[union-attr]  # the base is untouched


def test_export_round_trip(base: KnownDataset, tmp_path: Path) -> None:
    merged = base.with_facts(_raise_all(base))
    text = dump_dataset(merged)
    assert text.startswith("# Known dataset exported by monitor")
    out = tmp_path / "exported.toml"
    out.write_text(text, encoding="utf-8")
    loaded = load_dataset(out)
    assert loaded.companies == merged.companies
    assert loaded.batches == merged.batches
    assert loaded.totals == merged.totals
    assert loaded.regulation_events == merged.regulation_events
    assert merged.to_toml(SHIPPED).startswith(f"# Known dataset exported by monitor from {SHIPPED}")


def test_shipped_dataset_round_trips(tmp_path: Path) -> None:
    for as_of in (None, D(2023, 12, 31)):
        ds = load_dataset(SHIPPED, as_of=as_of)
        out = tmp_path / f"export-{as_of}.toml"
        out.write_text(dump_dataset(ds), encoding="utf-8")
        again = load_dataset(out)
        assert (again.companies, again.batches, again.totals, again.regulation_events) == \
               (ds.companies, ds.batches, ds.totals, ds.regulation_events)


def test_alias_entries_feed_the_rules_without_everyday_words() -> None:
    entries = dict(load_dataset(SHIPPED).alias_entries())
    assert {"Xiaomi", "小米", "MiLM"} <= set(entries["Xiaomi"])
    assert {"零一万物", "01.AI"} <= set(entries["01.AI"])
    assert {"抖音", "Douyin", "豆包"} <= set(entries["ByteDance"])
    every = {s.casefold() for surfaces in entries.values() for s in surfaces}
    for word in ("spark", "yi", "360", "moonshot", "ai", "honor", "如意", "曹植", "jd"):
        assert word not in every, word
    regulations = dict(load_dataset(SHIPPED).regulation_entries())
    assert "Bletchley Park Declaration" in regulations["Bletchley Declaration"]


def test_model_names_as_filed_reach_the_rules_as_models() -> None:
    from monitor.rules import extract_mentions, load_rules
    from monitor.run.reading import alias_index

    ds = load_dataset(SHIPPED)
    models = dict(ds.model_entries())
    assert "百度蒸汽机" in models["Baidu"] and "百度蒸汽机" not in dict(ds.alias_entries())["Baidu"]
    found = extract_mentions("国家网信办公布新一批生成式人工智能服务备案信息，“百度蒸汽机”大模型完成备案。",
                             published=dt.date(2025, 7, 1), language="zh",
                             rules=load_rules(SHIPPED.parents[1] / "rules.toml"), aliases=alias_index(ds))
    assert [(m.company, m.model) for m in found if m.kind == "company_approval"] == [("Baidu", "百度蒸汽机")]
