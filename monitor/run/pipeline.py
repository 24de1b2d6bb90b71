"""The orchestrator: one function that `monitor run-once` and the daemon both call.

    due sources -> collect (fetch, parse, article pages, store documents)   [concurrent, async]
                -> analyse every stored document not analysed yet           [rules, clusters, diff]
                -> alert the configured channels (monitor.channels.outbox)  [outbox: at least once]

Collecting finishes before analysing because analysis reads the dataset and the story index
once per run and benefits from seeing every new copy of a story together; and because analysis
works from the database (documents whose ``processed_at`` is empty), a crash between the two
stages loses nothing: the next run analyses what the last one stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Mapping, Sequence

import httpx

from monitor.config import MonitorConfig, SourceConfig
from monitor.fetch import Fetcher, FetchLimits, HostSlots
from monitor.fetch.robots import HostThrottle
from monitor.records import SourceOutcome
from monitor.run.analysis import AnalysisFiles, AnalysisSummary, analyse_pending
from monitor.run.collect import collect_source
from monitor.run.reading import spawn_pool
from monitor.run.schedule import due_sources
from monitor.run.writer import GroupWriter
from monitor.sources.feeds import ParsedFeed, parse_feed
from storage import SourceState, Store

logger = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]
# Below this many due feeds, starting a parse pool (a fresh interpreter per worker) costs more than it saves.
POOL_MIN_FEEDS = 8
ProgressHook = Callable[[SourceOutcome], None]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class RunReport:
    started: dt.datetime
    finished: dt.datetime
    outcomes: tuple[SourceOutcome, ...]
    analysis: AnalysisSummary = field(default_factory=AnalysisSummary)

    @property
    def all_failed(self) -> bool:
        return bool(self.outcomes) and all(o.status == "failed" for o in self.outcomes)

    @property
    def exit_status(self) -> int:
        """docs/contracts.md section 5: 1 when every due source failed, else 0."""
        return 1 if self.all_failed else 0


def fetch_limits(config: MonitorConfig) -> FetchLimits:
    f = config.fetch
    return FetchLimits(connect_timeout=f.connect_timeout, total_timeout=f.total_timeout, max_bytes=f.max_bytes,
                       max_redirects=f.max_redirects, retries=f.retries, concurrency=f.concurrency, per_host=f.per_host,
                       user_agent=f.user_agent)


def select_sources(config: MonitorConfig, states: Mapping[str, SourceState], names: Sequence[str] | None,
                   now: dt.datetime) -> list[SourceConfig]:
    """Named sources run even when not due (or disabled); otherwise every enabled source that is due."""
    if names:
        return [config.source(name) for name in dict.fromkeys(names)]
    return due_sources(config.sources, states, now)


Analyse = Callable[..., AnalysisSummary]  # (store, config, *, now, files) -> AnalysisSummary


def _named_states(store: Store, names: Sequence[str]) -> dict[str, SourceState] | None:
    """The rows of the named sources, or None when one has none yet (then every source is synced)."""
    states: dict[str, SourceState] = {}
    for name in dict.fromkeys(names):
        state = store.source_state(name)
        if state is None:
            return None
        states[name] = state
    return states


async def run_sources(config: MonitorConfig, store: Store, *, names: Sequence[str] | None = None, clock: Clock = utcnow,
                      progress: ProgressHook | None = None, executor: Executor | None = None,
                      on_start: Callable[[int], None] | None = None, files: AnalysisFiles | None = None,
                      transport: httpx.AsyncBaseTransport | None = None, article_delay: float | None = None,
                      host_slots: HostSlots | None = None, throttle: HostThrottle | None = None,
                      analyse: Analyse | None = None, synced: bool = False) -> RunReport:
    """``files``: the rules and dataset, when the caller validated them before opening the store.

    ``transport`` (tests) replaces the network under the Fetcher; ``article_delay`` (default: the
    config's ``fetch.article_delay``) spaces article requests to one host, over all sources of this run.
    ``host_slots`` and ``throttle``: shared with the other runs of the process (the daemon's jobs, see
    :class:`monitor.run.Runner`), so that politeness holds per host over all of them, not per run.
    ``analyse``: what analyses the stored documents (the Runner's, which runs one analysis at a time for
    all its jobs); by default :func:`analyse_pending`. ``synced``: every configured source already has its
    row (the Runner synced them in its first run; its config does not change), so a run of named sources
    reads only their rows, not all of them (a thousand rows per daemon job, a tenth of its CPU).
    """
    started = clock()
    states = _named_states(store, names) if synced and names else None
    if states is None:
        states = {state.name: state for state in store.sync_sources(config.sources)}
    sources = select_sources(config, states, names, started)
    if on_start:
        on_start(len(sources))
    outcomes: list[SourceOutcome] = []
    with _run_pool(sources, executor) as own:
        if sources:
            delay = config.fetch.article_delay if article_delay is None else article_delay
            outcomes = await _collect_all(config, store, states, sources, clock, progress, own or executor,
                                          transport=transport, throttle=throttle or HostThrottle(delay),
                                          host_slots=host_slots)
    # After the parse pool is gone: reading a large backlog starts workers that import only the rules
    # (see monitor.run.reading), instead of keeping parse workers that hold feedparser and lxml.
    analysis = (analyse or analyse_pending)(store, config, now=clock(), files=files)
    if config.channels:  # immediate alerts and source health, at the end of every run (monitor/channels)
        from monitor.channels.outbox import deliver_after_run

        deliver_after_run(config, store, clock=clock, run_started=started)
    return RunReport(started=started, finished=clock(), outcomes=tuple(outcomes), analysis=analysis)


async def _collect_all(config: MonitorConfig, store: Store, states: Mapping[str, SourceState],
                       sources: Iterable[SourceConfig], clock: Clock,
                       progress: ProgressHook | None, executor: Executor | None, *,
                       transport: httpx.AsyncBaseTransport | None, throttle: HostThrottle,
                       host_slots: HostSlots | None = None) -> list[SourceOutcome]:
    loop = asyncio.get_running_loop()
    # With a pool, fetching outruns parsing; unbounded, every fetched body would wait in memory for a worker.
    in_flight = asyncio.Semaphore(max(config.fetch.concurrency, 4 * _workers(executor)))

    async def parse(*args: object, **kwargs: object) -> ParsedFeed:
        if executor is None:
            return parse_feed(*args, **kwargs)  # type: ignore[arg-type]
        # parse_feed itself, not a wrapper here: a worker unpickling it imports monitor.sources.feeds only, not
        # this module's imports (analysis, storage, SQLAlchemy), which would double each worker's memory.
        return await loop.run_in_executor(executor, functools.partial(parse_feed, *args, **kwargs))

    async def one(source: SourceConfig) -> SourceOutcome:
        async with in_flight:
            outcome = await collect_source(source, states[source.name], fetcher, store, settings=config.fetch,
                                           now=clock(), parse=parse, throttle=throttle, writer=writer)
        if progress:
            progress(outcome)
        return outcome

    # One writer thread for documents and 304s, several queued sources per transaction (monitor.run.writer).
    writer = GroupWriter(store)
    try:
        async with Fetcher(fetch_limits(config), transport=transport, host_slots=host_slots) as fetcher:
            return list(await asyncio.gather(*(one(source) for source in sources)))
    finally:
        writer.close()
        logger.info("documents written", extra={"n_sources": writer.saves, "n_transactions": writer.groups})


@contextlib.contextmanager
def _run_pool(sources: Sequence[SourceConfig], given: Executor | None) -> Iterator[ProcessPoolExecutor | None]:
    """A process pool for collecting, or None: feed parsing is its largest CPU cost. Started for many due
    feeds on a machine with several CPUs, not when the caller gave an executor (tests); analysis starts
    its own when its backlog is large (see monitor.run.reading)."""
    cpus = os.cpu_count() or 1
    if given is not None or cpus < 2 or sum(s.kind == "feed" for s in sources) < POOL_MIN_FEEDS:
        yield None
        return
    with spawn_pool(cpus) as pool:
        yield pool


def _workers(executor: Executor | None) -> int:
    return getattr(executor, "_max_workers", 1) if executor is not None else 1


def run_once(config: MonitorConfig, store: Store, *, names: Sequence[str] | None = None, clock: Clock = utcnow,
             progress: ProgressHook | None = None, executor: Executor | None = None,
             on_start: Callable[[int], None] | None = None, files: AnalysisFiles | None = None,
             transport: httpx.AsyncBaseTransport | None = None, article_delay: float | None = None,
             host_slots: HostSlots | None = None, throttle: HostThrottle | None = None,
             analyse: Analyse | None = None, synced: bool = False) -> RunReport:
    return asyncio.run(run_sources(config, store, names=names, clock=clock, progress=progress, executor=executor,
                                   on_start=on_start, files=files, transport=transport, article_delay=article_delay,
                                   host_slots=host_slots, throttle=throttle, analyse=analyse, synced=synced))
