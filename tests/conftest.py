"""Shared fixtures: database backends, a clean environment, the shared corpus.

Every test that stores data takes ``db_url`` and runs once on SQLite and once on PostgreSQL. The
PostgreSQL run gets a schema of its own in the database named by ``MONITOR_TEST_POSTGRES_URL``
(default: the local server on 127.0.0.1:5432, database ``test``), dropped afterwards. Without a
server those runs skip with the reason, except under CI (``CI=true``), where they fail: CI must
run them.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.httpserver import TestServer, serve
from tests.support.smtp import SmtpServer, smtp_server

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
POSTGRES_URL = os.environ.get("MONITOR_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--runslow", action="store_true", default=False, help="also run the long trials marked slow")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="long trial: run with --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MONITOR_* variable of the developer's shell leaks into a test."""
    for name in list(os.environ):
        if name.startswith("MONITOR_") and name != "MONITOR_TEST_POSTGRES_URL":
            monkeypatch.delenv(name, raising=False)


_postgres_problem: str | None = None
_postgres_checked = False


def _postgres_available() -> str | None:
    global _postgres_checked, _postgres_problem
    if not _postgres_checked:
        _postgres_checked = True
        import psycopg

        try:
            with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), connect_timeout=3):
                pass
        except psycopg.Error as exc:
            _postgres_problem = f"PostgreSQL not reachable at {POSTGRES_URL} ({str(exc).splitlines()[0]})"
    return _postgres_problem


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose connections use a fresh, empty schema."""
    problem = _postgres_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem}; CI must run the PostgreSQL tests")
        pytest.skip(problem)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    plain = POSTGRES_URL.replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'monitor.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def shared_corpus() -> Path:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus not present")
    return corpus


@pytest.fixture
def server() -> Iterator[TestServer]:
    """A real HTTP server on 127.0.0.1, programmable per route (tests/support/httpserver.py)."""
    with serve() as running:
        yield running


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that accepts and records every message."""
    with smtp_server() as running:
        yield running
