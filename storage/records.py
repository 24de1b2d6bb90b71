"""Small read-only records the store hands out (nothing outside storage/ sees a row)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from monitor.records import Document


@dataclass(frozen=True, slots=True)
class SourceState:
    name: str
    kind: str
    url: str
    etag: str | None
    last_modified: str | None
    last_attempt_at: dt.datetime | None
    last_success_at: dt.datetime | None
    failing_since: dt.datetime | None
    consecutive_failures: int
    last_error: str | None
    last_status: str | None
    next_due_at: dt.datetime | None
    documents_total: int


@dataclass(frozen=True, slots=True)
class StoredDocument:
    id: int
    document: Document
    cluster_id: int | None
    first_seen_at: dt.datetime
