"""What outlives one run: the Runner the daemon keeps for as long as the process lives.

    Runner(config).run_once(store, names=[...], clock=...) -> RunReport     one run, as `monitor run-once`

A run (monitor.run.pipeline.run_once) fetches, stores and analyses; the Runner hands every run of the
process the same

* per-host request slots (:class:`monitor.fetch.HostSlots`): ``fetch.per_host`` requests in flight to one
  host over all the daemon's jobs at once, where each job's own Fetcher bounded only itself;
* article throttle (:class:`monitor.fetch.robots.HostThrottle`): ``fetch.article_delay`` between the starts of
  two article requests to one host, over all jobs;
* rules and dataset (:class:`monitor.run.analysis.AnalysisFiles`), loaded once and loaded again only when one
  of their files changes (size or modification time of the rules file and of the TOML files in the
  dataset's directory, which its includes come from), not once per job;
* the source rows, synced with the config once: a later job reads only its own source's row;
* one analysis at a time for all jobs: a job whose documents are stored while another job's analysis runs
  leaves them to that analysis, which goes round once more before it ends (:meth:`Runner.analyse`). Each
  analysis loads the story index of every stored document, so 1,000 feeds analysed one job at a time
  cost a thousand loads of a growing index per interval, more than the interval itself (the daemon
  benchmark, ``bench_feedfarm.py --daemon``, saw one core busy without pause).

What is still built per run: the Fetcher and its robots cache (an HTTP client lives on one event loop,
and each daemon job runs its own loop in its own thread; their TLS context is one per process,
:func:`monitor.fetch.transport.shared_ssl_context`), the parse pool, the writer, and the story index
(read from the store by each analysis; the stored reports' lead facts are kept between analyses,
``monitor.run.analysis._stored_facts``).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any, Sequence

from monitor.config import MonitorConfig
from monitor.fetch import HostSlots
from monitor.fetch.robots import HostThrottle
from monitor.run.analysis import AnalysisFiles, AnalysisSummary, analyse_pending, load_analysis_files
from monitor.run.pipeline import RunReport, run_once, utcnow
from storage import Store

logger = logging.getLogger(__name__)

_Stamp = tuple[tuple[str, int, int], ...]  # (path, size, mtime_ns) of each file


class Runner:
    """Shared politeness and analysis files for every run of one process (see the module docstring)."""

    def __init__(self, config: MonitorConfig) -> None:
        self.config = config
        self.host_slots = HostSlots(config.fetch.per_host)
        self.throttle = HostThrottle(config.fetch.article_delay)
        self.loads = 0  # how many times the rules and dataset were read (once, then once per change)
        self._files: AnalysisFiles | None = None
        self._stamp: _Stamp = ()
        self._lock = threading.Lock()
        self._analysis = threading.Lock()  # guards the two fields below
        self._analysing = False
        self._requested = False  # documents were stored since the running analysis began
        self.analyses = 0  # analyses run (tests: fewer than jobs when jobs overlap)
        self._synced = False

    def analyse(self, store: Store, config: MonitorConfig, *, now: Any, files: AnalysisFiles | None = None,
                analyse: Any = analyse_pending) -> AnalysisSummary:
        """Analyse the stored documents, unless another job's analysis is running: then that one analyses
        them too (it goes round again before it returns), and this job returns at once."""
        with self._analysis:
            self._requested = True
            if self._analysing:
                return AnalysisSummary()
            self._analysing = True
        total = AnalysisSummary()
        try:
            while True:
                with self._analysis:
                    if not self._requested:
                        self._analysing = False
                        return total
                    self._requested = False
                total += analyse(store, config, now=now, files=files)
                self.analyses += 1
        except BaseException:
            with self._analysis:
                self._analysing = False  # the next job analyses what this one left
            raise

    def files(self) -> AnalysisFiles:
        """The rules and dataset, read again only when a file changed since they were read."""
        with self._lock:
            dataset = Path(self.config.dataset)
            # the dataset's files beside it too: dataset.toml includes companies.toml and others from there
            stamp = _stamp((Path(self.config.rules), dataset, *sorted(dataset.parent.glob("*.toml"))))
            if self._files is None or stamp != self._stamp:
                files = load_analysis_files(self.config)  # a bad file raises here; the last good one stays
                self._files, self._stamp = files, stamp
                self.loads += 1
                if self.loads > 1:
                    logger.info("rules or dataset changed: reloaded", extra={"n_loads": self.loads})
            return self._files

    def run_once(self, store: Store, *, names: Sequence[str] | None = None, **options: Any) -> RunReport:
        """One run of ``names`` (or of every due source), with this Runner's slots, throttle and files."""
        options.setdefault("clock", utcnow)
        report = run_once(self.config, store, names=names, files=self.files(), host_slots=self.host_slots,
                          throttle=self.throttle, analyse=self.analyse, synced=self._synced, **options)
        self._synced = True  # every configured source has its row now; this Runner's config does not change
        return report


def _stamp(paths: Sequence[Path]) -> _Stamp:
    out = []
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            out.append((str(path), -1, -1))  # gone: load_analysis_files says so with the file's name
            continue
        out.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(out)


__all__ = ["Runner"]
