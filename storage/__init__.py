"""Persistence for monitor: SQLAlchemy 2 models, Alembic migrations and the :class:`Store` facade.

SQLite is the embedded default (WAL, busy timeout); PostgreSQL is chosen by URL
(``postgresql+psycopg://...``). Nothing outside this package sees a database row: the store takes
and returns the records of :mod:`monitor.records` and the small state records defined here.
"""

from storage.engine import create_engine_for, upgrade
from storage.records import SourceIdentity, SourceState, StoredDocument
from storage.store import FetchSuccess, SourceSave, Store

__all__ = ["FetchSuccess", "SourceIdentity", "SourceSave", "Store", "SourceState", "StoredDocument", "create_engine_for",
           "upgrade"]
