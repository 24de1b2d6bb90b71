"""A release against the dataset, without storage: counts, unseen providers through the aliases, totals."""

from __future__ import annotations

import dataclasses
import datetime as dt

from monitor.dataset import load_dataset
from monitor.dataset.model import KnownDataset
from monitor.filings.diff import diff_release
from monitor.filings.normalise import entries_from_records
from tests.filings.builders import releases
from tests.support.configs import DATASET


def _entries(period: str):
    batch = next(b for b in releases() if b["period"] == period)
    return entries_from_records(batch["header"], batch["rows"])


def test_unseen_providers_take_the_datasets_canonical_name_when_an_alias_resolves_them() -> None:
    entries = _entries("2024-08")
    bundled = load_dataset(DATASET)
    before = bundled.limited_to(dt.date(2024, 4, 30))  # knows the companies, not as filed yet
    diff = diff_release("2024-08", entries, before, _entries("2024-04"))
    assert "DeepSeek" in diff.new_providers  # 北京深度求索人工智能基础技术研究有限公司 through the aliases
    assert "北京深度求索人工智能基础技术研究有限公司" not in diff.new_providers
    deepseek = next(r for r in diff.findings if r.finding.key == "new_company:deepseek")
    assert deepseek.entry is not None and deepseek.entry.provider in deepseek.snippet
    assert deepseek.finding.dataset_fact == "北京深度求索人工智能基础技术研究有限公司 is DeepSeek"
    assert not diff_release("2024-08", entries, bundled, _entries("2024-04")).new_providers


def test_a_provincial_list_raises_no_national_total() -> None:
    national = _entries("2024-08")
    province = [dataclasses.replace(e, locality="广东省") for e in national]
    keys = lambda diff: {r.finding.key for r in diff.findings if r.finding.kind == "new_total"}  # noqa: E731
    assert keys(diff_release("2024-08", national, KnownDataset())) == {"new_total:188", "new_total:registered:26"}
    assert keys(diff_release("2024-08", province, KnownDataset())) == set()
    summary = diff_release("2024-08", national, KnownDataset()).findings[0].finding.summary
    assert summary.startswith("The regulator's 2024-08 list adds 97 entries: 71 filed, 26 registered;")
