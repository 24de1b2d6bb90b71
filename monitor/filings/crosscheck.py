"""The press against the regulator's lists: a reported company or total that a list confirms, or contradicts.

* A press ``new_company`` finding whose company is a provider of the release (by the dataset's
  canonical name through its aliases, or as printed) is confirmed: the list row joins its evidence,
  marked "confirmed by the regulator's list of <period>".
* A press ``new_total`` (filed, or ``registered:``) is confirmed by the first release whose running
  total (highest serial so far) reaches the reported lower bound; it is contradicted when a release
  whose filings run up to a day on or after the report's date still counts fewer: a ``conflict``
  finding ``conflict:list:total:<registry>:<reported>`` with the list's count and its last row (the
  digest shows it at once, where a conflict between reports and the dataset waits for two outlets).

Confirmations raise the press finding's own key with its own values, so the evidence adds to the
finding and agrees with it; only the snippet (the list row) is new.
"""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from monitor.dataset.model import KnownDataset, describe_count, lower_bound
from monitor.dataset.names import norm, slug
from monitor.filings.diff import RaisedFinding, counted, is_national, running_total
from monitor.filings.records import FilingEntry
from monitor.records import Finding


def confirmed_by(period: str) -> str:
    return f"confirmed by the regulator's list of {period}"


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
                raised.append(RaisedFinding(finding, f"{confirmed_by(period)}: {row.as_text()}", row))
        elif finding.kind == "new_total" and finding.total is not None:
            raised.extend(_total(period, entries, earlier, finding, reported_on))
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
        return [RaisedFinding(finding, f"{confirmed_by(period)}: {total} {registry} (last row: {last.as_text()})", last)]
    reported_as_of = finding.date or reported_on
    if total < wanted and as_of is not None and as_of >= reported_as_of:
        reported = describe_count(finding.total, finding.count_qualifier)  # type: ignore[arg-type]
        conflict = Finding(
            key=f"conflict:list:total:{registry}:{finding.total}", kind="conflict",
            summary=f"Report contradicts the regulator's list: {reported} generative-AI services {registry} as of "
                    f"{reported_as_of.isoformat()}, the list of {period} counts {total} as of {as_of.isoformat()}",
            total=finding.total, count_qualifier=finding.count_qualifier, date=reported_as_of,
            dataset_fact=f"the regulator's list of {period}: {total} {registry} as of {as_of.isoformat()}")
        return [RaisedFinding(conflict, f"the regulator's list of {period} counts {total} {registry}: "
                                        f"{last.as_text()}", last)]
    return []


__all__ = ["confirmed_by", "cross_check"]
