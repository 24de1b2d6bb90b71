"""Locks the operating system or the database drops when the holder dies: one daemon per database,
one digest send at a time.

- PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) on a dedicated connection held while
  the lock is. The key is derived from the lock's name and the schema name, so daemons on different
  schemas of one database (tests, staging beside production) do not exclude each other.
- SQLite: an exclusive ``flock`` on ``<dbfile>.<name>.lock`` beside the database file.

A row in a table would not do: it survives a SIGKILL and would keep the next holder out. A second
daemon gets :class:`DaemonAlreadyRunning` at once instead of waiting; a second digest send waits for
the first (:func:`exclusive`).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Iterator

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from monitor.errors import MonitorError, StorageError

logger = logging.getLogger(__name__)

# The daemon's key is 'monitor.daemon.<schema>', as before locks had names: an older daemon still excludes a newer one.
_PG_KEY_SQL = "hashtext('monitor.' || :name || '.' || current_schema())"
DAEMON = "daemon"
DIGEST_SEND = "digest"


class DaemonAlreadyRunning(MonitorError):
    """Another daemon holds the lock for this database."""


class LockBusy(MonitorError):
    """Another process held the lock for longer than the caller would wait."""


def _already_running(holder: str) -> DaemonAlreadyRunning:
    return DaemonAlreadyRunning(f"another monitor daemon is already running on this database ({holder}); "
                                "stop it first, or use `monitor run-once` beside it")


class DaemonLock:
    """Context manager: acquire on enter (or raise DaemonAlreadyRunning), release on exit.

    ``name`` picks the lock: the daemon's by default; :func:`exclusive` takes others with the same code."""

    def __init__(self, engine: Engine, name: str = DAEMON) -> None:
        self.engine = engine
        self.name = name
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
        holder = self.try_acquire()
        if holder is not None:
            raise _already_running(holder)
        logger.info("%s lock acquired", self.name, extra={"lock": self.where})

    def try_acquire(self) -> str | None:
        """Take the lock if it is free: None when taken, else who holds it (for a message)."""
        if self.engine.dialect.name == "postgresql":
            return None if self._acquire_pg() else self.where
        return self._acquire_file()

    def _acquire_pg(self) -> bool:
        try:
            connection = self.engine.connect()
            statement = text(f"SELECT pg_try_advisory_lock({_PG_KEY_SQL})")
            got = connection.execute(statement, {"name": self.name}).scalar_one()
            connection.commit()
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            raise StorageError(f"cannot take the {self.name} lock: {reason}") from exc
        if not got:
            connection.close()
            return False
        self._connection = connection
        self._holds_pg = True
        return True

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
        # While the server is down this raises StorageError, and the next heartbeat tries again.
        if not self._acquire_pg():
            raise _already_running(self.where)
        logger.info("%s lock acquired again", self.name, extra={"lock": self.where})

    def _acquire_file(self) -> str | None:
        database = self.engine.url.database
        if not database or database == ":memory:":
            return None  # a private in-memory database cannot be shared with another process anyway
        self.path = Path(f"{database}.{self.name}.lock")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            return f"pid {holder}, lock {self.path}"
        # The pid is for the message above only; the lock itself is the flock.
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return None

    def release(self) -> None:
        self._holds_pg = False
        if self._connection is not None:
            try:
                self._connection.execute(text(f"SELECT pg_advisory_unlock({_PG_KEY_SQL})"), {"name": self.name})
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


@contextlib.contextmanager
def exclusive(engine: Engine, name: str, *, wait: float, poll: float = 0.25) -> Iterator[DaemonLock]:
    """Hold the lock ``name`` for the block, waiting up to ``wait`` seconds for another holder to finish.

    Polled rather than blocking (``pg_advisory_lock``, ``LOCK_EX`` without ``LOCK_NB``): one code path
    for both backends, and a bounded wait that ends in :class:`LockBusy` instead of hanging."""
    lock = DaemonLock(engine, name)
    deadline = time.monotonic() + wait
    while (holder := lock.try_acquire()) is not None:
        if time.monotonic() >= deadline:
            raise LockBusy(f"another process holds the {name} lock ({holder}) after {wait:g} s of waiting; "
                           "try again later")
        time.sleep(poll)
    try:
        yield lock
    finally:
        lock.release()
