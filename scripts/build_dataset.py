#!/usr/bin/env python3
"""Rebuild config/known/companies.toml from the CAC generative-AI filing lists.

    .venv/bin/python scripts/build_dataset.py [DATA_DIR] [--aliases FILE] [--output FILE]

DATA_DIR holds genai_filing.json (and aggregates.json, used only as a check); default
``../shared/data/cac`` beside the repository. Its rows are read by monitor.filings (the parser of the
``filings`` source: one code path for a list), which handles the caveats of that folder's SOURCE.md:

* embedded header rows (``序号 == "序号"``) are dropped;
* rows whose model field names a company (ends in 公司) while the company field does not are
  swapped back (2025-03, 备案 serials 340-345);
* a 备案-tagged row whose filing number carries no date (2025-10, serial 286) is a 登记 row;
* 备案时间 loses its ``（补登）`` suffix; edge rows (on-device models, own serials 1-7) count as
  filings of their company but not towards the cumulative totals.

Output: one ``[[company]]`` per company. A legal entity listed in the curated aliases file is grouped
under that file's canonical name; any other entity is its own company, named as filed. Every company
gets ``approved = true``; ``registry = "filed"`` when it holds a 备案 (its ``first_filed`` is the
earliest), ``"registered"`` when it holds only 登记 rows (apps on someone else's model), with
``first_registered``. Plus one ``[[total]]`` per list and registry: the highest serial so far
(serials count up across lists), dated by the latest filing date in that list, i.e. the day the
count stands at (the announcement follows within days).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.dataset.names import norm  # noqa: E402
from monitor.filings.normalise import entries_from_records  # noqa: E402

logger = logging.getLogger("build_dataset")


@dataclass
class Row:
    period: str
    serial: int
    entity: str
    model: str
    kind: str  # "备案" or "登记"
    date: dt.date
    edge: bool = False


@dataclass
class Group:
    name: str
    entities: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    filed: dt.date | None = None
    registered: dt.date | None = None


def clean_rows(data: dict) -> list[Row]:
    """The rows of every release through monitor.filings, the parser the ``filings`` source uses."""
    rows: list[Row] = []
    swapped = retagged = 0
    for batch in data["batches"]:
        raw = [r for r in batch["rows"] if r["序号"] != "序号"]  # the parser drops embedded header rows
        entries = entries_from_records(batch["header"], batch["rows"])
        if len(entries) != len(raw):
            raise SystemExit(f"{batch['period']}: {len(raw)} rows but the parser read {len(entries)}")
        for record, entry in zip(raw, entries):
            if entry.serial is None or entry.filed_on is None:
                raise SystemExit(f"{batch['period']}: row without serial or date: {entry.as_text()}")
            kind = "备案" if entry.registry == "filed" else "登记"
            swapped += entry.provider != record["备案单位"].strip()
            retagged += kind != record["_kind"]
            rows.append(Row(batch["period"], entry.serial, entry.provider, entry.service, kind, entry.filed_on,
                            edge=entry.scenario is not None))
    logger.info("%d rows kept, %d swapped back, %d re-tagged as 登记", len(rows), swapped, retagged)
    return rows


def curated_names(path: Path) -> dict[str, str]:
    with open(path, "rb") as handle:
        curated = tomllib.load(handle)
    owners: dict[str, str] = {}
    for entry in curated.get("company", []):
        for surface in (entry["name"], *entry.get("aliases", [])):
            owners[norm(surface)] = entry["name"]
    return owners


def group(rows: list[Row], owners: dict[str, str]) -> list[Group]:
    groups: dict[str, Group] = {}
    for row in rows:
        name = owners.get(norm(row.entity), row.entity)
        g = groups.setdefault(name, Group(name))
        if row.entity != name and row.entity not in g.entities:
            g.entities.append(row.entity)
        if row.model and row.model not in g.models:
            g.models.append(row.model)
        if row.kind == "备案":
            g.filed = min(filter(None, (g.filed, row.date)))
        else:
            g.registered = min(filter(None, (g.registered, row.date)))
    return sorted(groups.values(), key=lambda g: (min(filter(None, (g.filed, g.registered))), g.name))


def totals(rows: list[Row], periods: list[str]) -> list[dict]:
    out = []
    highest = {"备案": 0, "登记": 0}
    for period in periods:
        for kind, registry in (("备案", "filed"), ("登记", "registered")):
            mine = [r for r in rows if r.period == period and r.kind == kind and not r.edge]
            if not mine:
                continue
            highest[kind] = max(highest[kind], *(r.serial for r in mine))
            out.append({"as_of": max(r.date for r in mine), "count": highest[kind], "registry": registry,
                        "note": f"CAC list {period}: cumulative, highest serial so far"})
    return out


def check_aggregates(data_dir: Path, computed: list[dict]) -> None:
    path = data_dir / "aggregates.json"
    if not path.is_file():
        return
    for agg in json.loads(path.read_text(encoding="utf-8"))["aggregates"]:
        for key, registry in (("cum_beian", "filed"), ("cum_dengji", "registered")):
            if agg.get(key) is None:
                continue
            year = int(agg["period"][:4]) - 1  # an annual summary counts up to the end of the year before
            ours = [t["count"] for t in computed if t["registry"] == registry and t["as_of"].year == year]
            if ours and max(ours) != agg[key]:
                logger.warning("aggregate %s %s=%s but the lists give %s", agg["period"], key, agg[key], max(ours))


def render(groups: list[Group], computed: list[dict]) -> str:
    companies = []
    for g in groups:
        entry: dict = {"name": g.name}
        if g.entities:
            entry["aliases"] = g.entities
        entry["models"] = g.models
        entry["approved"] = True
        entry["registry"] = "filed" if g.filed else "registered"
        if g.filed:
            entry["first_filed"] = g.filed
        if g.registered:
            entry["first_registered"] = g.registered
        companies.append(entry)
    header = ("# GENERATED by scripts/build_dataset.py from the CAC filing lists (../shared/data/cac).\n"
              "# Do not edit: curated names go in aliases.toml, hand-made facts in dataset.toml.\n\n")
    return header + tomli_w.dumps({"company": companies, "total": computed})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "cac")
    parser.add_argument("--aliases", type=Path, default=ROOT / "config" / "known" / "aliases.toml")
    parser.add_argument("--output", type=Path, default=ROOT / "config" / "known" / "companies.toml")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = json.loads((args.data_dir / "genai_filing.json").read_text(encoding="utf-8"))
    rows = clean_rows(data)
    groups = group(rows, curated_names(args.aliases))
    computed = totals(rows, [b["period"] for b in data["batches"]])
    check_aggregates(args.data_dir, computed)
    args.output.write_text(render(groups, computed), encoding="utf-8")
    filed = sum(1 for g in groups if g.filed)
    logger.info("%s: %d companies (%d with a filing), %d totals", args.output, len(groups), filed, len(computed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
