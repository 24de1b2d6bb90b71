"""Dates in one sentence, as ISO dates, resolved against the article's publication date.

Absolute: "2024-01-17", "January 17, 2024", "Jan. 17", "17 January 2024", "2024年1月17日", "1月17日".
A date without a year takes the publication year, or the year before when it would otherwise fall
more than 30 days after publication ("on December 28" in a January article). Relative terms come
from the rules file ([relative_dates]) and resolve to the start of their period.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Mapping

_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
           "oct": 10, "nov": 11, "dec": 12}
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = re.compile(
    r"\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b"
    r"|(?:(?P<zy>(?:19|20)\d\d)\s?年\s?)?(?P<zm>\d{1,2})\s?月\s?(?P<zd>\d{1,2})\s?[日号]"
    rf"|\b(?P<em>{_MONTH})\.?\s(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<ey>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<bd>\d{{1,2}})\s(?P<bm>{_MONTH})\b(?:\s(?P<by>(?:19|20)\d\d)\b)?"
)


def find_date(folded: str, relative_hits: list[tuple[int, str]], relative: Mapping[str, tuple[str, int]],
              published: dt.date | None) -> dt.date | None:
    """The first date in a folded sentence; ``relative_hits`` are (offset, term) from the matcher."""
    candidates: list[tuple[int, dt.date]] = []
    match = _DATE.search(folded)
    if match:
        resolved = _absolute(match, published)
        if resolved:
            candidates.append((match.start(), resolved))
    if published is not None:
        for offset, term in relative_hits:
            unit, amount = relative[term]
            candidates.append((offset, resolve_relative(unit, amount, published)))
            break
    return min(candidates)[1] if candidates else None


def resolve_relative(unit: str, amount: int, published: dt.date) -> dt.date:
    if unit == "day":
        return published + dt.timedelta(days=amount)
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=amount)
    month_index = published.year * 12 + published.month - 1 + amount
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def _absolute(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    if m.group("iy"):
        year, month, day = m.group("iy"), m.group("im"), m.group("id")
    elif m.group("zm"):
        year, month, day = m.group("zy"), m.group("zm"), m.group("zd")
    elif m.group("em"):
        year, month, day = m.group("ey"), str(_MONTHS[m.group("em")[:3]]), m.group("ed")
    else:
        year, month, day = m.group("by"), str(_MONTHS[m.group("bm")[:3]]), m.group("bd")
    if year is None:
        if published is None:
            return None
        guess = _make(published.year, int(month), int(day))
        if guess is not None and guess > published + dt.timedelta(days=30):
            guess = _make(published.year - 1, int(month), int(day))
        return guess
    return _make(int(year), int(month), int(day))


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
