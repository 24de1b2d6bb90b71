"""Real attachment files built from the rows of the shared copy of the regulator's lists.

Each file carries its release's header as printed; the embedded registration header rows of the
2024-08 .. 2025-03 lists stay where they are, and the on-device ("edge") rows of 2026-08 follow
under a header of their own with the extra 适用场景 column, as a second section.
"""

from __future__ import annotations

import csv
import io
import json
import os
from functools import lru_cache
from pathlib import Path

DATA = Path(os.environ.get("MONITOR_CAC_DATA", Path(__file__).resolve().parents[3] / "shared" / "data" / "cac"))
FORMATS = ("xlsx", "xls", "docx", "pdf", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xls": "application/vnd.ms-excel",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


@lru_cache(maxsize=1)
def releases() -> list[dict]:
    """The regulator's releases from ../shared/data/cac; none when that folder is absent (the tests that
    take them as parameters are then skipped, as the others that need it are)."""
    path = DATA / "genai_filing.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["batches"]


def sections(batch: dict) -> list[list[list[str]]]:
    """The release as tables: the main table (header as printed) and, if any, the edge rows' table."""
    header = list(batch["header"])
    main = [header] + [[row.get(h, "") for h in header] for row in batch["rows"] if "适用场景" not in row]
    edge_rows = [row for row in batch["rows"] if "适用场景" in row]
    tables = [main]
    if edge_rows:
        edge_header = header + ["适用场景"]
        tables.append([edge_header] + [[row.get(h, "") for h in edge_header] for row in edge_rows])
    return tables


def build(batch: dict, file_format: str) -> bytes:
    return _BUILDERS[file_format](sections(batch), batch["name"])


def _csv(tables: list[list[list[str]]], title: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for table in tables:  # one file: the second section's header is a row of its own
        writer.writerows(table)
    return out.getvalue().encode("utf-8-sig")


def _xlsx(tables: list[list[list[str]]], title: str) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    sheet.append([title])  # a title line above the header, as the regulator's sheets have
    for table in tables:
        for row in table:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xls(tables: list[list[list[str]]], title: str) -> bytes:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for index, table in enumerate(tables):
        sheet = workbook.add_sheet(f"Sheet{index + 1}")
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _docx(tables: list[list[list[str]]], title: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    for table in tables:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            cells = grid.rows[r].cells
            for c, value in enumerate(row):
                cells[c].text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf(tables: list[list[list[str]]], title: str) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a standard CJK font every reader knows
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=landscape(A4), topMargin=30, bottomMargin=30)
    story = [Paragraph(title, ParagraphStyle("title", fontName="STSong-Light", fontSize=12))]
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 7),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.black)])
    for table in tables:
        story.append(Table(table, style=style, repeatRows=0))  # later pages carry no header, as in the real PDFs
    document.build(story)
    return out.getvalue()


_BUILDERS = {"csv": _csv, "xlsx": _xlsx, "xls": _xls, "docx": _docx, "pdf": _pdf}
