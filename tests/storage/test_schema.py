"""Schema upgrades: Alembic on an empty or older database, no Alembic at all on one already at head."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

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


def test_an_empty_database_gets_the_same_schema_as_the_migrations_without_alembic(db_url: str) -> None:
    """The create-at-head path for a new database matches what replaying the migrations builds.

    Run in a child process, so that "Alembic was never imported" is observable; then Alembic itself
    compares the database with the models (the migrations are held equal to the models the same way
    by the next test) and a downgrade to base still works, i.e. the stamp is one Alembic recognises."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    probe = ("import sys; from storage import Store; Store.open(sys.argv[1]).close(); "
             "print('alembic' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, db_url], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
    engine = create_engine_for(db_url)
    try:
        assert current_revision(engine) == SCHEMA_HEAD
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
            connection.commit()
        assert current_revision(engine) is None and "documents" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_the_migrations_build_the_models_schema(db_url: str) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.models import Base

    engine = create_engine_for(db_url)
    try:
        with engine.connect() as connection:
            config = alembic_config(engine)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")  # Alembic's path, not the create-at-head one
            connection.commit()
            assert current_revision(engine) == SCHEMA_HEAD
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_processes_opening_one_empty_database_at_once_create_it_once(db_url: str) -> None:
    """Four first starts race (the daemon and run-once on a new machine): every one opens the store,
    the tables exist once and the stamp is head, one row."""
    opener = ("import sys, time; from storage import Store\n"
              "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"  # start together
              "Store.open(sys.argv[1]).close()\n")
    start = str(time.time() + 1.5)
    procs = [subprocess.Popen([sys.executable, "-c", opener, db_url, start], stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errors = [p.communicate(timeout=90)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    engine = create_engine_for(db_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [SCHEMA_HEAD]
        assert {"sources", "documents", "findings"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_new_sqlite_files_opened_by_four_processes_at_once_never_report_locked(tmp_path) -> None:
    """Switching a new file to WAL needs it alone, and SQLite says "database is locked" at once,
    busy timeout or not, to the others meanwhile: the engine tries again (a race in every round)."""
    rounds = 12
    opener = ("import sys, time; from storage.engine import create_engine_for\n"
              "start, folder = float(sys.argv[1]), sys.argv[2]\n"
              f"for i in range({rounds}):\n"
              "    time.sleep(max(0.0, start + 0.25 * i - time.time()))\n"  # every process at once, round by round
              "    engine = create_engine_for(f'sqlite:///{folder}/round{i}.db')\n"
              "    engine.connect().close()\n"
              "    engine.dispose()\n")
    start = str(time.time() + 1.5)
    procs = [subprocess.Popen([sys.executable, "-c", opener, start, str(tmp_path)], stderr=subprocess.PIPE, text=True)
             for _ in range(4)]
    errors = [p.communicate(timeout=90)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    for i in range(rounds):
        with sqlite3.connect(tmp_path / f"round{i}.db") as connection:
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
