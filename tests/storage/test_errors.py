"""Database faults reach callers as StorageError, on both backends; constraint violations do not."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from monitor.config import SourceConfig
from monitor.errors import StorageError
from storage import Store


def test_a_table_missing_under_the_store_is_a_storage_error_naming_it(db_url: str) -> None:
    # SQLite reports it as OperationalError, PostgreSQL as ProgrammingError (UndefinedTable): one fault.
    store = Store.open(db_url)
    try:
        with pytest.raises(StorageError, match=r"no_such_table"):
            with store.engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM no_such_table"))
        with store.engine.connect() as connection:  # the pool is still usable afterwards
            assert connection.execute(text("SELECT count(*) FROM sources")).scalar() == 0
    finally:
        store.close()


def test_a_constraint_violation_stays_an_integrity_error_for_the_store_to_retry(db_url: str) -> None:
    store = Store.open(db_url)
    try:
        store.sync_sources([SourceConfig(name="a", kind="feed", url="http://127.0.0.1/a.xml", interval="1h")])
        with pytest.raises(IntegrityError):
            with store.engine.begin() as connection:
                connection.execute(text("INSERT INTO sources SELECT * FROM sources"))
    finally:
        store.close()
