"""Write a dataset back as one self-contained TOML file in the format :func:`load_dataset` reads.

Includes are flattened: the export is the base file's facts (companies, batches, totals, events,
curated aliases merged in) plus every accepted fact, so it loads from any folder. Defaults and empty
fields are left out to keep the file readable; loading the export gives back equal records.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import Any

import tomli_w

from monitor.dataset.model import KnownDataset

logger = logging.getLogger(__name__)

_DEFAULTS: dict[str, Any] = {"qualifier": "exact", "note": None}


def _table(record: Any) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for spec in dataclasses.fields(record):
        if spec.name.startswith("_"):
            continue
        value = getattr(record, spec.name)
        if value is None or value == () or (spec.name in _DEFAULTS and value == _DEFAULTS[spec.name]):
            continue
        table[spec.name] = list(value) if isinstance(value, tuple) else value
    return table


def dump_dataset(dataset: KnownDataset, *, base_path: Path | None = None) -> str:
    header = "# Known dataset exported by monitor"
    if base_path is not None:
        header += f" from {base_path}"
    if dataset.as_of is not None:
        header += f", as known on {dataset.as_of.isoformat()}"
    document = {
        "company": [_table(c) for c in dataset.companies],
        "batch": [_table(b) for b in dataset.batches],
        "total": [_table(t) for t in dataset.totals],
        "regulation_event": [_table(e) for e in dataset.regulation_events],
    }
    body = tomli_w.dumps({k: v for k, v in document.items() if v})
    return f"{header}\n# Same format as config/known/dataset.toml; load it with load_dataset().\n\n{body}"



