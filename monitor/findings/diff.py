"""Mentions against the known dataset: what changed in the world, as findings with stable keys.

``assess(mention, dataset, published=...)`` returns one :class:`Finding`, or None when the mention
agrees with the dataset (old facts repeated in new articles raise nothing). The caller stores the
finding by ``key``; another document or run with the same key only adds evidence.

Keys (``slug``: NFKC, case-folded, runs other than letters/digits/``.``/``-`` become ``-``):

* ``new_company:<slug>``: slug of the dataset's canonical name when any name, alias or model
  matches (case-insensitive), else of the raw name (``new_company:01.ai``). Raised when the company
  is unknown or not approved (as of the dataset's ``as_of``), or when the mention says ``filed`` and
  the dataset knows only a registration (登记).
* ``new_batch:<ordinal>`` (``new_batch:4``) when the report gives an ordinal the dataset lacks;
  without an ordinal ``new_batch:<date>:<count>`` (``new_batch:2024-01-17:14``) when the report
  dates the batch, else ``new_batch:<YYYY-MM of publication>:<count>`` (``new_batch:2024-01:14``), so copies
  of one story published the same month share a key.
* ``conflict:batch:<ordinal>:count`` / ``conflict:batch:<ordinal>:date``: the batch is known but the
  report's count does not fit (see below) or its date is more than 45 days away.
* ``new_total:<count>`` for filed (or unlabelled) totals, ``new_total:registered:<count>`` for 登记
  totals (``new_total:registered:435``): one fact whatever the qualifier or the filed wording.
* ``new_regulation_event:<slug of the reported name>``, unless the name is a known event's under a variant
  (monitor/findings/regulation_match.py: rapidfuzz on normalised names) or only generic words ("rules on AI").

Batches without an ordinal are matched by count *and* date: a known batch within 45 days of the
report's date (else its publication date) whose count fits. A media "most recent batch of 14"
published 2024-01-29 matches batch 4 (14, 2024-01-17); a known batch with no count never confirms
a reported count. Reports with neither ordinal nor count raise nothing.

Counts fit when their ranges overlap: ``exact N`` is N, ``more_than N`` is N+1 and up, ``at_least
N`` is N and up, ``about N`` is N +/- 10% (at least +/- 1).

Totals: cumulative counts only grow, so the dataset's latest total is its highest one (it already
holds only what was known by its ``as_of``). A report raises ``new_total`` only when its lower
bound (N+1 for "more than N", N otherwise) is above the highest known lower bound for the same
registry; a report without a registry is compared with filed (and unlabelled) totals. A total
dated after the article still counts as known: a stale number in an old article is no news.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

from monitor.dataset.model import Batch, KnownDataset, Total, describe_count, lower_bound
from monitor.dataset.names import slug
from monitor.findings.regulation_match import raises_nothing
from monitor.records import CountQualifier, Finding, Mention, total_key

logger = logging.getLogger(__name__)

MATCH_WINDOW = dt.timedelta(days=45)


def assess(mention: Mention, dataset: KnownDataset, *, published: dt.date | None = None) -> Finding | None:
    if isinstance(published, dt.datetime):
        published = published.date()
    if mention.kind == "company_approval":
        return _company(mention, dataset, published)
    if mention.kind == "approval_batch":
        return _batch(mention, dataset, published)
    if mention.kind == "cumulative_total":
        return _total(mention, dataset, published)
    if mention.kind == "regulation_event":
        return _regulation(mention, dataset, published)
    logger.warning("unknown mention kind %r from rule %s", mention.kind, mention.rule)
    return None


def _company(mention: Mention, dataset: KnownDataset, published: dt.date | None) -> Finding | None:
    if not mention.company:
        return None
    company = dataset.company(mention.company)
    if company is None and mention.model:
        company = dataset.company(mention.model)
    fact = None
    if company is not None and company.approved:
        if not (mention.registry == "filed" and company.registry == "registered"):
            return None
        fact = f"{company.name} holds only a registration (登记), no filing (备案)"
    elif company is not None:
        fact = f"{company.name} is known but not approved"
    name = company.name if company is not None else mention.company
    model = f" for {mention.model}" if mention.model else ""
    return Finding(
        key=f"new_company:{slug(name)}", kind="new_company",
        summary=f"Company reported approved for the first time: {name}{model}",
        company=name, date=mention.date or published, dataset_fact=fact,
    )


def _range(count: int, qualifier: CountQualifier | None) -> tuple[float, float]:
    if qualifier == "more_than":
        return count + 1, math.inf
    if qualifier == "at_least":
        return count, math.inf
    if qualifier == "about":
        slack = max(1, math.ceil(count * 0.1))
        return count - slack, count + slack
    return count, count


def counts_fit(count: int, qualifier: CountQualifier | None, known: int, known_q: CountQualifier | None) -> bool:
    low, high = _range(count, qualifier)
    known_low, known_high = _range(known, known_q)
    return low <= known_high and known_low <= high


def _batch(mention: Mention, dataset: KnownDataset, published: dt.date | None) -> Finding | None:
    if mention.jurisdiction not in (None, "CN"):
        return None  # a province's own group ("Beijing adds 3 more"), never a national batch
    count, qualifier = mention.count, mention.count_qualifier
    size = f"{describe_count(count, qualifier)} models approved" if count is not None else "models approved"
    latest = dataset.latest_batch()
    latest_fact = f"latest known is {latest.label()}" if latest else "no batch known"
    if mention.batch is not None:
        known = dataset.batch(mention.batch)
        if known is None:
            when = f", about {mention.date.isoformat()}" if mention.date else ""
            return Finding(key=f"new_batch:{mention.batch}", kind="new_batch",
                           summary=f"New batch reported: {size} (batch {mention.batch}{when})",
                           batch=mention.batch, count=count, count_qualifier=qualifier,
                           date=mention.date or published, dataset_fact=latest_fact)
        return _batch_conflict(mention, known)
    if count is None:
        return None
    reference = mention.date or published
    for known in dataset.batches:
        near = reference is None or abs(known.date - reference) <= MATCH_WINDOW
        if near and known.count is not None and counts_fit(count, qualifier, known.count, known.qualifier):
            return None
    if _is_known_list_increment(count, qualifier, dataset, reference):
        return None  # "72 new services in March and April": the known totals 796 -> 868 already say so
    if mention.date is not None:
        # The count is part of the key: an increment of 44 and a recap of 302 on one date are two facts.
        key, when = f"new_batch:{mention.date.isoformat()}:{count}", f"about {mention.date.isoformat()}"
    elif published is not None:
        key, when = f"new_batch:{published:%Y-%m}:{count}", f"reported {published.isoformat()}"
    else:
        key, when = f"new_batch:n{count}", "date not reported"
    return Finding(key=key, kind="new_batch", summary=f"New batch reported: {size} (no ordinal, {when})",
                   count=count, count_qualifier=qualifier, date=reference, dataset_fact=latest_fact)


LIST_WINDOW = dt.timedelta(days=120)


def _is_known_list_increment(count: int, qualifier: CountQualifier | None, dataset: KnownDataset,
                             reference: dt.date | None) -> bool:
    """A batch without ordinal that is the difference of two consecutive known totals of one registry (the
    regulator's bi-monthly list), reported within a few months of the later one."""
    by_registry: dict[str | None, list[Total]] = {}
    for total in sorted(dataset.totals, key=lambda t: t.as_of):
        by_registry.setdefault(total.registry, []).append(total)
    for series in by_registry.values():
        for earlier, later in zip(series, series[1:]):
            if earlier.qualifier not in (None, "exact") or later.qualifier not in (None, "exact"):
                continue
            near = reference is None or dt.timedelta(0) <= reference - later.as_of <= LIST_WINDOW
            if near and counts_fit(count, qualifier, later.count - earlier.count, "exact"):
                return True
    return False


def _batch_conflict(mention: Mention, known: Batch) -> Finding | None:
    ordinal = known.ordinal
    if mention.count is not None and known.count is not None:
        if not counts_fit(mention.count, mention.count_qualifier, known.count, known.qualifier):
            reported = describe_count(mention.count, mention.count_qualifier)
            return Finding(key=f"conflict:batch:{ordinal}:count", kind="conflict",
                           summary=f"Report contradicts the dataset: batch {ordinal} reported with "
                                   f"{reported} models, the dataset holds {describe_count(known.count, known.qualifier)}",
                           batch=ordinal, count=mention.count, count_qualifier=mention.count_qualifier,
                           date=mention.date, dataset_fact=f"{known.label()}")
    if mention.date is not None and abs(mention.date - known.date) > MATCH_WINDOW:
        return Finding(key=f"conflict:batch:{ordinal}:date", kind="conflict",
                       summary=f"Report contradicts the dataset: batch {ordinal} reported on "
                               f"{mention.date.isoformat()}, the dataset dates it {known.date.isoformat()}",
                       batch=ordinal, count=mention.count, date=mention.date,
                       dataset_fact=f"{known.label()}")
    return None


ABOUT_MARGIN = 0.05  # how far below a rounded total ("about 120") the real one may lie


def _total(mention: Mention, dataset: KnownDataset, published: dt.date | None) -> Finding | None:
    if mention.total is None:
        return None
    if mention.jurisdiction not in (None, "CN"):
        return None  # a province's or city's own count ("Beijing now has 105"), never the national total
    wanted = {mention.registry} if mention.registry else {"filed"}
    pool = [t for t in dataset.totals if t.registry is None or t.registry in wanted]
    best: Total | None = max(pool, key=lambda t: (lower_bound(t.count, t.qualifier), t.as_of), default=None)
    reported = lower_bound(mention.total, mention.count_qualifier)
    if mention.count_qualifier == "about":
        # "近120款", "nearly 120", "about 120": a rounded figure, which may stand for the 117 already known; only one
        # more than a twentieth above the known total says the register grew
        reported -= max(1, round(mention.total * ABOUT_MARGIN))
    if best is not None and reported <= lower_bound(best.count, best.qualifier):
        return None
    kind_word = "registered" if mention.registry == "registered" else "filed/approved"
    when = mention.date or published
    fact = (f"latest total {describe_count(best.count, best.qualifier)} "
            f"{best.registry or 'filed'} ({best.as_of.isoformat()})") if best else "no total known"
    return Finding(key=total_key(mention.total, mention.registry), kind="new_total",
                   summary=f"Higher cumulative total reported: {describe_count(mention.total, mention.count_qualifier)} "
                           f"generative-AI services {kind_word}" + (f" (as of {when.isoformat()})" if when else ""),
                   total=mention.total, count_qualifier=mention.count_qualifier, date=when, dataset_fact=fact)


def _regulation(mention: Mention, dataset: KnownDataset, published: dt.date | None) -> Finding | None:
    if not mention.regulation or raises_nothing(mention.regulation, dataset):
        return None  # a known event under another name, or a generic reference ("rules on AI")
    where = f"{mention.jurisdiction}, " if mention.jurisdiction else ""
    when = mention.date or published
    detail = f" ({where}{when.isoformat()})" if when else (f" ({mention.jurisdiction})" if where else "")
    return Finding(key=f"new_regulation_event:{slug(mention.regulation)}", kind="new_regulation_event",
                   summary=f"Regulation event not in the dataset: {mention.regulation}{detail}",
                   regulation=mention.regulation, date=when,
                   dataset_fact=f"{len(dataset.regulation_events)} regulation events, none named so")
