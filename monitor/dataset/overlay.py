"""Accepted findings join the dataset, so the same report never alerts again.

Each kind adds the fact it reports: ``new_company`` marks the company approved (adding it when the
dataset has no such name), ``new_batch`` / ``new_total`` / ``new_regulation_event`` add an entry,
and an accepted ``conflict`` replaces the batch's count (``...:count``) or date (``...:date``).
A ``new_total`` finding carries its registry only in its key (``Finding.registry``;
any other total counts filings).
Facts without a date take the dataset's ``as_of`` or today: the date only matters for replay.
Accepted facts join even when dated after the dataset's ``as_of``: a reviewer has seen them, and
re-raising them in a replay would only repeat what the store already holds under the same key.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import Iterable

from monitor.dataset.model import Batch, Company, KnownDataset, RegulationEvent, Total
from monitor.records import Finding

logger = logging.getLogger(__name__)


def apply_facts(dataset: KnownDataset, facts: Iterable[Finding]) -> KnownDataset:
    companies = list(dataset.companies)
    batches = list(dataset.batches)
    totals = list(dataset.totals)
    events = list(dataset.regulation_events)
    fallback = dataset.as_of or dt.date.today()
    for fact in facts:
        when = fact.date or fallback
        if fact.kind == "new_company" and fact.company:
            known = KnownDataset(companies=tuple(companies)).company(fact.company)
            if known is None:
                companies.append(Company(fact.company, approved=True, registry="filed", first_filed=fact.date))
            else:
                updated = replace(known, approved=True, registry="filed",
                                  first_filed=known.first_filed or fact.date)
                companies[companies.index(known)] = updated
        elif fact.kind == "new_batch" and (fact.count is not None or fact.batch is not None):
            batches.append(Batch(date=when, ordinal=fact.batch, count=fact.count,
                                 qualifier=fact.count_qualifier or "exact"))
        elif fact.kind == "new_total" and fact.total is not None:
            totals.append(Total(as_of=when, count=fact.total, qualifier=fact.count_qualifier or "exact",
                                registry=fact.registry))
        elif fact.kind == "new_regulation_event" and fact.regulation:
            if KnownDataset(regulation_events=tuple(events)).regulation_event(fact.regulation) is None:
                events.append(RegulationEvent(name=fact.regulation, date=when))
        elif fact.kind == "conflict" and fact.key.startswith("conflict:batch:"):
            batches = _resolve_conflict(batches, fact)
        else:
            logger.warning("finding %s cannot join the dataset: nothing to add", fact.key)
    return KnownDataset(
        companies=tuple(companies),
        batches=tuple(sorted(batches, key=lambda b: (b.date, b.ordinal or 0))),
        totals=tuple(sorted(totals, key=lambda t: (t.as_of, t.count))),
        regulation_events=tuple(events),
        as_of=dataset.as_of,
    )


def _resolve_conflict(batches: list[Batch], fact: Finding) -> list[Batch]:
    target = next((b for b in batches if fact.batch is not None and b.ordinal == fact.batch), None)
    if target is None:
        logger.warning("conflict %s names no batch in the dataset", fact.key)
        return batches
    if fact.key.endswith(":date") and fact.date:
        fixed = replace(target, date=fact.date)
    elif fact.count is not None:
        fixed = replace(target, count=fact.count, qualifier=fact.count_qualifier or "exact")
    else:
        return batches
    return [fixed if b is target else b for b in batches]
