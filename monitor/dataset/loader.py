"""Read and validate a known-dataset TOML file (docs/contracts.md section 4) into a :class:`KnownDataset`.

Besides ``[[company]]``, ``[[batch]]``, ``[[total]]`` and ``[[regulation_event]]`` a file may hold
``include = ["companies.toml", "aliases.toml"]``: paths relative to the including file, read in
order (recursively, cycles refused). Entries of every file are pooled, then companies are merged:

* entries with the same name (case-insensitive) become one company: aliases and models are united,
  ``approved`` is true if any entry says so, the earliest dates win, ``filed`` beats ``registered``;
* an entry whose name is an alias of exactly one other company is folded into it, so a curated
  alias file (``name = "Baidu"``, ``aliases = ["北京百度网讯科技有限公司"]``) also groups a generated
  entry that still carries the legal entity as its name.

Every error is a :class:`ConfigError` naming the file, the entry (``company[12]``, 0-based within
that file) and the field, and saying what is allowed. Unknown keys are errors.
"""

from __future__ import annotations

import datetime as dt
import logging
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from monitor.dataset.model import Batch, Company, KnownDataset, RegulationEvent, Total
from monitor.dataset.names import norm
from monitor.errors import ConfigError
from monitor.records import COUNT_QUALIFIERS

logger = logging.getLogger(__name__)


def _str(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value.strip()


def _str_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"expected a list of non-empty strings, got {value!r}")
    return tuple(dict.fromkeys(v.strip() for v in value))


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a whole number >= 0, got {value!r}")
    return value


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date like 2024-01-17 (no time), got {value!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"expected a date like 2024-01-17, got {value!r}")


