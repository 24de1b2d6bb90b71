"""``monitor filings``: stored list rows as a table, JSON or CSV, with the dataset's company name."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, Iterable

from monitor.dataset.model import KnownDataset

if TYPE_CHECKING:
    from storage.filings import StoredFiling

FIELDS = ("registry", "service", "provider", "company", "filing_number", "locality", "filed_on", "period",
          "announcement_url", "attachment_url")


def filing_json(filing: StoredFiling, dataset: KnownDataset) -> dict[str, Any]:
    """company: the dataset's canonical name when its names or aliases know the provider, else None."""
    entry = filing.entry
    company = dataset.company(entry.provider)
    return {"registry": entry.registry, "service": entry.service, "provider": entry.provider,
            "company": company.name if company else None, "filing_number": entry.filing_number,
            "locality": entry.locality, "filed_on": entry.filed_on.isoformat() if entry.filed_on else None,
            "period": filing.period, "announcement_url": filing.announcement_url,
            "attachment_url": filing.attachment_url}


def filings_csv(rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return out.getvalue()


def print_filings(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from monitor.output import console

    table = Table("period", "registry", "locality", "service", "provider", "company", "number", "filed on",
                  title=f"{len(rows)} list rows")
    for row in rows:
        table.add_row(row["period"], row["registry"], row["locality"], row["service"], row["provider"],
                      row["company"] or "", row["filing_number"], row["filed_on"] or "")
    console().print(table)
