"""Log lines for people and for grep: the message, then the same ``key=value`` fields everywhere.

Modules log with ``extra={"source": ..., "url": ..., "status": ..., "n_new": ...}``; this
formatter appends those fields in one fixed order, so ``grep source=technode`` finds every line
about a source whichever module wrote it.
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

# The shared keys first, in this order; any other known key after them.
KEYS = ("source", "url", "status", "n_new", "n_updated", "n_documents", "n_mentions", "digest", "message_id", "job",
        "seconds", "error", "holder", "lock", "n_sources", "n_transactions")
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def _value(value: object) -> str:
    text = str(value)
    # Quote values with spaces or quotes so a line still splits into fields; no newlines in a line.
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return repr(text) if any(c in text for c in " \"'=") or not text else text


class KeyValueFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__(FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = [f"{key}={_value(getattr(record, key))}" for key in KEYS if getattr(record, key, None) is not None]
        return f"{line} {' '.join(fields)}" if fields else line


def configure(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Send every log record to stderr with :class:`KeyValueFormatter`, replacing earlier handlers."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # These log every job start, request and migration step at INFO; our job lines say more.
    for chatty in ("apscheduler", "httpx", "alembic"):
        logging.getLogger(chatty).setLevel(max(level, logging.WARNING))
