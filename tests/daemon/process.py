"""Run `monitor daemon` as a real subprocess, wired like docker-compose: MONITOR_CONFIG and MONITOR_DATABASE_URL."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[2]


class DaemonProcess:
    """The daemon's stderr is read line by line on a thread; tests wait for log lines, not for time."""

    def __init__(self, config: Path, db_url: str, *args: str) -> None:
        env = {**os.environ, "MONITOR_CONFIG": str(config), "MONITOR_DATABASE_URL": db_url}
        self.started = time.monotonic()
        self.proc = subprocess.Popen([sys.executable, "-m", "monitor", "daemon", *args], cwd=REPO, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 20.0) -> str:
        """The first new log line that matches; fails with the log when the deadline passes or the process ends."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self._queue.get(timeout=max(remaining, 0.01))
            except queue.Empty:
                raise AssertionError(f"no matching log line in {timeout} s:\n" + "\n".join(self.lines[-40:])) from None
            if line is None:
                raise AssertionError(f"daemon ended (status {self.proc.wait()}):\n" + "\n".join(self.lines[-40:]))
            self.lines.append(line)
            if predicate(line):
                return line

    def count(self, needle: str) -> int:
        return sum(needle in line for line in self.lines)

    def finish(self, timeout: float = 10.0) -> tuple[int, str]:
        """Wait for the process to end; returns (status, whole stderr)."""
        status = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        while True:
            try:
                line = self._queue.get_nowait()
            except queue.Empty:
                break
            if line is not None:
                self.lines.append(line)
        self._close()
        return status, "\n".join(self.lines)

    def _close(self) -> None:
        if not self._reader.is_alive() and self.proc.stderr is not None:
            self.proc.stderr.close()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._reader.join(timeout=5)
        self._close()
