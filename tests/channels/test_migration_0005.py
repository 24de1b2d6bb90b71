"""Migration 0005 (the channel outbox) on SQLite and PostgreSQL: a 0004 database gains the tables with its
data kept, and the downgrade drops them again."""

from __future__ import annotations

from sqlalchemy import inspect, text

from storage import Store
from storage.engine import SCHEMA_HEAD, alembic_config, create_engine_for, current_revision

TABLES = {"channels", "channel_messages", "channel_deliveries"}


def _alembic(engine, command_name: str, revision: str) -> None:
    from alembic import command

    with engine.connect() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        getattr(command, command_name)(config, revision)
        connection.commit()


def test_a_0004_database_gets_the_channel_outbox_and_keeps_its_data(db_url: str) -> None:
    engine = create_engine_for(db_url)
    try:
        _alembic(engine, "upgrade", "0004")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO sources (name, kind, url, consecutive_failures, documents_total) "
                                    "VALUES ('wire', 'feed', 'http://127.0.0.1:9/wire.xml', 2, 0)"))
        assert not TABLES & set(inspect(engine).get_table_names())

        Store.open(db_url).close()  # every command upgrades on start
        assert current_revision(engine) == SCHEMA_HEAD and TABLES <= set(inspect(engine).get_table_names())
        store = Store.open(db_url)
        try:
            assert [(s.name, s.consecutive_failures) for s in store.source_states()] == [("wire", 2)]
            assert store.channel_counts(["team"])[0].pending == 0
        finally:
            store.close()

        _alembic(engine, "downgrade", "0004")
        assert not TABLES & set(inspect(engine).get_table_names()) and current_revision(engine) == "0004"
    finally:
        engine.dispose()
