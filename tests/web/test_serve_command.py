"""`monitor serve` as a user runs it: a process that says where it listens, answers, and stops on SIGTERM."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from monitor.config import MonitorConfig
from storage import Store

TOKEN = "another-token-for-this-test-42"


def start(config_path: Path, *args: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--config", str(config_path), "--port", "0",
                                *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                               env={**os.environ, **(env or {})})
    assert process.stderr is not None
    line = process.stderr.readline()  # the first line says where; it comes once the socket is bound
    match = re.search(r"web view on (http://127\.0\.0\.1:\d+)/ for (\S+)", line)
    if not match:
        process.kill()
        raise AssertionError(f"no address in {line!r}{process.stderr.read()}")
    return process, match.group(1)


def test_serve_answers_and_stops_on_sigterm(filled: tuple[Path, MonitorConfig, Store, dict[str, int]]) -> None:
    path, _config, _store, ids = filled
    process, base = start(path)
    try:
        found = httpx.get(base + "/api/findings", timeout=10).json()
        assert {f["id"] for f in found} == set(ids.values())
        assert "国家网信办" in httpx.get(base + "/", timeout=10).text
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
    assert process.returncode == 0


def test_serve_with_a_token_says_so_and_never_prints_it(filled: tuple[Path, MonitorConfig, Store, dict[str, int]]) -> None:
    path = filled[0]
    process, base = start(path, "-v", env={"MONITOR_WEB_TOKEN": TOKEN})
    try:
        assert httpx.get(base + "/api/findings", timeout=10).status_code == 401
        assert httpx.get(base + f"/?token={TOKEN}", timeout=10).status_code == 303
        assert httpx.get(base + "/api/sources", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10).status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    assert process.returncode == 0
    assert "web GET" in err and "url=/api/sources status=200" in err  # -v: a line per request, paths only
    assert TOKEN not in err


def test_workers_share_the_socket_and_the_csrf_key(filled: tuple[Path, MonitorConfig, Store, dict[str, int]]) -> None:
    """Two worker processes: a form from one is accepted by the other (each POST on a new connection)."""
    path, _config, store, ids = filled
    process, base = start(path, "--workers", "2")
    try:
        with httpx.Client(base_url=base) as browser:
            token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/").text).group(1)  # type: ignore[union-attr]
            cookies = dict(browser.cookies)
        for name in ("batch", "company", "hostile", "total"):
            answer = httpx.post(base + "/review", data={"csrf_token": token, "only": f"accept:{ids[name]}"},
                                cookies=cookies, headers={"Connection": "close"})
            assert answer.status_code == 303, answer.text
        assert {v.status for v in store.list_findings(status="all")} == {"accepted"}
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
        assert len(workers) == 2
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
    assert process.returncode == 0
