"""An attachment's format from its bytes; Content-Type and the file name only break ties.

Download links carry no extension and servers often say ``application/octet-stream`` (or the wrong
type), so the bytes decide: a zip is an xlsx or a docx by the parts inside it, an OLE2 compound file
is an xls, a legacy Word or WPS file, or an encrypted Office file by its streams, ``%PDF`` is a PDF.
Text is a CSV only when it has the shape of one.
"""

from __future__ import annotations

import io
import zipfile

from monitor.filings.naming import extension
from monitor.filings.records import AttachmentError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image", b"BM": "BMP image"}


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def detect_format(body: bytes, *, name: str, content_type: str = "") -> str:
    """'xlsx', 'xls', 'docx', 'pdf' or 'csv'; :class:`AttachmentError` for anything else."""
    if not body:
        raise AttachmentError("empty file", name=name)
    if body.startswith(b"PK\x03\x04") or body.startswith(b"PK\x05\x06"):
        return _zip_format(body, name)
    if body.startswith(_OLE_MAGIC):
        return _ole_format(body, name)
    if body.lstrip()[:5] == b"%PDF-" or b"%PDF-" in body[:1024]:
        return "pdf"
    for magic, what in _IMAGES.items():
        if body.startswith(magic):
            raise AttachmentError(f"unsupported attachment format ({what})", name=name)
    head = body[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        raise AttachmentError("unsupported attachment format (an HTML page, not a file: a login or error page?)",
                              name=name)
    if _looks_like_csv(body):  # whatever the type says: servers label CSV as octet-stream or text/plain
        return "csv"
    raise AttachmentError(f"unsupported attachment format (.{extension(name) or '?'}, {content_type or 'no type'})",
                          name=name)


def _zip_format(body: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise AttachmentError(f"damaged or truncated zip container ({exc})", name=name) from None
    if "xl/workbook.xml" in parts or any(p.startswith("xl/") for p in parts):
        return "xlsx"
    if "word/document.xml" in parts:
        return "docx"
    raise AttachmentError("unsupported attachment format (a zip archive that is no xlsx or docx)", name=name)


def _ole_format(body: bytes, name: str) -> str:
    # Stream names sit in the compound file's directory as UTF-16; no need to parse the whole file to
    # tell a workbook from a Word document or from an encrypted OOXML package.
    if _utf16("EncryptedPackage") in body or _utf16("EncryptionInfo") in body:
        raise AttachmentError("password-protected (encrypted) file; the regulator's lists are never encrypted, "
                              "so this is no list we can read", name=name)
    if _utf16("Workbook") in body or _utf16("Book") in body:
        return "xls"
    if _utf16("WordDocument") in body:
        raise AttachmentError("unsupported attachment format (legacy Word .doc; only .docx tables are read)", name=name)
    raise AttachmentError("unsupported attachment format (an OLE2 file that is no Excel workbook: .et/.wps?)",
                          name=name)


def _looks_like_csv(body: bytes) -> bool:
    sample = body[:8192]
    if b"\x00" in sample:
        return False
    text = decode_text(sample, strict=False)
    lines = [line for line in text.splitlines() if line.strip()][:5]
    return bool(lines) and all(("," in line or "\t" in line) for line in lines)


def decode_text(raw: bytes, *, strict: bool = True) -> str:
    """UTF-8 (BOM or not), else GB18030; with ``strict=False`` never fails (undecodable bytes replaced)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    if strict:
        raise UnicodeDecodeError("utf-8", raw, 0, 1, "neither UTF-8 nor GB18030")
    return raw.decode("utf-8", errors="replace")

