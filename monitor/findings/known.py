"""The dataset as the diff sees it: the dataset file as of the replay date, plus every accepted finding.

    load_known(path, as_of) -> KnownDataset         the file and its includes, limited to what was known
                                                    by ``as_of`` (the config's dataset_as_of; None: all)
    diff_view(known, accepted) -> KnownDataset      plus the findings a reviewer accepted (the overlay)

Analysis diffs mentions against ``diff_view``, the reading workers build their aliases from it, and
what shows "the dataset" beside findings (the digest's and the web's totals chart) uses the same
view, so a fact counts as known in the same places. Callers load the file once where they can (the
Runner keeps it until the file changes) and overlay the facts accepted at that moment.

``monitor dataset export`` is not this view: it writes the whole file plus the accepted facts,
without the replay date's limit.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable

from monitor.dataset import KnownDataset, load_dataset
from monitor.records import Finding


def load_known(path: Path, as_of: dt.date | None) -> KnownDataset:
    """The dataset file as of ``as_of`` (a replay of history knows only what was known then)."""
    return load_dataset(path, as_of=as_of)


def diff_view(known: KnownDataset, accepted: Iterable[Finding]) -> KnownDataset:
    """``known`` with every accepted finding's fact added: what the diff holds a mention against."""
    return known.with_facts(accepted)
