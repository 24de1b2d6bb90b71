"""Schema upgrades: Alembic on an empty or older database, no Alembic at all on one already at head."""

from __future__ import annotations

import sys

from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from storage import Store
from storage.engine import SCHEMA_HEAD, alembic_config, create_engine_for, current_revision, upgrade


def test_schema_head_is_the_newest_migration(tmp_path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'x.db'}")
    assert ScriptDirectory.from_config(alembic_config(engine)).get_current_head() == SCHEMA_HEAD


def test_an_empty_database_is_upgraded_to_head_then_left_alone(db_url: str, monkeypatch) -> None:
    engine = create_engine_for(db_url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == SCHEMA_HEAD
        assert {"sources", "documents", "findings"} <= set(inspect(engine).get_table_names())

        # At head, Alembic is not even imported: a stand-in that fails on use proves it.
        monkeypatch.setitem(sys.modules, "alembic", None)
        monkeypatch.setitem(sys.modules, "alembic.command", None)
        upgrade(engine)
        Store.open(db_url).close()
    finally:
        engine.dispose()


def test_a_database_below_head_is_migrated(db_url: str) -> None:
    """Downgraded to base (tables dropped, version table empty): the next open runs Alembic again."""
    from alembic import command

    engine = create_engine_for(db_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
            connection.commit()
        assert current_revision(engine) is None and "documents" not in inspect(engine).get_table_names()
        Store.open(db_url).close()
        assert current_revision(engine) == SCHEMA_HEAD and "documents" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
