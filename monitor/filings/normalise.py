"""Tables to :class:`FilingEntry` rows, whatever header the release printed.

Column names change between releases (模型名称 / 大模型名称, 备案号 / 备案编号), registered entries
come under their own header (应用/功能名称, 登记单位, 上线编号, 登记时间) either as a second table or
as a header row in the middle of one table, and a PDF repeats no header on its later pages. So:

* any row whose cells name at least three known columns (序号 among them or not) is a header row
  and starts a section; a section under a registration header holds registered rows;
* a table without a header row continues the previous table's columns when it has as many;
* a row's registry comes from its number first (``...-YYYYMMDDSnnnn`` is a registration,
  ``...-YYYYMMDD[nnnn]`` a filing); a number without a date is a registration (the national
  filing numbers always carry the filing date; the one such row, 2025-10 serial 286, is cut off
  and its serial continues the registrations); a row without a number takes the registry of the
  row before it, else of its section;
* a model name that is a company while the company cell is not (2025-03, six rows) is swapped back.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable, Sequence

from monitor.filings.records import FilingEntry, FilingRegistry

# Field -> header words, most specific first; a header cell is matched after removing whitespace.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "serial": ("序号", "编号序号"),
    "locality": ("属地", "省份", "所属地区", "所在地", "地区", "省（区、市）", "省区市"),
    "service": ("大模型名称", "模型名称", "应用/功能名称", "应用或功能名称", "应用名称", "功能名称", "服务名称",
                "产品名称", "名称"),
    "provider": ("备案单位", "登记单位", "单位名称", "企业名称", "主体名称", "公司名称", "服务提供者"),
    "number": ("备案编号", "备案号", "上线编号", "登记编号", "编号"),
    "date": ("备案时间", "登记时间", "备案日期", "登记日期", "上线时间", "时间", "日期"),
    "scenario": ("适用场景",),
}
_REGISTRATION_HEADER = ("登记单位", "上线编号", "应用/功能名称", "登记时间", "登记编号", "应用名称")
_REGISTRATION_NUMBER = re.compile(r"-\d{8}S\d{3,}$", re.IGNORECASE)
_FILING_NUMBER = re.compile(r"-\d{8,}$")
_DATE = re.compile(r"(\d{4})\s*[/\-.年]\s*(\d{1,2})\s*[/\-.月]\s*(\d{1,2})")
_LATE = ("补登", "补录")


def _clean(cell: str) -> str:
    return "".join(cell.split())


def header_fields(row: Sequence[str]) -> dict[str, int] | None:
    """{field: column} when ``row`` is a header row, else None."""
    found: dict[str, int] = {}
    for column, cell in enumerate(row):
        text = _clean(cell)
        if not text or len(text) > 12:
            continue
        for field, words in _COLUMNS.items():
            if field not in found and any(text == word or (len(word) > 2 and word in text) for word in words):
                found[field] = column
                break
    needed = {"service", "provider", "number"}
    return found if needed <= set(found) and len(found) >= 4 else None


def _section(row: Sequence[str]) -> FilingRegistry:
    text = "".join(_clean(cell) for cell in row)
    return "registered" if any(word in text for word in _REGISTRATION_HEADER) else "filed"


def registry_of_number(number: str) -> FilingRegistry | None:
    if _REGISTRATION_NUMBER.search(number):
        return "registered"
    if _FILING_NUMBER.search(number):
        return "filed"
    return None


def parse_date(text: str) -> dt.date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def entries_from_tables(tables: Iterable[Sequence[Sequence[str]]]) -> list[FilingEntry]:
    entries: list[FilingEntry] = []
    columns: dict[str, int] | None = None
    width = 0
    section: FilingRegistry = "filed"
    previous: FilingRegistry | None = None
    for table in tables:
        carried = columns is not None and bool(table) and len(table[0]) == width
        if not carried:
            columns = None
        for row in table:
            found = header_fields(row)
            if found is not None:
                columns, width, section = found, len(row), _section(row)
                continue
            if columns is None:
                continue  # a title line above the header
            entry = _entry(row, columns, section, previous, len(entries) + 1)
            if entry is not None:
                entries.append(entry)
                previous = entry.registry
    return entries


def _cell(row: Sequence[str], columns: dict[str, int], field: str) -> str:
    index = columns.get(field)
    return " ".join(str(row[index]).split()) if index is not None and index < len(row) else ""


def _entry(row: Sequence[str], columns: dict[str, int], section: FilingRegistry,
           previous: FilingRegistry | None, row_number: int) -> FilingEntry | None:
    service, provider = _cell(row, columns, "service"), _cell(row, columns, "provider")
    number = _cell(row, columns, "number")
    if not (provider or number):
        return None  # an empty or note row ("注：...") spanning the table
    if service.endswith("公司") and not provider.endswith("公司"):
        service, provider = provider, service
    registry = registry_of_number(number) or (
        "registered" if number else (previous if previous is not None else section))
    date_text = _cell(row, columns, "date")
    serial_text = _cell(row, columns, "serial")
    return FilingEntry(
        registry=registry, service=service, provider=provider, filing_number=number,
        locality=_cell(row, columns, "locality"), filed_on=parse_date(date_text),
        serial=int(serial_text) if serial_text.isdigit() else None, late=any(w in date_text for w in _LATE),
        scenario=_cell(row, columns, "scenario") or None, row_number=row_number,
    )


def entries_from_records(header: Sequence[str], records: Iterable[dict[str, str]]) -> list[FilingEntry]:
    """Rows already split into dicts by column name (the shared JSON copy of the lists), through the
    same normalisation; a key outside ``header`` (适用场景) becomes a column of its own."""
    records = list(records)
    extra = [key for record in records for key in record if key not in header and not key.startswith("_")]
    columns = list(header) + list(dict.fromkeys(extra))
    table = [columns] + [[record.get(column, "") for column in columns] for record in records]
    return entries_from_tables([table])
