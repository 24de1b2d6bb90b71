"""The CPU-heavy half of analysis: story signature and rules for each document, on every core.

Reading a document (MinHash signature, then the rules) costs one to two milliseconds and needs
nothing but the text, the rules and the aliases, so large backlogs (a cold start over hundreds
of feeds) are read in worker processes while the main process assigns clusters, diffs against
the dataset and writes; small runs read inline, where starting workers would cost more than
it saves. Workers rebuild the rules and aliases from the same files and accepted facts, so
they read exactly as the main process would.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from monitor.config import MonitorConfig
from monitor.dedup import story_signature
from monitor.records import Finding, Mention
from monitor.rules import AliasIndex, RuleSet, extract_mentions
from storage import StoredDocument

RULES_BUDGET_SECONDS = 2.0
POOL_THRESHOLD = 1000  # pending documents below which workers are not worth starting

Item = tuple[str, str, dt.date, str | None]  # title, text, publication date, language
Readings = Callable[[Iterable[list[StoredDocument]]], Iterator[tuple[list[StoredDocument], list["Reading"]]]]


@dataclass(frozen=True, slots=True)
class Reading:
    signature: bytes
    mentions: tuple[Mention, ...]


def read_items(items: Sequence[Item], rules: RuleSet, aliases: AliasIndex) -> list[Reading]:
    return [Reading(story_signature(title, text),
                    tuple(extract_mentions(text, title=title, published=published, language=language, rules=rules,
                                           aliases=aliases, budget_seconds=RULES_BUDGET_SECONDS)))
            for title, text, published, language in items]


def _items(batch: list[StoredDocument]) -> list[Item]:
    return [(d.document.title, d.document.text, d.document.published.date(), d.document.language) for d in batch]


_worker: tuple[RuleSet, AliasIndex] | None = None


def _start_worker(rules: Path, dataset: Path, as_of: dt.date | None, accepted: list[Finding]) -> None:
    global _worker
    from monitor.analysis import AnalysisFiles, _context
    from monitor.dataset import load_dataset
    from monitor.rules import load_rules

    context = _context(AnalysisFiles(load_rules(rules), load_dataset(dataset, as_of=as_of)), accepted)
    _worker = (context.rules, context.aliases)


def _read_in_worker(items: list[Item]) -> list[Reading]:
    assert _worker is not None, "worker not initialised"
    return read_items(items, *_worker)


@contextlib.contextmanager
def readers(config: MonitorConfig, accepted: Sequence[Finding], rules: RuleSet, aliases: AliasIndex,
            pending: int) -> Iterator[Readings]:
    """A function that turns batches of stored documents into (batch, readings) pairs, in order."""
    workers = os.cpu_count() or 1
    if pending < POOL_THRESHOLD or workers < 2:
        yield lambda batches: ((batch, read_items(_items(batch), rules, aliases)) for batch in batches)
        return
    # spawn, not fork: the parent holds database connections and threads that a fork would copy.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker,
                               initargs=(config.rules, config.dataset, config.dataset_as_of, list(accepted)))

    def read(batches: Iterable[list[StoredDocument]]) -> Iterator[tuple[list[StoredDocument], list[Reading]]]:
        # At most two batches per worker in flight: enough to keep every core busy, bounded memory.
        in_flight: deque[tuple[list[StoredDocument], Future[list[Reading]]]] = deque()
        for batch in batches:
            in_flight.append((batch, pool.submit(_read_in_worker, _items(batch))))
            if len(in_flight) >= 2 * workers:
                done, future = in_flight.popleft()
                yield done, future.result()
        while in_flight:
            done, future = in_flight.popleft()
            yield done, future.result()

    try:
        yield read
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
