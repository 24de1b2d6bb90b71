"""Analyse stored documents: story cluster, rules -> mentions, diff -> findings.

Runs over every document whose ``processed_at`` is empty (new, updated, or left behind by a crash),
and writes each document's cluster, mentions, findings and evidence in one transaction, so a
document is either fully analysed or not at all. ``monitor reprocess`` clears ``processed_at``
and calls the same function after a rules or dataset change.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from monitor.config import MonitorConfig
from monitor.dataset import KnownDataset, load_dataset
from monitor.dedup import StoryIndex, story_signature
from monitor.diff import assess
from monitor.records import Finding, Mention
from monitor.rules import AliasIndex, RuleSet, extract_mentions, load_rules
from storage import Store
from storage.analysis import DocumentAnalysis

logger = logging.getLogger(__name__)

RULES_BUDGET_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class AnalysisSummary:
    documents: int = 0
    mentions: int = 0
    new_findings: int = 0


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
    return AnalysisFiles(rules=load_rules(config.rules), dataset=load_dataset(config.dataset, as_of=config.dataset_as_of))


def load_context(store: Store, files: AnalysisFiles) -> AnalysisContext:
    """The files plus every fact a reviewer accepted in the database (the dataset overlay)."""
    dataset = files.dataset.with_facts(store.accepted_findings())
    aliases = AliasIndex.build(dataset.alias_entries(), regulations=dataset.regulation_entries())
    return AnalysisContext(rules=files.rules, aliases=aliases, dataset=dataset)


def analyse_pending(store: Store, config: MonitorConfig, *, now: dt.datetime, files: AnalysisFiles | None = None,
                    batch_size: int = 200) -> AnalysisSummary:
    pending = store.pending_document_ids()
    if not pending:
        return AnalysisSummary()
    context = load_context(store, files or load_analysis_files(config))
    index = StoryIndex()
    index.load(store.story_signatures())
    documents = mentions = new_findings = 0
    for start in range(0, len(pending), batch_size):
        for stored in store.documents_by_id(pending[start:start + batch_size]):
            doc = stored.document
            signature = story_signature(doc.title, doc.text)
            cluster = index.add(stored.id, signature, published=doc.published)
            found = extract_mentions(doc.text, title=doc.title, published=doc.published.date(), language=doc.language,
                                     rules=context.rules, aliases=context.aliases, budget_seconds=RULES_BUDGET_SECONDS)
            findings = _findings(found, context.dataset, doc.published.date())
            created = store.save_analysis(DocumentAnalysis(document_id=stored.id, signature=signature, cluster_id=cluster,
                                                           mentions=tuple(found), findings=tuple(findings)), now=now)
            documents += 1
            mentions += len(found)
            new_findings += created
    logger.info("analysis done", extra={"n_documents": documents, "n_mentions": mentions, "n_new": new_findings})
    return AnalysisSummary(documents=documents, mentions=mentions, new_findings=new_findings)


def _findings(mentions: list[Mention], dataset: KnownDataset, published: dt.date) -> list[tuple[Finding, Mention]]:
    pairs: list[tuple[Finding, Mention]] = []
    for mention in mentions:
        finding = assess(mention, dataset, published=published)
        if finding is not None:
            pairs.append((finding, mention))
    return pairs