def _choice(*allowed: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in allowed:
            raise ValueError(f"expected one of {', '.join(map(repr, allowed))}, got {value!r}")
        return str(value)

    return check


_REGISTRY = _choice("filed", "registered")
_FIELDS: dict[str, dict[str, Callable[[Any], Any]]] = {
    "company": {"name": _str, "aliases": _str_list, "models": _str_list, "approved": _bool,
                "first_filed": _date, "registry": _REGISTRY, "first_registered": _date, "note": _str},
    "batch": {"ordinal": _count, "date": _date, "count": _count, "qualifier": _choice(*COUNT_QUALIFIERS),
              "jurisdiction": _str, "companies": _str_list, "note": _str},
    "total": {"as_of": _date, "count": _count, "qualifier": _choice(*COUNT_QUALIFIERS),
              "registry": _REGISTRY, "note": _str},
    "regulation_event": {"name": _str, "date": _date, "aliases": _str_list, "jurisdiction": _str,
                         "kind": _str, "note": _str},
}
_REQUIRED = {"company": ("name",), "batch": ("date",), "total": ("as_of", "count"),
             "regulation_event": ("name", "date")}
_BUILD = {"company": Company, "batch": Batch, "total": Total, "regulation_event": RegulationEvent}
_TOP_LEVEL = ("include", *_FIELDS)


def load_dataset(path: Path, *, as_of: dt.date | None = None) -> KnownDataset:
    """Load ``path`` and its includes; limit to what was known by ``as_of`` when given."""
    pooled: dict[str, list[Any]] = {kind: [] for kind in _FIELDS}
    origins: dict[int, tuple[str, str]] = {}  # id(record) -> (file, entry), for errors across files
    _read(Path(path), pooled, origins, stack=())
    _check_unique(pooled, origins)
    dataset = KnownDataset(
        companies=_merge_companies(pooled["company"]),
        batches=tuple(sorted(pooled["batch"], key=lambda b: (b.date, b.ordinal or 0))),
        totals=tuple(sorted(pooled["total"], key=lambda t: (t.as_of, t.count))),
        regulation_events=tuple(pooled["regulation_event"]),
    )
    logger.debug("dataset %s: %d companies, %d batches", path, len(dataset.companies), len(dataset.batches))
    return dataset.limited_to(as_of)


def _read(path: Path, pooled: dict[str, list[Any]], origins: dict[int, tuple[str, str]],
          stack: tuple[Path, ...]) -> None:
    resolved = path.resolve()
    if resolved in stack:
        raise ConfigError("include cycle: " + " -> ".join(str(p) for p in (*stack, resolved)), path=str(path))
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError("dataset file not found", path=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=str(path)) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read dataset file: {exc}", path=str(path)) from exc
    for key in data:
        if key not in _TOP_LEVEL:
            raise ConfigError(f"unknown key; allowed: {', '.join(_TOP_LEVEL)}", path=str(path), key=key)
    includes = data.get("include", [])
    if not isinstance(includes, list) or not all(isinstance(i, str) for i in includes):
        raise ConfigError("expected a list of file paths", path=str(path), key="include")
    for index, name in enumerate(includes):
        target = path.parent / name
        if not target.is_file():
            raise ConfigError(f"included file not found: {target}", path=str(path), key=f"include[{index}]")
        _read(target, pooled, origins, (*stack, resolved))
    for kind, fields in _FIELDS.items():
        entries = data.get(kind, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ConfigError(f"expected [[{kind}]] tables", path=str(path), key=kind)
        for index, entry in enumerate(entries):
            record = _entry(kind, fields, entry, str(path), f"{kind}[{index}]")
            pooled[kind].append(record)
            origins[id(record)] = (str(path), f"{kind}[{index}]")


def _entry(kind: str, fields: dict[str, Callable[[Any], Any]], raw: dict[str, Any], path: str, where: str) -> Any:
    label = f" ({raw['name']!r})" if isinstance(raw.get("name"), str) else ""
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in fields:
            raise ConfigError(f"unknown key{label}; allowed: {', '.join(fields)}", path=path, key=f"{where}.{key}")
        try:
            values[key] = fields[key](value)
        except ValueError as exc:
            raise ConfigError(f"{exc}{label}", path=path, key=f"{where}.{key}") from exc
    for key in _REQUIRED[kind]:
        if key not in values:
            raise ConfigError(f"missing required key{label}", path=path, key=f"{where}.{key}")
    if kind == "company" and values.get("registry") and not values.get("approved", False):
        raise ConfigError(f"registry is set{label} but approved is not true", path=path, key=f"{where}.approved")
    return _BUILD[kind](**values)


def _check_unique(pooled: dict[str, list[Any]], origins: dict[int, tuple[str, str]]) -> None:
    seen: dict[object, Any] = {}
    for kind, field_name, ident in (("batch", "ordinal", lambda b: b.ordinal),
                                    ("regulation_event", "name", lambda e: norm(e.name))):
        for record in pooled[kind]:
            key = (kind, ident(record))
            if key[1] is None:
                continue
            if key in seen:
                first_path, first_where = origins[id(seen[key])]
                path, where = origins[id(record)]
                raise ConfigError(f"{ident(record)!r} is already defined at {first_path}: {first_where}; "
                                  f"each {kind} {field_name} must be unique", path=path, key=f"{where}.{field_name}")
            seen[key] = record


def _merge_companies(entries: list[Company]) -> tuple[Company, ...]:
    by_name: dict[str, Company] = {}
    for entry in entries:
        key = norm(entry.name)
        by_name[key] = merge_company(by_name[key], entry) if key in by_name else entry
    # Fold an entry named like another company's alias into that company.
    owners: dict[str, list[str]] = {}
    for key, company in by_name.items():
        for alias in company.aliases:
            owners.setdefault(norm(alias), []).append(key)
    for key in list(by_name):
        targets = [t for t in owners.get(key, []) if t != key and t in by_name]
        if len(targets) == 1:
            by_name[targets[0]] = merge_company(by_name[targets[0]], by_name.pop(key))
    return tuple(by_name.values())


def merge_company(into: Company, other: Company) -> Company:
    def earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
        return min(d for d in (a, b) if d) if (a or b) else None

    registries = {into.registry, other.registry}
    return replace(
        into,
        aliases=tuple(dict.fromkeys(a for a in (*into.aliases, other.name, *other.aliases)
                                    if norm(a) != norm(into.name))),
        models=tuple(dict.fromkeys((*into.models, *other.models))),
        approved=into.approved or other.approved,
        first_filed=earliest(into.first_filed, other.first_filed),
        first_registered=earliest(into.first_registered, other.first_registered),
        registry="filed" if "filed" in registries else ("registered" if "registered" in registries else None),
        note=into.note or other.note,
    )
