"""The daemon's heartbeat row, so ``monitor sources`` can tell whether a daemon is alive.

The heartbeat is only information for people: the lock that keeps a second daemon out lives
outside the tables (:mod:`monitor.run.locking`), because a row outlives a killed process and a lock
does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.orm import Session, sessionmaker

from storage.models import RuntimeRow

DAEMON = "daemon"


@dataclass(frozen=True, slots=True)
class Heartbeat:
    name: str
    holder: str  # host:pid
    started_at: dt.datetime
    heartbeat_at: dt.datetime

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.heartbeat_at


class RuntimeStore:
    """Mixed into :class:`storage.Store`."""

    _sessions: sessionmaker[Session]

    def beat(self, *, holder: str, started_at: dt.datetime, now: dt.datetime, name: str = DAEMON) -> None:
        """Insert or refresh the heartbeat row; the row is keyed by name, so it is one row per database."""
        with self._sessions() as session, session.begin():
            row = session.get(RuntimeRow, name)
            if row is None:
                session.add(RuntimeRow(name=name, holder=holder, started_at=started_at, heartbeat_at=now))
            else:
                row.holder, row.started_at, row.heartbeat_at = holder, started_at, now

    def heartbeat(self, name: str = DAEMON) -> Heartbeat | None:
        with self._sessions() as session:
            row = session.get(RuntimeRow, name)
            return None if row is None else Heartbeat(row.name, row.holder, row.started_at, row.heartbeat_at)

    def clear_heartbeat(self, *, holder: str, name: str = DAEMON) -> None:
        """On a clean stop; only our own row, in case another daemon took over meanwhile."""
        with self._sessions() as session, session.begin():
            session.execute(delete(RuntimeRow).where(RuntimeRow.name == name, RuntimeRow.holder == holder))
