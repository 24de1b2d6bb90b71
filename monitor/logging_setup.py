"""Log lines for people and for grep: the message, then the same ``key=value`` fields everywhere.

Modules log with ``extra={"source": ..., "url": ..., "status": ..., "n_new": ...}``; this
formatter appends those fields in one fixed order, so ``grep source=technode`` finds every line
about a source whichever module wrote it.

Lines go through one rich console on stderr, the same one that draws run-once's progress bar: a log
line written while the bar is shown lands above it instead of inside it.
"""

from __future__ import annotations

import functools
import logging
import sys
from typing import TextIO

from rich.console import Console
from rich.text import Text

# The shared keys first, in this order; any other known key after them.
KEYS = ("source", "url", "status", "n_new", "n_updated", "n_documents", "n_mentions", "digest", "message_id", "job",
        "seconds", "error", "holder", "lock", "n_sources", "n_transactions", "channel", "key", "attempt")
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


@functools.cache
def stderr_console() -> Console:
    """The console for everything on stderr: log lines and the progress bar."""
    # soft_wrap: a log line stays one line (for grep) however narrow the terminal.
    return Console(stderr=True, highlight=False, soft_wrap=True)


class ConsoleHandler(logging.Handler):
    """Writes formatted records through :func:`stderr_console` (plain text: no markup, no colour)."""

    monitor_handler = True  # ours to replace: see monitor.cli, which re-configures for a later -v

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stderr_console().print(Text(self.format(record)), markup=False, highlight=False, soft_wrap=True)
        except Exception:  # noqa: BLE001 - logging must never raise into the code that logs
            self.handleError(record)


def configure(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Send every log record to stderr (or ``stream``) with :class:`KeyValueFormatter`, replacing earlier handlers."""
    handler: logging.Handler = logging.StreamHandler(stream) if stream is not None else ConsoleHandler()
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # These log every job start, request and migration step at INFO; our job lines say more.
    for chatty in ("apscheduler", "httpx", "alembic"):
        logging.getLogger(chatty).setLevel(max(level, logging.WARNING))
