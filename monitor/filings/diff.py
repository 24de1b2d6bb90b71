"""A release of the regulator's list against the known dataset: the findings it raises.

* ``new_filing_list:<period>``: one per release, with counts by registry and by province and the
  providers never seen before;
* ``new_company:<slug>`` for each provider neither the dataset (through its names and aliases, as of
  its ``as_of``) nor an earlier release knows; the canonical name when an alias resolves it (same key
  as a press report of the company, so the two meet in one finding);
* ``new_total:<n>`` and ``new_total:registered:<n>``: the register's size after the release (serials
  count up across releases, so the highest serial so far is the total), when above the dataset's
  highest total of that registry; filed and registered are kept apart; a provincial list (one
  province) raises none.

Each finding carries the list row (or the release's count line) as its evidence snippet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from monitor.dataset.model import KnownDataset, lower_bound
from monitor.dataset.names import norm, slug
from monitor.filings.records import FilingEntry
from monitor.records import Finding, total_key


@dataclass(frozen=True, slots=True)
class RaisedFinding:
    finding: Finding
    snippet: str
    entry: FilingEntry | None = None  # the list row it rests on (None: the release as a whole)


@dataclass(frozen=True, slots=True)
class ReleaseDiff:
    period: str
    filed: int
    registered: int
    by_locality: dict[str, int]
    new_providers: tuple[str, ...]  # as the dataset names them (canonical) or as printed
    findings: tuple[RaisedFinding, ...]


def _known(provider: str, dataset: KnownDataset) -> tuple[bool, str]:
    company = dataset.company(provider)
    if company is None:
        return False, provider
    return company.approved, company.name


def diff_release(period: str, entries: Sequence[FilingEntry], dataset: KnownDataset,
                 earlier: Sequence[FilingEntry] = ()) -> ReleaseDiff:
    """Findings of one release; ``earlier`` are the rows of the releases before it (their providers are seen)."""
    seen = {norm(entry.provider) for entry in earlier}
    counts = Counter(entry.registry for entry in entries)
    localities = Counter(entry.locality or "?" for entry in entries)
    raised: list[RaisedFinding] = []
    new_names: list[str] = []
    for entry in entries:
        key = norm(entry.provider)
        if key in seen:
            continue
        seen.add(key)
        known, name = _known(entry.provider, dataset)
        if known:
            continue
        new_names.append(name)
        registry = "filed (备案)" if entry.registry == "filed" else "registered (登记)"
        raised.append(RaisedFinding(Finding(
            key=f"new_company:{slug(name)}", kind="new_company",
            summary=f"On the regulator's {period} list for the first time: {name} ({entry.service}, {registry} "
                    f"{entry.filing_number})", company=name, date=entry.filed_on,
            dataset_fact=None if name == entry.provider else f"{entry.provider} is {name}"), entry.as_text(), entry))
    raised.extend(_totals(period, entries, earlier, dataset))
    top = ", ".join(f"{place} {n}" for place, n in localities.most_common(8))
    unseen = (f"; {len(new_names)} providers never seen before ({', '.join(new_names[:10])}"
              f"{', ...' if len(new_names) > 10 else ''})") if new_names else "; no provider never seen before"
    summary = (f"The regulator's {period} list adds {len(entries)} entries: {counts['filed']} filed, "
               f"{counts['registered']} registered{unseen}; by province: {top}")
    dates = [e.filed_on for e in entries if e.filed_on]
    release = Finding(key=f"new_filing_list:{period}", kind="new_filing_list", summary=summary,  # type: ignore[arg-type]
                      count=len(entries), date=max(dates) if dates else None)
    raised.insert(0, RaisedFinding(release, summary))
    return ReleaseDiff(period, counts["filed"], counts["registered"], dict(localities), tuple(new_names), tuple(raised))


def is_national(entries: Sequence[FilingEntry]) -> bool:
    """A provincial office's list holds one province, and its serials count that province only: no
    national total can be read from it."""
    return len({entry.locality for entry in entries if entry.locality}) > 1


def counted(entries: Sequence[FilingEntry], registry: str) -> list[FilingEntry]:
    """The rows of ``registry`` that the register's serials count (edge rows are numbered apart)."""
    return [e for e in entries if e.registry == registry and e.scenario is None and e.serial is not None]


def running_total(entries: Sequence[FilingEntry], registry: str) -> int:
    """The register's size as of ``entries``: the highest serial of ``registry`` among them (0: none)."""
    return max((e.serial or 0 for e in counted(entries, registry)), default=0)


def _totals(period: str, entries: Sequence[FilingEntry], earlier: Sequence[FilingEntry],
            dataset: KnownDataset) -> list[RaisedFinding]:
    raised: list[RaisedFinding] = []
    if not is_national(entries):
        return raised
    for registry in ("filed", "registered"):
        mine = counted(entries, registry)
        if not mine:
            continue
        total = max(running_total(mine, registry), running_total(earlier, registry))
        pool = [t for t in dataset.totals if (t.registry or "filed") == registry]
        best = max((lower_bound(t.count, t.qualifier) for t in pool), default=0)
        if total <= best:
            continue
        last = max(mine, key=lambda e: e.serial or 0)
        as_of = max((e.filed_on for e in mine if e.filed_on), default=None)
        raised.append(RaisedFinding(Finding(
            key=total_key(total, registry), kind="new_total",
            summary=f"The regulator's {period} list brings the {registry} generative-AI services to {total}"
                    + (f" (as of {as_of.isoformat()})" if as_of else ""),
            total=total, count_qualifier="exact", date=as_of,
            dataset_fact=f"highest known {registry} total {best}" if best else "no total known"), last.as_text(), last))
    return raised
