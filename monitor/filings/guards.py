"""Limits checked before a parser sees an attachment, so a hostile file costs bounded memory and time.

An xlsx or docx is a zip: its central directory declares every part's inflated size, and Python's
zipfile never inflates a part past its declared size (it stops and fails the CRC), so checking the
declared sizes bounds what openpyxl and python-docx can be made to hold. The real lists are tens of
kilobytes; the caps below are two orders of magnitude above the largest list a regulator has posted.
"""

from __future__ import annotations

import io
import zipfile

from monitor.filings.records import AttachmentError

MAX_PART_BYTES = 32 * 1024 * 1024  # one inflated part (sharedStrings.xml, a sheet, document.xml)
MAX_INFLATED_BYTES = 96 * 1024 * 1024  # all parts together
MAX_PARTS = 2_000
MAX_ROWS = 100_000  # data rows read from one attachment
MAX_PDF_PAGES = 400


def check_zip(body: bytes, name: str) -> None:
    """Refuse a zip whose parts would inflate past the caps (a zip bomb) or that is damaged."""
    try:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise AttachmentError(f"{len(infos)} parts in the zip container (at most {MAX_PARTS})", name=name)
            total = 0
            for info in infos:
                if info.flag_bits & 0x1:
                    raise AttachmentError("password-protected (encrypted) zip parts", name=name)
                if info.file_size > MAX_PART_BYTES:
                    raise AttachmentError(f"part {info.filename} inflates to {info.file_size:,} bytes "
                                          f"(at most {MAX_PART_BYTES:,}): refused as a zip bomb", name=name)
                total += info.file_size
            if total > MAX_INFLATED_BYTES:
                raise AttachmentError(f"parts inflate to {total:,} bytes together (at most {MAX_INFLATED_BYTES:,}): "
                                      "refused as a zip bomb", name=name)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise AttachmentError(f"damaged or truncated zip container ({exc})", name=name) from None
