"""Runs: the stages wired to the store, once (`monitor run-once`) or on a schedule (`monitor daemon`).

    in:  the config (sources, fetch settings, rules and dataset files) and the store
    out: documents, mentions, findings and evidence in the store; a :class:`pipeline.RunReport`
         (one :class:`monitor.records.SourceOutcome` per source, the analysis summary) for the caller

    Runner(config).run_once(store, names=[...], clock=...) -> RunReport     one run, as `monitor run-once`

    runner.py    Runner: what outlives one run (per-host slots, article throttle, rules and dataset)
    pipeline.py  one run: due sources -> collect -> analyse -> alert the channels
    collect.py   one source, one pass: fetch (monitor.fetch), read (monitor.sources, monitor.text,
                 monitor.filings), store the documents
    writer.py    the thread that stores what collecting fetched, several sources per transaction
    analysis.py  stored documents not analysed yet -> story clusters, mentions (monitor.rules),
                 findings (monitor.findings), written per batch
    reading.py   the CPU-heavy half of analysis (signatures, rules), in worker processes for a backlog
    workers.py   worker processes that end with the process that started them
    memory.py    freed heap handed back to the operating system between stages
    schedule.py  when a source is due: after success, the backoff after failures (storage records it)
    daemon.py    `monitor daemon`: each source on its interval, the digest daily, a heartbeat
    locking.py   locks that die with their holder: one daemon per database, one digest send at a time

The stage packages (monitor.sources, monitor.text, monitor.findings, ...) turn records into records;
the modules here are the ones that fetch, read and write the store around them.

``Runner`` loads lazily (PEP 562): it pulls in every stage and storage, which a module of this
package imported on its own (reading.py and workers.py by worker processes, schedule.py by the
store) must not drag along.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.lazy import lazy_exports

if TYPE_CHECKING:
    from monitor.run.runner import Runner

__all__ = ["Runner"]

_HOME = {"Runner": "runner"}


__getattr__, __dir__ = lazy_exports(__name__, _HOME, __all__)
