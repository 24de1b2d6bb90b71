"""The regulator's own lists in the digest: which findings rest on a list, and what a list says of them.

A piece of evidence is the regulator's list when its source is a ``filings`` source (the stored
``sources.kind``; the caller hands in their names, so no column is added). A finding with such
evidence ranks before the findings only the press carries: either the list raised it (a release, a
provider or a total read from the rows) or it checked a press report against its rows. What the list
said of a press report is in that evidence's snippet (monitor/filings/verdicts.py): "confirmed by
the regulator's list of 2026-08: <row>" or, for a ``conflict:list:...`` finding, "contradicted by
...". A snippet is read as a verdict only on list evidence, so a press sentence worded the same way
never passes for the regulator.
"""

from __future__ import annotations

from dataclasses import dataclass

from monitor.filings.verdicts import ListVerdict, read_verdict
from monitor.records import Evidence

from .records import DigestItem


@dataclass(frozen=True, slots=True)
class ListSources:
    """The names of the sources that read the regulator's lists (kind ``filings``)."""

    names: frozenset[str] = frozenset()

    def rests_on_list(self, item: DigestItem) -> bool:
        return any(ev.source in self.names for ev in item.evidence)

    def verdict(self, item: DigestItem) -> tuple[ListVerdict, Evidence] | None:
        """What the lists say of ``item``, with the evidence that says it. Several releases may confirm
        one report (a company listed again, with another service): the first to confirm it is shown.
        Several may contradict it: the latest, the register as it stands now, is shown."""
        said = sorted(((verdict, ev) for ev in item.evidence if ev.source in self.names
                       if (verdict := read_verdict(ev.snippet)) is not None), key=lambda pair: pair[0].period)
        confirmed = [pair for pair in said if pair[0].verdict == "confirmed"]
        if confirmed:
            return confirmed[0]
        return said[-1] if said else None


__all__ = ["ListSources"]
