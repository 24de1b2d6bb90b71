"""Totals against the dataset (monitor/findings/diff.py): a rounded figure that may stand for the known one raises nothing."""

from __future__ import annotations

import datetime as dt

from monitor.dataset.model import KnownDataset, Total
from monitor.findings.diff import assess
from monitor.records import Mention

KNOWN = KnownDataset(totals=(Total(dt.date(2024, 3, 28), 117, registry="filed"),))


def total(n: int, qualifier: str) -> Mention:
    return Mention("cumulative_total", "test", "…", total=n, count_qualifier=qualifier, registry="filed")  # type: ignore[arg-type]


def test_nearly_120_may_be_the_known_117_but_130_and_an_exact_120_are_more():
    published = dt.date(2024, 4, 10)
    assert assess(total(120, "about"), KNOWN, published=published) is None  # 截至3月底已备案上线近120款
    assert assess(total(130, "about"), KNOWN, published=published) is not None
    assert assess(total(120, "exact"), KNOWN, published=published) is not None
    assert assess(total(117, "exact"), KNOWN, published=published) is None
