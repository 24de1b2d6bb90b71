"""Engines for SQLite and PostgreSQL, and schema upgrades through Alembic.

SQLite gets WAL (readers never block the writer), a busy timeout (a second writer waits instead
of failing at once) and foreign keys; its file is created readable by its owner only, since it
holds everything the monitor has read and sent.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, SQLAlchemyError

from monitor.errors import ConfigError, StorageError

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
_PG_MIGRATION_LOCK = 0x6D6F6E69  # "moni": serialises concurrent upgrades on PostgreSQL
# The newest migration in storage/migrations/versions (a test keeps the two equal). A database at
# this revision skips Alembic altogether: importing and running it cost a third of a warm run-once.
SCHEMA_HEAD = "0007"
# The execution option of Store.for_reading's engine: SQLite transactions begin deferred (see _sqlite_engine).
READ_ONLY_OPTION = "monitor_read_only"
# Alembic's own bookkeeping table, as its `stamp` command would create it.
_VERSION_TABLE = "alembic_version"


def normalize_url(url: str) -> str:
    """Accept the plain ``postgresql://`` spelling people copy from docs and use psycopg 3 for it."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def redact(url: str) -> str:
    """The URL with any password replaced, for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unparsable database URL>"


_URL_FORMS = "use sqlite:///path or postgresql://user:password@host:port/db"


def parse_database_url(url: str) -> URL:
    """The URL parsed, or a ConfigError that quotes no part of it (it may hold a password).

    An '@' or ':' left unencoded in the password moves its tail into the host or the port, where the
    driver's or the parser's own message would print it; so the reasons below are ours and say only
    which part is wrong."""
    authority = url.partition("://")[2].split("/", 1)[0]
    if authority.count("@") > 1:
        raise ConfigError("database_url: the user name or password holds an unencoded '@'; "
                          "write it as %40 (and ':' as %3A, '/' as %2F)")
    try:
        parsed = make_url(url)
        parsed.get_backend_name()
    except (ArgumentError, ValueError):
        # ValueError: a port that is no number, or an IPv6 host without its closing bracket.
        raise ConfigError(f"database_url is not a database URL (check the host and port); {_URL_FORMS}") from None
    return parsed


def create_engine_for(url: str) -> Engine:
    url = normalize_url(url)
    parsed = parse_database_url(url)
    backend = parsed.get_backend_name()
    try:
        if backend == "sqlite":
            engine = _sqlite_engine(url, parsed.database)
        elif backend == "postgresql":
            engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
        else:
            raise ConfigError(f"unsupported database {backend!r}; use sqlite or postgresql")
    except ArgumentError:
        # SQLAlchemy's dialects refuse some spellings only here ("sqlite://relative" has a host).
        raise ConfigError(f"database_url is not a database URL its database understands; {_URL_FORMS}") from None
    event.listen(engine, "handle_error", _as_storage_error)
    return engine


def _as_storage_error(context: ExceptionContext) -> None:
    """Every database fault but a constraint violation becomes a StorageError at this boundary.

    Without it a raw driver error escaped every store method but two: a traceback from `run-once`
    instead of "database error ... exit 1", and a daemon job that died un-logged by our handler.
    Locked, unreachable or restarted databases (OperationalError, InterfaceError) and a schema that
    is not ours (a table dropped or renamed under us: SQLite says OperationalError, PostgreSQL
    ProgrammingError) are the same fault to the caller. SQLAlchemy still invalidates a dead
    connection (the pool reconnects on next use), and the pre-ping's own probe is left alone so it
    can do that. IntegrityError is not translated: the store retries on it.
    """
    error = context.sqlalchemy_exception
    if context.is_pre_ping or not isinstance(error, DBAPIError) or isinstance(error, IntegrityError):
        return
    original = context.original_exception
    reason = (str(original).strip().splitlines() or [type(original).__name__])[0]
    raise StorageError(f"{redact(str(context.engine.url)) if context.engine else 'database'}: {reason}")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        path = Path(database)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # isolation_level=None lets SQLAlchemy's begin() below issue BEGIN IMMEDIATE itself, so a
        # writer takes the lock at the start of its transaction instead of failing midway.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        _use_wal(cursor)
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        # A store for reading (Store.for_reading) begins deferred: a WAL snapshot that neither waits for nor
        # holds the write lock, so page views never queue behind each other or behind the daemon's writes.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY_OPTION) else "BEGIN IMMEDIATE")

    return engine


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the database in WAL mode, which then persists in the file: later connections find it set.

    Switching modes needs the database to itself, and SQLite answers "database is locked" at once,
    busy timeout or not, when another connection holds it meanwhile: the daemon and run-once
    opening a new database together (one in 25 races of four processes failed so). So a busy
    answer is tried again until the busy timeout, and a database already in WAL is left alone."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() in ("wal", "memory"):
                return  # set already, or an in-memory database, which has no WAL
            mode = str(cursor.execute("PRAGMA journal_mode=WAL").fetchone()[0]).lower()
            if mode != "wal":  # a file system without shared memory: works, with less concurrency
                logger.warning("SQLite database not in WAL mode", extra={"journal_mode": mode})
            return
        except sqlite3.OperationalError as exc:
            busy = (exc.sqlite_errorcode & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)  # the primary code
            if not busy or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The schema revision stamped in the database; None for an empty database."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(_VERSION_TABLE):
            return None
        return connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; safe to call on every start and from several processes."""
    try:
        if revision == "head" and current_revision(engine) == SCHEMA_HEAD:
            return
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
                connection.commit()
            try:
                if not (revision == "head" and _create_if_empty(connection)):
                    from alembic import command

                    cfg = alembic_config(engine)
                    cfg.attributes["connection"] = connection
                    command.upgrade(cfg, revision)
            finally:
                if engine.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                    connection.commit()
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot upgrade the database at {redact(str(engine.url))}: {exc.__class__.__name__}: "
                           f"{str(exc.orig if hasattr(exc, 'orig') else exc).splitlines()[0]}") from exc


def _create_if_empty(connection: Connection) -> bool:
    """An empty database gets the models' tables and the head stamp in one transaction; False if not empty.

    Alembic's recipe for a new database ("create_all, then stamp head"), with the stamp written
    directly so that Alembic is not imported: importing it and replaying every migration held 15 MB
    for the rest of a first run-once. A test keeps this schema equal to the migrations' on both
    backends. A concurrent first start waits on the write lock (SQLite) or the advisory lock
    (PostgreSQL), then finds the tables and leaves them alone.
    """
    from sqlalchemy import Column, MetaData, PrimaryKeyConstraint, String, Table

    from storage.models import Base

    version = Table(_VERSION_TABLE, MetaData(), Column("version_num", String(32), nullable=False),
                    PrimaryKeyConstraint("version_num", name=f"{_VERSION_TABLE}_pkc"))
    with connection.begin():
        if inspect(connection).get_table_names():  # not new, or created while this process waited
            return False
        Base.metadata.create_all(connection)
        version.create(connection)
        connection.execute(version.insert().values(version_num=SCHEMA_HEAD))
    logger.info("created an empty database's schema at revision %s", SCHEMA_HEAD)
    return True
