"""Hostile attachments, built for real: a zip bomb in an xlsx's shared strings, a truncated workbook, an
encrypted workbook (ECMA-376 agile encryption, as Excel writes it), a PDF without a table."""

from __future__ import annotations

import io
import zipfile

from functools import lru_cache

from tests.filings.builders import build, releases

BOMB_BYTES = 2_500 * 1024 * 1024  # what the shared strings inflate to


_SHARED = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SHARED_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


@lru_cache(maxsize=1)  # about ten seconds of deflate: built once per test session
def xlsx_bomb(inflated: int = BOMB_BYTES) -> bytes:
    """A real workbook whose first cell is shared string 0, and whose xl/sharedStrings.xml holds that one
    string of ``inflated`` bytes (about 2.4 MB zipped). openpyxl writes inline strings, so the part, its
    relationship, its content type and the cell that refers to it are written here as Excel writes them."""
    source = zipfile.ZipFile(io.BytesIO(build(releases()[0], "xlsx")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="' + _SHARED +
                                    b'" Target="sharedStrings.xml" Id="rId99"/></Relationships>')
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="' +
                                    _SHARED_TYPE + b'"/></Types>')
            elif info.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<c ")
                end = data.index(b"</c>", start) + 4
                data = data[:start] + b'<c r="A1" t="s"><v>0</v></c>' + data[end:]
            bomb.writestr(info.filename, data)
        with bomb.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                       b'count="1" uniqueCount="1"><si><t>')
            block = b"A" * (8 << 20)
            for _ in range(inflated // len(block)):
                part.write(block)
            part.write(b"</t></si></sst>")
    return out.getvalue()


def truncated_xlsx() -> bytes:
    whole = build(releases()[1], "xlsx")
    return whole[: len(whole) // 2]


def encrypted_xlsx(password: str = "secret") -> bytes:
    import msoffcrypto.format.ooxml

    plain = io.BytesIO(build(releases()[1], "xlsx"))
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt(password, out)
    return out.getvalue()


def pdf_without_table() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawString(72, 760, "Notice: the list will be published later.")
    page.showPage()
    page.save()
    return out.getvalue()
