"""Dates in one sentence, as ISO dates, resolved against the article's publication date.

Absolute: "2024-01-17", "January 17, 2024", "Jan. 17", "17 January 2024", "2024年1月17日", "1月17日".
Period ends, as the last day: "the end of March", "end-2024", "3月底", "2024年底", "去年底"; a month's start,
as its first day: "by the start of November", "early March", "11月初".
Weekdays, as the latest such day on or before publication (wire copy reports the past): "on Wednesday",
"周三"; "上周五" / "本周一" name the day in the previous / current week.
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
# The leading look-ahead names every way a date can start (a digit, a month's first two letters): the
# engine rejects most positions there instead of trying each alternative (a month's first letter alone let
# most letters of English through); it matches what it did.
_DATE = re.compile(
    r"(?=\d|ja|fe|ma|ap|ju|au|se|oc|no|de)(?:"
    r"\b(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)\b"
    r"|(?:(?P<zy>(?:19|20)\d\d)\s?年\s?)?(?P<zm>\d{1,2})\s?月\s?(?P<zd>\d{1,2})\s?[日号]"
    rf"|\b(?P<em>{_MONTH})\.?\s(?P<ed>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s(?P<ey>(?:19|20)\d\d)\b)?"
    rf"|\b(?P<bd>\d{{1,2}})\s(?P<bm>{_MONTH})\b(?:\s(?P<by>(?:19|20)\d\d)\b)?)"
)

_DIGIT = re.compile(r"\d")  # (a character class: the engine scans for it without trying the date at each position)
_MONTH_KEYS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")  # _MONTH's openings


def _names_a_month(folded: str) -> bool:
    for key in _MONTH_KEYS:
        if key in folded:
            return True
    return False

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11,
             "十二": 12}
_PERIOD_END = re.compile(
    rf"\bend(?:\s|-)(?:of\s)?(?:(?P<xm>{_MONTH})\b(?:,?\s(?P<xy>(?:19|20)\d\d)\b)?"
    r"|(?P<xyy>(?:19|20)\d\d)\b|(?:the\s)?(?P<xrel>last|this|the)\syear\b)"
    r"|(?:(?P<cy>(?:19|20)\d\d)\s?年\s?|(?P<crel>今年|去年))?(?P<cm>\d{1,2}|十[一二]?|[一二三四五六七八九])\s?月份?[底末]"
    r"|(?:(?P<cyy>(?:19|20)\d\d)\s?年|(?P<cyrel>今年|去年))[底末]"
)
# Period starts, as the first day: "by the start of November", "early March", "11月初".
_PERIOD_START = re.compile(
    rf"\b(?:(?:start|beginning)\sof|early)\s(?P<sm>{_MONTH})\b(?:,?\s(?P<sy>(?:19|20)\d\d)\b)?"
    r"|(?:(?P<scy>(?:19|20)\d\d)\s?年\s?)?(?P<scm>\d{1,2})\s?月初"
)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ZH_DAYS = "一二三四五六日"
_WEEKDAY = re.compile(
    rf"\b(?P<erel>last\s)?(?P<ed>{'|'.join(_DAYS)})\b"
    rf"|(?P<zrel>上|本|这)?(?:周|星期|礼拜)(?P<zd>[{_ZH_DAYS}天])"
)


def find_date(folded: str, relative_hits: list[tuple[int, str]], relative: Mapping[str, tuple[str, int]],
              published: dt.date | None) -> dt.date | None:
    """The first date in a folded sentence; ``relative_hits`` are (offset, term) from the matcher."""
    # (offset, priority, date): at one offset the more precise reading wins ("上周五" over "上周").
    candidates: list[tuple[int, int, dt.date]] = []
    # Every date holds a digit, at most 11 characters after its start ("september. 3"): the search starts
    # there, and a sentence without a digit (most of them) is not searched at all.
    # Every date also holds a "-" (2024-01-29), a 月 or a month's first three letters: a sentence with a digit but
    # none of those (a count: "117 services") is not searched either.
    digit = _DIGIT.search(folded)
    match = (_DATE.search(folded, max(0, digit.start() - 16))
             if digit is not None and ("-" in folded or "月" in folded or _names_a_month(folded)) else None)
    if match:
        resolved = _absolute(match, published, _year_hint(folded, match))
        if resolved:
            candidates.append((match.start(), 0, resolved))
    # Substring checks first: most sentences name no period end and no weekday.
    end_match = _PERIOD_END.search(folded) if ("end" in folded or "底" in folded or "末" in folded) else None
    if end_match and (resolved := _period_end(end_match, published)) is not None:
        candidates.append((end_match.start(), 0, resolved))
    start_match = (_PERIOD_START.search(folded)
                   if ("start" in folded or "beginning" in folded or "early" in folded or "月初" in folded) else None)
    if start_match and (resolved := _period_start(start_match, published)) is not None:
        candidates.append((start_match.start(), 0, resolved))
    if published is not None:
        weekday = "day" in folded or "周" in folded or "星期" in folded or "礼拜" in folded
        day_match = _WEEKDAY.search(folded) if weekday else None
        if day_match:
            candidates.append((day_match.start(), 0, _weekday(day_match, published)))
        for offset, term in relative_hits:
            unit, amount = relative[term]
            candidates.append((offset, 1, resolve_relative(unit, amount, published)))
            break
    return min(candidates)[2] if candidates else None


def _period_end(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    if m.group("xm") or m.group("cm"):
        raw = m.group("xm") or m.group("cm")
        month = _MONTHS[raw[:3]] if m.group("xm") else (int(raw) if raw.isdigit() else _CN_MONTH[raw])
        year = m.group("xy") or m.group("cy")
        rel = m.group("crel")
        if year is None and published is None:
            return None
        y = int(year) if year else published.year - (1 if rel == "去年" else 0)  # type: ignore[union-attr]
        if not 1 <= month <= 12:
            return None
        last = month_end(y, month)
        if year is None and rel is None and last > published + dt.timedelta(days=30):  # type: ignore[operator]
            last = month_end(y - 1, month)
        return last
    year = m.group("xyy") or m.group("cyy")
    if year:
        return dt.date(int(year), 12, 31)
    if published is None:
        return None
    rel = m.group("xrel") or m.group("cyrel")
    return dt.date(published.year - (1 if rel in ("last", "去年") else 0), 12, 31)


# A month named alone after "as of" / "by" stands for its last day: "as of April this year", "as of April 2026".
_BARE_MONTH = re.compile(rf"\s(?:the\s)?(?P<m>{_MONTH})\b(?!\.?\s\d{{1,2}}\b)"
                         r"(?:,?\s(?P<y>(?:19|20)\d\d)\b|\s(?P<rel>this|last)\syear\b)?")


def bare_month_end(folded: str, pos: int, published: dt.date | None) -> dt.date | None:
    """The last day of a month named at ``pos`` with no day ("April", "April 2026", "April this year");
    with no year, the latest such month that has begun by ``published``."""
    m = _BARE_MONTH.match(folded, pos)
    if m is None or (m.group("y") is None and published is None):
        return None
    month = _MONTHS[m.group("m")[:3]]
    if m.group("y"):
        return month_end(int(m.group("y")), month)
    year = published.year - (1 if m.group("rel") == "last" else 0)  # type: ignore[union-attr]
    if m.group("rel") is None and dt.date(year, month, 1) > published:  # type: ignore[operator]
        year -= 1
    return month_end(year, month)


def _period_start(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    month = _MONTHS[m.group("sm")[:3]] if m.group("sm") else int(m.group("scm"))
    year = m.group("sy") or m.group("scy")
    if not 1 <= month <= 12 or (year is None and published is None):
        return None
    first = dt.date(int(year) if year else published.year, month, 1)  # type: ignore[union-attr]
    if year is None and first > published + dt.timedelta(days=30):  # type: ignore[operator]
        first = dt.date(first.year - 1, month, 1)
    return first


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _weekday(m: re.Match[str], published: dt.date) -> dt.date:
    if m.group("ed"):
        target = _DAYS.index(m.group("ed"))
        back = (published.weekday() - target) % 7 or (7 if m.group("erel") else 0)
        return published - dt.timedelta(days=back)
    char = m.group("zd")
    target = 6 if char in "日天" else _ZH_DAYS.index(char)
    monday = published - dt.timedelta(days=published.weekday())
    if m.group("zrel") == "上":
        return monday - dt.timedelta(weeks=1) + dt.timedelta(days=target)
    if m.group("zrel"):
        return monday + dt.timedelta(days=target)
    return published - dt.timedelta(days=(published.weekday() - target) % 7)


def resolve_relative(unit: str, amount: int, published: dt.date) -> dt.date:
    if unit == "day":
        return published + dt.timedelta(days=amount)
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        return monday + dt.timedelta(weeks=amount)
    month_index = published.year * 12 + published.month - 1 + amount
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def _year_hint(folded: str, m: re.Match[str]) -> int | None:
    """A year offset the text states around a date without year: "今年9月1日", "明年1月", "1 September this year",
    or a rule taking effect (a future date in the same year, not last year's)."""
    before = folded[max(0, m.start() - 4):m.start()]
    after = folded[m.end():m.end() + 40]
    if "今年" in before or re.match(r"[\s,]*this year", after):
        return 0
    if "明年" in before or re.match(r"[\s,]*next year", after):
        return 1
    if "去年" in before or re.match(r"[\s,]*last year", after):
        return -1
    if re.search(r"(?:takes? effect|take effect|comes? into (?:force|effect)|will|from)\s(?:on\s)?$", folded[max(0, m.start() - 24):m.start()]) \
            or re.match(r"\s?(?:起施行|起实施|起生效|施行|生效)", after):
        return 0
    return None


def _absolute(m: re.Match[str], published: dt.date | None, year_offset: int | None = None) -> dt.date | None:
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
        if year_offset is not None:
            return _make(published.year + year_offset, int(month), int(day))
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


# A month of a year, or a year alone, told without a day: 2023年11月, "November 2023", 2019年
_MONTH_OF_YEAR = re.compile(rf"((?:19|20)\d\d)年(\d{{1,2}})月|\b({_MONTH})\.?\s((?:19|20)\d\d)\b")
_YEAR_ZH = re.compile(r"(?<!\d)((?:19|20)\d\d)年(?!\d)")
# A month's name right before a day's number: "Dec. 11", "March 3"
MONTH_BEFORE_DAY = re.compile(rf"\b{_MONTH}\.?\s$")


def month_told(folded: str) -> dt.date | None:
    """The latest day a month of a year (its first day) or a Chinese year alone (its last day) can mean, when the
    text tells one without a day: what find_date, which wants a day, leaves out."""
    if (m := _MONTH_OF_YEAR.search(folded)) is not None:
        year, month = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), _MONTHS[m.group(3)[:3]])
        return dt.date(year, month, 1) if 1 <= month <= 12 else None
    if (y := _YEAR_ZH.search(folded)) is not None:
        return dt.date(int(y.group(1)), 12, 31)  # 科技部在2019年…提出: the year's end, the latest it can mean
    return None


def month_number(name: str) -> int:
    """A month's number from its name or abbreviation, folded ("december", "dec" -> 12)."""
    return _MONTHS[name[:3]]
