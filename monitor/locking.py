"""One daemon per database: a lock the operating system or the database drops when the holder dies.

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) on a dedicated connection held for
  the daemon's life. The key is derived from the schema name, so daemons on different schemas of
  one database (tests, staging beside production) do not exclude each other.
- SQLite: an exclusive ``flock`` on ``<dbfile>.daemon.lock`` beside the database file.

A row in a table would not do: it survives a SIGKILL and would keep the next daemon out. A second
daemon gets :class:`DaemonAlreadyRunning` at once instead of waiting.
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from types import TracebackType

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from monitor.errors import MonitorError, StorageError

logger = logging.getLogger(__name__)

_PG_KEY_SQL = "hashtext('monitor.daemon.' || current_schema())"


class DaemonAlreadyRunning(MonitorError):
    """Another daemon holds the lock for this database."""


class DaemonLock:
    """Context manager: acquire on enter (or raise DaemonAlreadyRunning), release on exit."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._fd: int | None = None
        self._holds_pg = False  # we took the PostgreSQL lock and have not released it (its connection may be gone)
        self.path: Path | None = None

    @property
    def where(self) -> str:
        if self.path is not None:
            return str(self.path)
        return f"advisory lock on {self.engine.url.render_as_string(hide_password=True)}"

    def acquire(self) -> None:
        if self.engine.dialect.name == "postgresql":
            self._acquire_pg()
        else:
            self._acquire_file()
        logger.info("daemon lock acquired", extra={"lock": self.where})

    def _acquire_pg(self) -> None:
        try:
            connection = self.engine.connect()
            got = connection.execute(text(f"SELECT pg_try_advisory_lock({_PG_KEY_SQL})")).scalar_one()
            connection.commit()
        except SQLAlchemyError as exc:
            raise StorageError(f"cannot take the daemon lock: {str(getattr(exc, 'orig', exc)).splitlines()[0]}") from exc
        if not got:
            connection.close()
            raise DaemonAlreadyRunning("another monitor daemon is already running on this database "
                                       f"({self.where}); stop it first, or use `monitor run-once` beside it")
        self._connection = connection
        self._holds_pg = True

    def verify(self) -> None:
        """Make sure the lock is still ours; called with every heartbeat.

        A PostgreSQL advisory lock lives on its connection: a server restart or a dropped connection
        releases it silently, and a second daemon could then start. When the connection is gone we
        take the lock again on a new one; when another daemon was quicker, DaemonAlreadyRunning tells
        this one to stop. The file lock of SQLite cannot be lost while the process lives.
        """
        if not self._holds_pg:
            return
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT 1")).scalar_one()
                self._connection.rollback()
                return
            except (SQLAlchemyError, StorageError):
                logger.warning("daemon lock connection lost; taking the lock again", extra={"lock": self.where})
            try:
                self._connection.close()
            except (SQLAlchemyError, StorageError):
                pass
            self._connection = None
        self._acquire_pg()  # while the server is down this raises StorageError, and the next heartbeat tries again
        logger.info("daemon lock acquired again", extra={"lock": self.where})

    def _acquire_file(self) -> None:
        database = self.engine.url.database
        if not database or database == ":memory:":
            return  # a private in-memory database cannot be shared with another daemon anyway
        self.path = Path(database + ".daemon.lock")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise DaemonAlreadyRunning(f"another monitor daemon is already running on this database (pid {holder}, "
                                       f"lock {self.path}); stop it first, or use `monitor run-once` beside it") from None
        # The pid is for the message above only; the lock itself is the flock.
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd

    def release(self) -> None:
        self._holds_pg = False
        if self._connection is not None:
            try:
                self._connection.execute(text(f"SELECT pg_advisory_unlock({_PG_KEY_SQL})"))
                self._connection.commit()
            except (SQLAlchemyError, StorageError):  # the engine reports a lost connection as StorageError
                logger.debug("advisory unlock failed; closing the connection drops the lock anyway", exc_info=True)
            finally:
                self._connection.close()
                self._connection = None
        if self._fd is not None:
            os.close(self._fd)  # closing drops the flock; the file stays, harmless
            self._fd = None

    def __enter__(self) -> "DaemonLock":
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
