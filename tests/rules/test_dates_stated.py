"""Dates without a year: the year the text states ("今年", "this year", a rule taking effect) wins over the
default that reporting looks back (a date more than 30 days ahead is last year's)."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.rules.dates import find_date

JULY = dt.date(2025, 7, 15)


@pytest.mark.parametrize("text, published, expected", [
    ("今年9月1日起施行", JULY, dt.date(2025, 9, 1)),
    ("the rules apply from 1 september this year", JULY, dt.date(2025, 9, 1)),
    ("the measures take effect on september 1", JULY, dt.date(2025, 9, 1)),
    ("明年1月1日起实施", JULY, dt.date(2026, 1, 1)),
    ("去年12月28日发布", dt.date(2025, 1, 5), dt.date(2024, 12, 28)),
    ("filed on december 28", dt.date(2025, 1, 5), dt.date(2024, 12, 28)),  # the look-back default stays
    ("as of march 31", dt.date(2025, 4, 8), dt.date(2025, 3, 31)),
])
def test_stated_year(text: str, published: dt.date, expected: dt.date) -> None:
    assert find_date(text, [], {}, published) == expected
