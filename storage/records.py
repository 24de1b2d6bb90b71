"""Small read-only records the store hands out (nothing outside storage/ sees a row)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from monitor.records import Document


class SourceIdentity(Protocol):
    """What the store keeps of a configured source: its name, kind and URL (the rest of a source's
    config is the caller's). :class:`monitor.config.SourceConfig` is one; storage does not import the config."""

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def url(self) -> str: ...


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
