"""Query strings read into typed filters, the same for a page and its JSON twin.

    finding_filter(params) -> FindingFilter    ?status= &kind= &since= &until= &page= &limit=
    page_window(params) -> PageWindow          ?page= &limit= (what every list pages by)
    date_param(params, name) -> date | None

A value that is none of the allowed ones raises UsageError (HTTP 400) naming them; nothing is
guessed. A page never holds more than MAX_LIMIT rows: 10,000 findings are never drawn at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping
from urllib.parse import urlencode

from monitor.errors import UsageError
from monitor.records import FINDING_KINDS

FINDING_STATUS_CHOICES = ("new", "accepted", "dismissed", "withdrawn", "all")  # as `monitor findings --status`
DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class PageWindow:
    page: int = 1  # from 1
    limit: int = DEFAULT_LIMIT

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


@dataclass(frozen=True, slots=True)
class FindingFilter:
    status: str = "new"
    kind: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    window: PageWindow = PageWindow()

    def query(self, **changes: object) -> str:
        """This filter as a query string, with ``changes`` (page=2, say) applied; defaults left out."""
        values: dict[str, object] = {"status": self.status, "kind": self.kind, "since": self.since,
                                     "until": self.until, "page": self.window.page, "limit": self.window.limit}
        values.update(changes)
        defaults = {"status": "new", "page": 1, "limit": DEFAULT_LIMIT}
        return urlencode([(k, v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()
                          if v is not None and v != "" and defaults.get(k) != v])


def _choice(params: Mapping[str, str], name: str, choices: tuple[str, ...], default: str | None) -> str | None:
    value = params.get(name, "") or default
    if value is not None and value not in choices:
        raise UsageError(f"{name} must be one of {', '.join(choices)}, not {value[:40]!r}")
    return value


def _positive(params: Mapping[str, str], name: str, default: int, most: int | None = None) -> int:
    text = params.get(name, "")
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise UsageError(f"{name} must be a whole number from 1, not {text[:40]!r}")
    return min(int(text), most) if most else int(text)


def date_param(params: Mapping[str, str], name: str) -> dt.date | None:
    text = params.get(name, "")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{name} must be a date as YYYY-MM-DD, not {text[:40]!r}") from None


def page_window(params: Mapping[str, str]) -> PageWindow:
    """?page= (from 1) and ?limit= (at most MAX_LIMIT: a larger one is cut, not refused)."""
    return PageWindow(page=_positive(params, "page", 1), limit=_positive(params, "limit", DEFAULT_LIMIT, MAX_LIMIT))


def finding_filter(params: Mapping[str, str]) -> FindingFilter:
    return FindingFilter(status=_choice(params, "status", FINDING_STATUS_CHOICES, "new") or "new",
                         kind=_choice(params, "kind", FINDING_KINDS, None), since=date_param(params, "since"),
                         until=date_param(params, "until"), window=page_window(params))
