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


def test_an_event_in_a_headline_is_dated_by_publication() -> None:
    from monitor.rules import extract_mentions
    from tests.rules.golden import fixture_aliases, load_default_rules

    published = dt.date(2025, 3, 14)
    mentions = extract_mentions("Providers must label AI-generated images and text under the measures.",
                                title="China finalises labelling measures for AI-generated content",
                                published=published, language="en", rules=load_default_rules(),
                                aliases=fixture_aliases())
    events = [m for m in mentions if m.kind == "regulation_event"]
    assert [(m.regulation, m.date) for m in events] == [("Measures for Labeling AI-Generated Content", published)]
