"""The regulator's own lists: filing announcements, their attachments, and the rows inside them.

    discover   attachment links of an announcement page (extension-less download links included)
    naming     an attachment's file name: Content-Disposition (RFC 6266 / RFC 5987) or the link's fText
    detect     the format from the bytes first, Content-Type and the name only as hints
    guards     limits checked before a parser sees the bytes (zip bombs, encryption, size)
    readers    one reader per format, each giving tables of text cells
    normalise  tables to :class:`FilingEntry` rows across the header variants of every release
    parse      bytes to entries: detect, guard, read, normalise (the one code path for a list)
    diff       a release against the known dataset: the findings it raises
    source     the ``filings`` source kind: fetch the page and its attachments, store, diff

scripts/build_dataset.py reads the lists through :func:`parse.entries_from_tables` too.
"""

from monitor.filings.records import AttachmentError, FilingEntry, ParsedAttachment

__all__ = ["AttachmentError", "FilingEntry", "ParsedAttachment"]
