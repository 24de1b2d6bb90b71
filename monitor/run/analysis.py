"""Analyse stored documents: story cluster (near-duplicate text or the same lead facts), rules -> mentions,
diff -> findings.

Runs over every document whose ``processed_at`` is empty (new, updated, or left behind by a crash),
and writes each document's cluster, mentions, findings and evidence in one transaction, so a
document is either fully analysed or not at all. ``monitor reprocess`` clears ``processed_at``
and calls the same function after a rules or dataset change.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Sequence

from monitor.config import MonitorConfig
from monitor.dataset import KnownDataset
from monitor.findings.diff import assess
from monitor.findings.known import diff_view, load_known
from monitor.records import Finding, Mention
from monitor.rules.ruleset import RuleSet, load_rules
from monitor.run.memory import release_free_heap
from storage import Store
from storage.analysis import DocumentAnalysis

if TYPE_CHECKING:
    from monitor.rules import AliasIndex

logger = logging.getLogger(__name__)

# monitor.dedup and monitor.run.reading (numpy) are imported where a backlog is analysed: a run that
# finds nothing new, the common case for the daemon and a warm run-once, never needs them.


@dataclass(frozen=True, slots=True)
class AnalysisSummary:
    documents: int = 0
    mentions: int = 0
    new_findings: int = 0

    def __add__(self, other: AnalysisSummary) -> AnalysisSummary:
        return AnalysisSummary(self.documents + other.documents, self.mentions + other.mentions,
                               self.new_findings + other.new_findings)


@dataclass(frozen=True, slots=True)
class AnalysisFiles:
    """The rules and dataset files, validated: loaded before anything is written, so a bad file costs nothing."""

    rules: RuleSet
    dataset: KnownDataset


@dataclass(frozen=True, slots=True)
class AnalysisContext:
    rules: RuleSet
    aliases: AliasIndex
    dataset: KnownDataset


def load_analysis_files(config: MonitorConfig) -> AnalysisFiles:
    return AnalysisFiles(rules=load_rules(config.rules), dataset=load_known(config.dataset, config.dataset_as_of))


def load_context(store: Store, files: AnalysisFiles) -> AnalysisContext:
    """The files plus every fact a reviewer accepted in the database (the dataset overlay)."""
    return _context(files, store.accepted_findings())


def _context(files: AnalysisFiles, accepted: Sequence[Finding]) -> AnalysisContext:
    from monitor.run.reading import alias_index

    dataset = diff_view(files.dataset, accepted)
    return AnalysisContext(rules=files.rules, aliases=alias_index(dataset), dataset=dataset)


# The daemon runs source jobs in threads, and each ends by analysing whatever is pending: one at a
# time, so a second job finds the first one's work done instead of reading the same documents again.
_ONE_AT_A_TIME = threading.Lock()
# Documents between heap trims: each batch read frees its texts and rows amid what the index keeps.
TRIM_EVERY = 5000


# Stored reports' lead facts, read again by every analysis within their window: the daemon analyses after
# most of its jobs, and reading the facts of every report of the window again was a fifth of its CPU at
# 5,000 such reports (bench_feedfarm --daemon). Keyed by document, with what the facts were read from.
_FACTS: dict[int, tuple[tuple, object]] = {}
_FACTS_MAX = 50_000


def _stored_facts(doc_id: int, title: str, text: str, told: tuple, aliases: Any) -> Any:
    from monitor.dedup import story_facts

    key = (aliases.version, hash(title), hash(text), told)
    cached = _FACTS.get(doc_id)
    if cached is not None and cached[0] == key:
        return cached[1]
    facts = story_facts(title, text, told, aliases)
    if len(_FACTS) >= _FACTS_MAX:
        _FACTS.clear()  # a bound, not an LRU: one analysis's window is far below it
    _FACTS[doc_id] = (key, facts)
    return facts


def analyse_pending(store: Store, config: MonitorConfig, *, now: dt.datetime, files: AnalysisFiles | None = None,
                    batch_size: int = 200) -> AnalysisSummary:
    with _ONE_AT_A_TIME:
        return _analyse_pending(store, config, now=now, files=files, batch_size=batch_size)


def _analyse_pending(store: Store, config: MonitorConfig, *, now: dt.datetime, files: AnalysisFiles | None,
                     batch_size: int) -> AnalysisSummary:
    lists = store.pending_filing_documents()
    if lists:  # the regulator's lists first: their rows are not news text
        from monitor.filings.findings import diff_pending_releases

        files = files or load_analysis_files(config)
        diff_pending_releases(store, lists, diff_view(files.dataset, store.accepted_findings()), now=now)
    pending = store.pending_document_ids()
    if not pending:
        return AnalysisSummary()
    from monitor.dedup import StoryIndex, story_facts
    from monitor.dedup.events import AI_HINTS, BARE_SIZE, BARE_SPAN, DEFAULT_EVENT_WINDOW
    from monitor.run.reading import readers

    files = files or load_analysis_files(config)
    release_free_heap()  # what collecting freed, before the index starts to fill the heap
    accepted = store.accepted_findings()
    context = _context(files, accepted)
    index = StoryIndex()
    known = list(store.story_signatures())
    # Sized once for what it holds and what this run adds: growing by half again as it fills left up
    # to a third of the signature matrix empty, and each regrowth held old and new copies at once.
    index.reserve(len(known) + len(pending))
    index.load(known)
    del known
    # Rewrites in other words or another language join a story by the facts it leads with; reports without
    # facts of the last days wait for theirs (BareWindow), stored ones as well as this run's.
    reports = [(published, doc_id, cluster, title, text, told)
               for doc_id, cluster, published, title, text, told in store.story_reports(DEFAULT_EVENT_WINDOW)]
    reports += [(published, doc_id, cluster, title, text, ())
                for doc_id, cluster, published, title, text in store.bare_reports(BARE_SPAN, BARE_SIZE, AI_HINTS)]
    reports.sort(key=lambda r: (r[0], r[1]))
    index.load_facts((doc_id, cluster, _stored_facts(doc_id, title, text, told, context.aliases), published)
                     for published, doc_id, cluster, title, text, told in reports)
    del reports
    batches = [pending[start:start + batch_size] for start in range(0, len(pending), batch_size)]
    documents = mentions = new_findings = 0
    trim_at = TRIM_EVERY
    # Batches are saved on one writer thread, in order, while the next ones are read and clustered;
    # at most two wait, so a slow database holds back reading instead of piling up batches in memory.
    saving: deque[Future[int]] = deque()
    with readers(config, accepted, context.rules, context.aliases, len(pending)) as read, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="monitor-writer") as writer:
        for stored, readings in read(store.documents_by_id(ids) for ids in batches):
            analyses = []
            # Clusters are assigned here, in document order, so ids do not depend on worker timing.
            clusters = index.add_many([(doc.id, reading.signature, doc.document.published)
                                       for doc, reading in zip(stored, readings)],
                                      facts=[story_facts(doc.document.title, doc.document.text, reading.mentions,
                                                         context.aliases)
                                             for doc, reading in zip(stored, readings)])
            merges = index.take_merges()  # stories this batch found to be one: stored reports follow
            for doc, reading, cluster in zip(stored, readings, clusters):
                findings = _findings(reading.mentions, context.dataset, doc.document.published.date())
                analyses.append(DocumentAnalysis(document_id=doc.id, signature=reading.signature, cluster_id=cluster,
                                                 mentions=reading.mentions, findings=tuple(findings)))
                mentions += len(reading.mentions)
            saving.append(writer.submit(store.save_analyses, analyses, now=now, merged_stories=merges))
            documents += len(analyses)
            if documents >= trim_at:
                release_free_heap()
                trim_at += TRIM_EVERY
            while len(saving) > 2:
                new_findings += saving.popleft().result()
        while saving:
            new_findings += saving.popleft().result()
    logger.info("analysis done", extra={"n_documents": documents, "n_mentions": mentions, "n_new": new_findings})
    return AnalysisSummary(documents=documents, mentions=mentions, new_findings=new_findings)


def _findings(mentions: Sequence[Mention], dataset: KnownDataset, published: dt.date) -> list[tuple[Finding, Mention]]:
    pairs: list[tuple[Finding, Mention]] = []
    for mention in mentions:
        finding = assess(mention, dataset, published=published)
        if finding is not None:
            pairs.append((finding, mention))
    return pairs
