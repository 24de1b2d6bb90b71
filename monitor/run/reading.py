"""The CPU-heavy half of analysis: story signature and rules for each document, on every core.

Reading a document (MinHash signature, then the rules) costs one to two milliseconds and needs
nothing but the text, the rules and the aliases, so large backlogs (a cold start over hundreds
of feeds) are read in worker processes while the main process assigns clusters, diffs against
the dataset and writes; small runs read inline, where starting workers would cost more than
it saves. Workers rebuild the rules and aliases from the same files and accepted facts, so
they read exactly as the main process would.

Workers run the rules only; the main process computes each batch's story signatures while the
workers read it. A signature needs numpy (15 MB in every process that imports it), the rules do not,
and during analysis the main process had most of a core to spare. Measured on the 50,000-entry feed
farm: before, main ~0.4 of a core and each worker ~0.8; now main ~0.8 and each worker ~0.55, and
the analysis took 20.4 s instead of 21.6 s; so numpy stays out of the workers at no cost in wall time.

Workers are a pool of their own, started for the backlog and shut down after it: not the pool
that parsed the feeds. Parse workers hold feedparser and lxml (30 MB each) that reading never uses;
fresh workers that import only the rules cost an interpreter start (~0.3 s, while the main process
loads the story index) and 17 MB less each at the run's peak. A worker loads its reading context
lazily, on its first task, from a pickled spec in a file named by every task and cached per worker
(the spec carries the known companies' pinyin table, built once in a one-off process, so pypinyin's
53 MB phrase dictionary never sits in a worker); so the pool's only initializer is the watch that ends
a worker with its parent (monitor.run.workers).
This module imports nothing heavy at the top (no storage, SQLAlchemy, pydantic): a worker that
unpickles a task imports it, and those imports doubled each worker's memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import pickle
import tempfile
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence

from monitor.records import Finding, Mention
from monitor.run.workers import die_with_parent

if TYPE_CHECKING:
    from monitor.rules import AliasIndex, RuleSet
    from monitor.rules.romanised import Index as RomanisedIndex
    from monitor.config import MonitorConfig
    from monitor.dataset import KnownDataset
    from storage import StoredDocument

RULES_BUDGET_SECONDS = 2.0
POOL_THRESHOLD = 1000  # pending documents below which workers are not worth starting

Item = tuple[str, str, dt.date, str | None]  # title, text, publication date, language
Readings = Callable[[Iterable[list["StoredDocument"]]], Iterator[tuple[list["StoredDocument"], list["Reading"]]]]
# rules, dataset, as_of, accepted facts, the known companies' pinyin table (built once, by the parent)
Spec = tuple[Path, Path, "dt.date | None", tuple[Finding, ...], "RomanisedIndex"]

@dataclass(frozen=True, slots=True)
class Reading:
    signature: bytes
    mentions: tuple[Mention, ...]


def read_items(items: Sequence[Item], rules: RuleSet, aliases: AliasIndex) -> list[Reading]:
    return [Reading(signature, mentions)
            for signature, mentions in zip(signatures(items), read_mentions(items, rules, aliases))]


def signatures(items: Sequence[Item]) -> list[bytes]:
    # Imported here: monitor.dedup pulls in numpy, which a run with nothing to read (the pipeline
    # imports this module for its pool) should not load.
    from monitor.dedup import story_signatures

    return story_signatures([(title, text) for title, text, _, _ in items])


def read_mentions(items: Sequence[Item], rules: RuleSet, aliases: AliasIndex) -> list[tuple[Mention, ...]]:
    from monitor.rules import extract_mentions  # imported on first use: see monitor.rules

    return [tuple(extract_mentions(text, title=title, published=published, language=language, rules=rules,
                                   aliases=aliases, budget_seconds=RULES_BUDGET_SECONDS))
            for title, text, published, language in items]


def _items(batch: list[StoredDocument]) -> list[Item]:
    return [(d.document.title, d.document.text, d.document.published.date(), d.document.language) for d in batch]


def alias_index(dataset: KnownDataset) -> AliasIndex:
    """The rules' alias index for a dataset (with its overlay applied): companies and known events.

    Lives here, not in monitor.run.analysis, so that workers build it without importing storage."""
    from monitor.rules import AliasIndex

    return AliasIndex.build(dataset.alias_entries(), models=dataset.model_entries(),
                            regulations=dataset.regulation_entries(), event_dates=dataset.regulation_dates())


def _context_from(spec_path: str) -> tuple[RuleSet, AliasIndex]:
    from monitor.findings.known import diff_view, load_known
    from monitor.rules import load_rules

    rules_path, dataset_path, as_of, accepted, romanised = pickle.loads(Path(spec_path).read_bytes())
    aliases = alias_index(diff_view(load_known(dataset_path, as_of), accepted))
    aliases.adopt_romanised(romanised)
    return load_rules(rules_path), aliases


class _WorkerCache:
    """The reading context of the last spec this worker saw (one run uses one spec)."""

    key: str | None = None
    value: tuple[RuleSet, AliasIndex] | None = None


def _mentions_in_worker(spec_path: str, items: list[Item]) -> list[tuple[Mention, ...]]:
    if _WorkerCache.key != spec_path or _WorkerCache.value is None:
        _WorkerCache.value = _context_from(spec_path)
        _WorkerCache.key = spec_path
    return read_mentions(items, *_WorkerCache.value)


@contextlib.contextmanager
def spawn_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool, shut down at the end of the block (the pipeline's for parsing, ours for reading).

    Spawned, not forked: the parent holds an event loop, threads and database connections that a
    fork would copy. The only initializer is the parent watch of :mod:`monitor.run.workers` (standard
    library only): workers import what their first task needs, and end when the parent is killed."""
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=die_with_parent)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _build_romanised(companies: list[tuple[str, list[str]]]) -> RomanisedIndex:
    from monitor.rules.romanised import RomanisedNames

    return RomanisedNames.build(companies).index


