"""The press against the regulator's lists: a reported company, total or batch that a list confirms, or
a reported total it contradicts.

* A press ``new_company`` finding whose company is a provider of the release (by the dataset's
  canonical name through its aliases, or as printed) is confirmed: the list row joins its evidence,
  marked "confirmed by the regulator's list of <period>".
* A press ``new_total`` (filed, or ``registered:``) is confirmed by the first release whose running
  total (highest serial so far) reaches the reported lower bound; it is contradicted when a release
  whose filings run up to a day on or after the report's date still counts fewer: a ``conflict``
  finding ``conflict:list:total:<registry>:<reported>`` with the list's count and its last row (the
  digest shows it at once, where a conflict between reports and the dataset waits for two outlets).
* A press ``new_batch`` (N services approved or filed on or around a date) is confirmed by a national
  release whose own newly filed entries (filed registry, the rows its serials count) fit the reported
  count as the diff fits counts (``exact`` N is N, ``more_than`` N is N+1 and up, ``at_least`` N and
  up, ``about`` N within 10%), when the release covers the report's date: from its first new filing to
  the end of the month after its period (a list is reported in the month it appears or the next).

A batch is never contradicted. A media "batch" and a bi-monthly list seldom have the same scope: the
press counts a province's group, filed and registered services together, a recap of several months,
or the approvals of one announcement round, and dates it by publication rather than by filing. A list
whose count differs shows that the scopes differ more often than that the report is wrong, so a
mismatch raises nothing; only a count that fits, in a release that covers the date, says something.
A total has no such ambiguity (the serials count the whole register), which is why it can conflict.

Confirmations raise the press finding's own key with its own values, so the evidence adds to the
finding and agrees with it; only the snippet (the verdict and the list row, monitor/filings/verdicts.py)
is new.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Sequence

from monitor.dataset.model import KnownDataset, describe_count, lower_bound
from monitor.dataset.names import norm, slug
from monitor.filings.diff import RaisedFinding, counted, is_national, running_total
from monitor.filings.records import FilingEntry
from monitor.filings.verdicts import verdict_snippet
from monitor.findings.diff import counts_fit
from monitor.records import Finding

PRESS_KINDS = ("new_company", "new_total", "new_batch")  # the press findings a list can speak to


def cross_check(period: str, entries: Sequence[FilingEntry], earlier: Sequence[FilingEntry], dataset: KnownDataset,
                press: Sequence[tuple[Finding, dt.date]]) -> list[RaisedFinding]:
    raised: list[RaisedFinding] = []
    by_company: dict[str, FilingEntry] = {}
    for entry in entries:
        company = dataset.company(entry.provider)
        for name in (entry.provider, company.name if company else None):
            if name:
                by_company.setdefault(slug(name), entry)
                by_company.setdefault(norm(name), entry)
    for finding, reported_on in press:
        if finding.kind == "new_company" and finding.company:
            row = by_company.get(slug(finding.company)) or by_company.get(norm(finding.company))
            if row is not None:
                raised.append(RaisedFinding(finding, verdict_snippet("confirmed", period, row.as_text()), row))
        elif finding.kind == "new_total" and finding.total is not None:
            raised.extend(_total(period, entries, earlier, finding, reported_on))
        elif finding.kind == "new_batch" and finding.count is not None:
            raised.extend(_batch(period, entries, finding, reported_on))
    return raised


def _total(period: str, entries: Sequence[FilingEntry], earlier: Sequence[FilingEntry], finding: Finding,
           reported_on: dt.date) -> list[RaisedFinding]:
    registry = finding.registry
    if not is_national(entries):
        return []  # a province's own list says nothing of the national total
    mine = counted(entries, registry)
    if not mine:
        return []
    before = running_total(earlier, registry)
    total = max(before, running_total(mine, registry))
    last = max(mine, key=lambda e: e.serial or 0)
    as_of = max((e.filed_on for e in mine if e.filed_on), default=None)
    wanted = lower_bound(finding.total, finding.count_qualifier)  # type: ignore[arg-type]
    if before < wanted <= total:
        return [RaisedFinding(finding, verdict_snippet("confirmed", period, f"{total} {registry} (last row: "
                                                                            f"{last.as_text()})"), last)]
    reported_as_of = finding.date or reported_on
    if total < wanted and as_of is not None and as_of >= reported_as_of:
        reported = describe_count(finding.total, finding.count_qualifier)  # type: ignore[arg-type]
        conflict = Finding(
            key=f"conflict:list:total:{registry}:{finding.total}", kind="conflict",
            summary=f"Report contradicts the regulator's list: {reported} generative-AI services {registry} as of "
                    f"{reported_as_of.isoformat()}, the list of {period} counts {total} as of {as_of.isoformat()}",
            total=finding.total, count_qualifier=finding.count_qualifier, date=reported_as_of,
            dataset_fact=f"the regulator's list of {period}: {total} {registry} as of {as_of.isoformat()}")
        row = f"it counts {total} {registry} as of {as_of.isoformat()} (last row: {last.as_text()})"
        return [RaisedFinding(conflict, verdict_snippet("contradicted", period, row), last)]
    return []


def covered_days(period: str, filed: Sequence[FilingEntry]) -> tuple[dt.date, dt.date]:
    """The days a report about this release can be dated: from its first new filing (the period's first
    day when no row is dated) to the end of the month after its period."""
    year, month = (int(part) for part in period.split("-"))
    dates = [entry.filed_on for entry in filed if entry.filed_on]
    start = min(dates) if dates else dt.date(year, month, 1)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, dt.date(year, month, calendar.monthrange(year, month)[1])


def _batch(period: str, entries: Sequence[FilingEntry], finding: Finding,
           reported_on: dt.date) -> list[RaisedFinding]:
    if not is_national(entries):
        return []  # a province's list counts its own filings, never a national batch
    filed = counted(entries, "filed")
    if not filed or not counts_fit(finding.count, finding.count_qualifier, len(filed), "exact"):  # type: ignore[arg-type]
        return []
    start, end = covered_days(period, filed)
    if not start <= (finding.date or reported_on) <= end:
        return []
    first, last = min(filed, key=lambda e: e.serial or 0), max(filed, key=lambda e: e.serial or 0)
    row = f"{len(filed)} newly filed, serials {first.serial}-{last.serial} (last row: {last.as_text()})"
    return [RaisedFinding(finding, verdict_snippet("confirmed", period, row), last)]


__all__ = ["PRESS_KINDS", "covered_days", "cross_check"]
