"""The known dataset: what the world already knows, so the diff raises only what changed.

    from monitor.dataset import KnownDataset, load_dataset, Company, Batch, Total, RegulationEvent
    dataset = load_dataset(Path("config/known/dataset.toml"), as_of=None)

File format: docs/contracts.md section 4, plus ``include`` (see :mod:`monitor.dataset.loader`).
"""

from monitor.dataset.export import dump_dataset
from monitor.dataset.loader import load_dataset
from monitor.dataset.model import Batch, Company, KnownDataset, RegulationEvent, Total
from monitor.dataset.names import slug

__all__ = ["Batch", "Company", "KnownDataset", "RegulationEvent", "Total", "dump_dataset", "load_dataset", "slug"]
