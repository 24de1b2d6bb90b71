"""Runs: the stages wired to the store, once (`monitor run-once`) or on a schedule (`monitor daemon`).

    Runner(config).run_once(store, names=[...], clock=...) -> RunReport     one run, as `monitor run-once`

    runner.py   Runner: what outlives one run (per-host slots, article throttle, rules and dataset)

``Runner`` loads lazily (PEP 562): it pulls in every stage and storage, which a module of this
package that a worker process or the store imports on its own must not drag along.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from monitor.run.runner import Runner

__all__ = ["Runner"]

_HOME = {"Runner": "runner"}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
