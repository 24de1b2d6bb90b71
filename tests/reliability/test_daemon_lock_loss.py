"""The daemon's PostgreSQL advisory lock lives on one connection: when that connection dies the lock
is gone. verify() (run with every heartbeat) takes it back, or says another daemon has it."""

from __future__ import annotations

import psycopg
import pytest

from monitor.run.locking import DaemonAlreadyRunning, DaemonLock
from storage import create_engine_for
from tests.conftest import POSTGRES_URL


def terminate(lock: DaemonLock) -> None:
    pid = lock._connection.connection.dbapi_connection.info.backend_pid  # type: ignore[union-attr]
    with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_lost_lock_connection_is_taken_again(postgres_url: str) -> None:
    engine = create_engine_for(postgres_url)
    lock = DaemonLock(engine)
    try:
        lock.acquire()
        terminate(lock)
        lock.verify()
        # Held again: a second daemon is refused.
        with pytest.raises(DaemonAlreadyRunning):
            DaemonLock(engine).acquire()
    finally:
        lock.release()
        engine.dispose()


def test_a_lock_taken_by_another_daemon_meanwhile_stops_this_one(postgres_url: str) -> None:
    engine = create_engine_for(postgres_url)
    first, second = DaemonLock(engine), DaemonLock(engine)
    try:
        first.acquire()
        terminate(first)
        second.acquire()  # the lock went with the dead connection
        with pytest.raises(DaemonAlreadyRunning):
            first.verify()
    finally:
        first.release()
        second.release()
        engine.dispose()
