"""One reader per format: bytes in, tables of text cells out (a table is a list of rows).

Each library is imported on first use: a run that meets no attachment of a format pays nothing
for it. Every library error is translated here into :class:`AttachmentError` naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Callable, Iterable

from monitor.filings.detect import decode_text
from monitor.filings.guards import MAX_PDF_PAGES, MAX_ROWS, check_zip
from monitor.filings.records import AttachmentError

Table = list[list[str]]


def read_tables(body: bytes, file_format: str, name: str) -> list[Table]:
    reader = _READERS[file_format]
    try:
        return reader(body, name)
    except AttachmentError:
        raise
    except Exception as exc:  # the libraries raise anything on a damaged file (KeyError, struct.error, ...)
        raise AttachmentError(f"cannot read the {file_format} file: {type(exc).__name__}: {exc}"[:500],
                              name=name) from exc


def cell_text(value: object) -> str:
    """A cell as the list prints it: integral numbers without '.0', dates as YYYY/M/D."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}/{value.month}/{value.day}"
    return " ".join(str(value).split())


def _bounded(rows: Iterable[list[str]], name: str) -> Table:
    table: Table = []
    for row in rows:
        if any(row):
            table.append(row)
            if len(table) > MAX_ROWS:
                raise AttachmentError(f"more than {MAX_ROWS:,} rows: no filing list is that long", name=name)
    return table


def read_xlsx(body: bytes, name: str) -> list[Table]:
    check_zip(body, name)
    import openpyxl  # noqa: PLC0415

    # read_only streams the sheets row by row; the guard above bounds the shared strings it loads whole.
    workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    try:
        return [_bounded(([cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)), name)
                for sheet in workbook.worksheets]
    finally:
        workbook.close()


def read_xls(body: bytes, name: str) -> list[Table]:
    import xlrd  # noqa: PLC0415

    try:
        book = xlrd.open_workbook(file_contents=body, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise AttachmentError("password-protected (encrypted) workbook", name=name) from None
        raise
    tables = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)

            def cells(row: int, sheet=sheet) -> list[str]:
                out = []
                for cell in sheet.row(row):
                    if cell.ctype == xlrd.XL_CELL_DATE:
                        out.append(cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
                    else:
                        out.append(cell_text(cell.value))
                return out

            tables.append(_bounded((cells(row) for row in range(sheet.nrows)), name))
    finally:
        book.release_resources()
    return tables


def read_docx(body: bytes, name: str) -> list[Table]:
    check_zip(body, name)
    import docx  # noqa: PLC0415

    document = docx.Document(io.BytesIO(body))
    return [_bounded(([cell_text(cell.text) for cell in row.cells] for row in table.rows), name)
            for table in document.tables]


def read_pdf(body: bytes, name: str) -> list[Table]:
    import pdfplumber  # noqa: PLC0415
    from pdfminer.pdfdocument import PDFPasswordIncorrect  # noqa: PLC0415

    tables: list[Table] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(body))
    except PDFPasswordIncorrect:
        raise AttachmentError("password-protected (encrypted) PDF", name=name) from None
    with pdf:
        if len(pdf.pages) > MAX_PDF_PAGES:
            raise AttachmentError(f"{len(pdf.pages)} pages (at most {MAX_PDF_PAGES})", name=name)
        rows = 0
        for page in pdf.pages:
            for table in page.extract_tables():
                found = _bounded(([cell_text(cell) for cell in row] for row in table), name)
                rows += len(found)
                if rows > MAX_ROWS:
                    raise AttachmentError(f"more than {MAX_ROWS:,} rows: no filing list is that long", name=name)
                tables.append(found)
            page.close()  # drops the page's parsed objects: memory stays one page deep
    if not tables:
        raise AttachmentError("no table found in the PDF (a scanned image, or text without ruled cells)", name=name)
    return tables


def read_csv(body: bytes, name: str) -> list[Table]:
    try:
        text = decode_text(body)
    except UnicodeDecodeError:
        raise AttachmentError("a text file in neither UTF-8 nor GB18030", name=name) from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [_bounded(([cell_text(c) for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)), name)]


_READERS: dict[str, Callable[[bytes, str], list[Table]]] = {
    "xlsx": read_xlsx, "xls": read_xls, "docx": read_docx, "pdf": read_pdf, "csv": read_csv,
}
