"""Bytes of one attachment to its entries: detect the format, check the limits, read, normalise."""

from __future__ import annotations

from monitor.filings.detect import detect_format
from monitor.filings.normalise import entries_from_tables
from monitor.filings.readers import read_tables
from monitor.filings.records import AttachmentError, ParsedAttachment


def parse_attachment(body: bytes, *, name: str, content_type: str = "") -> ParsedAttachment:
    file_format = detect_format(body, name=name, content_type=content_type)
    entries = entries_from_tables(read_tables(body, file_format, name))
    if not entries:
        raise AttachmentError(f"no filing rows found in the {file_format} file (no table with the list's columns)",
                              name=name)
    return ParsedAttachment(name=name, format=file_format, entries=tuple(entries))
