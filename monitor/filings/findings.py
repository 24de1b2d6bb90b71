"""Findings of the releases whose attachments were read since the last diff, stored like any other.

Runs at the start of the analysis stage (monitor.run.analysis), before the rules: an attachment's
document (its rows as text) is never read by the news rules; it is marked analysed here with the
findings of its release, and its rows are their evidence. A reprocess (``monitor reprocess
--as-of``) marks these documents pending again, so a release is diffed again against the dataset as
it stood then, like every other source.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Sequence

from monitor.dataset.model import KnownDataset
from monitor.fetch.urls import canonical_url
from monitor.filings.crosscheck import PRESS_KINDS, cross_check
from monitor.filings.diff import ReleaseDiff, diff_release
from monitor.records import Mention, MentionKind

if TYPE_CHECKING:
    from storage import Store

logger = logging.getLogger(__name__)
# The mention kind that stands beside a list's evidence (its rows are read by no rule; only the snippet is kept).
_EVIDENCE_KIND: dict[str, MentionKind] = {"new_company": "company_approval", "new_batch": "approval_batch"}


def diff_pending_releases(store: Store, pending: Sequence[tuple[int, str]], dataset: KnownDataset, *,
                          now: dt.datetime) -> list[ReleaseDiff]:
    from storage.analysis import DocumentAnalysis

    if not pending:
        return []
    periods = {canonical_url(url): period for url, period in store.attachment_periods().items()}
    by_period: dict[str, list[int]] = {}
    unattached = []
    for doc_id, url in pending:
        period = periods.get(url)
        if period is None:
            unattached.append(doc_id)
        else:
            by_period.setdefault(period, []).append(doc_id)
    doc_of_url = {url: doc_id for doc_id, url in pending}
    diffs = []
    press = store.press_findings(PRESS_KINDS)  # read once: what the lists raise below is no press report
    analyses: dict[int, list] = {doc_id: [] for doc_id, _ in pending}
    every = store.filings()  # read once: each release is diffed against the releases before it
    for period in sorted(by_period):
        stored = [filing for filing in every if filing.period == period]
        earlier = [filing.entry for filing in every if filing.period < period]
        entries = [filing.entry for filing in stored]
        attachment = {filing.entry: canonical_url(filing.attachment_url) for filing in stored}
        diff = diff_release(period, entries, dataset, earlier)
        diffs.append(diff)
        # Confirmations first: when the list raises the same key itself, the evidence says it confirms.
        for raised in (*cross_check(period, entries, earlier, dataset, press), *diff.findings):
            mention = Mention(kind=_EVIDENCE_KIND.get(raised.finding.kind, "cumulative_total"),  # evidence only
                              rule="filings:list", snippet=raised.snippet)
            # A finding resting on one row cites that row's attachment when it is pending; else the release's.
            row_doc = doc_of_url.get(attachment.get(raised.entry, "")) if raised.entry is not None else None
            targets = by_period[period] if row_doc is None else [row_doc]
            for doc_id in targets:
                analyses[doc_id].append((raised.finding, mention))
        logger.info("filing list diffed", extra={"period": period, "n_new": len(diff.new_providers)})
    store.save_analyses([DocumentAnalysis(document_id=doc_id, signature=None, cluster_id=None,  # type: ignore[arg-type]
                                          mentions=(), findings=tuple(found)) for doc_id, found in analyses.items()],
                        now=now)
    return diffs