@contextlib.contextmanager
def readers(config: MonitorConfig, accepted: Sequence[Finding], rules: RuleSet, aliases: AliasIndex,
            pending: int) -> Iterator[Readings]:
    """A function that turns batches of stored documents into (batch, readings) pairs, in order."""
    workers = os.cpu_count() or 1
    if pending < POOL_THRESHOLD or workers < 2:
        yield lambda batches: ((batch, read_items(_items(batch), rules, aliases)) for batch in batches)
        return
    # The known companies' pinyin table is built in a process of its own that then ends, started beside the
    # workers: pypinyin's phrase dictionary (about 53 MB) would otherwise stay in every worker, or in this
    # process, for the rest of the run.
    # The spec (with that table, about 100 KB, and the accepted facts, which grow with use) goes to a file
    # that each worker reads once, instead of riding with every task.
    with tempfile.TemporaryDirectory(prefix="monitor-reading-") as folder, \
            spawn_pool(1) as builder, spawn_pool(workers) as pool:
        romanised = builder.submit(_build_romanised, aliases.company_surfaces())
        spec_path: list[str] = []

        def spec() -> str:
            if not spec_path:
                path = Path(folder) / "spec.pickle"
                path.write_bytes(pickle.dumps((Path(config.rules), Path(config.dataset), config.dataset_as_of,
                                               tuple(accepted), romanised.result())))
                builder.shutdown()
                spec_path.append(str(path))
            return spec_path[0]

        def read(batches: Iterable[list[StoredDocument]]) -> Iterator[tuple[list[StoredDocument], list[Reading]]]:
            # At most two batches per worker in flight: enough to keep every core busy, bounded memory.
            in_flight: deque[tuple[list[StoredDocument], list[bytes], Future[list[tuple[Mention, ...]]]]] = deque()

            def finished() -> tuple[list[StoredDocument], list[Reading]]:
                done, sigs, future = in_flight.popleft()
                return done, [Reading(sig, mentions) for sig, mentions in zip(sigs, future.result())]

            for batch in batches:
                items = _items(batch)
                future = pool.submit(_mentions_in_worker, spec(), items)
                in_flight.append((batch, signatures(items), future))  # while the workers read
                if len(in_flight) >= 2 * workers:
                    yield finished()
            while in_flight:
                yield finished()

        yield read
