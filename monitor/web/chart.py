"""The cumulative-total chart of the totals page: filed and registered as two series, reported values marked.

    total_points(dataset, reported) -> [TotalPoint]   the dataset's totals plus those findings report
    chart_series(points) -> [ChartSeries]            one SVG-ready series per registry

The bars are the digest's (monitor/digest/build.py ``chart_bars``: same series, order, scale and labels),
so the page and the mail never disagree; this module only places them in an SVG drawn by the template.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from monitor.dataset.model import KnownDataset
from monitor.digest import ChartBar, TotalPoint
from monitor.digest.build import chart_bars as digest_chart_bars
from storage.queries import StoredFinding

BAR_HEIGHT = 18
ROW_HEIGHT = 24
BAR_AREA = 420  # pixels of the widest bar
LABEL_WIDTH = 96


@dataclass(frozen=True, slots=True)
class PlacedBar:
    bar: ChartBar
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class ChartSeries:
    name: str  # "filed" (备案) or "registered" (登记)
    bars: tuple[PlacedBar, ...]

    @property
    def height(self) -> int:
        return ROW_HEIGHT * len(self.bars) + 8


def total_points(dataset: KnownDataset, reported: Sequence[StoredFinding]) -> list[TotalPoint]:
    """The dataset's totals, then each unreviewed ``new_total`` finding's total, dated by the report
    (its stated date, else its earliest evidence), as the digest dates them."""
    points = [TotalPoint(t.as_of, t.count, t.registry, "dataset") for t in dataset.totals]
    for view in reported:
        finding = view.finding
        if finding.kind != "new_total" or finding.total is None:
            continue
        dates = [e.published.date() for e in view.evidence if e.published is not None]
        as_of = finding.date or (min(dates) if dates else None)
        if as_of is not None:
            points.append(TotalPoint(as_of, finding.total, finding.registry, "reported"))
    return points


def chart_series(points: Sequence[TotalPoint]) -> list[ChartSeries]:
    series: dict[str, list[PlacedBar]] = {}
    for bar in digest_chart_bars(points):
        placed = series.setdefault(bar.series, [])
        # A non-zero total keeps the digest's visible sliver (percent >= 1).
        placed.append(PlacedBar(bar, y=ROW_HEIGHT * len(placed), width=max(round(BAR_AREA * bar.percent / 100), 0)))
    return [ChartSeries(name, tuple(bars)) for name, bars in series.items()]
