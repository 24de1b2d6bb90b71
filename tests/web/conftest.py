"""Fixtures of the web view's tests: a filled database on SQLite and PostgreSQL, and the real server on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from monitor.config import MonitorConfig
from storage import Store
from tests.web.support import filled_store, running_server


@dataclass
class Served:
    """The running server and what it serves: ``base`` is "http://127.0.0.1:PORT"."""

    base: str
    config_path: Path
    config: MonitorConfig
    store: Store
    ids: dict[str, int]


@pytest.fixture
def filled(tmp_path: Path, db_url: str) -> Iterator[tuple[Path, MonitorConfig, Store, dict[str, int]]]:
    path, config, store, ids = filled_store(tmp_path, db_url)
    try:
        yield path, config, store, ids
    finally:
        store.close()


@pytest.fixture
def served(filled: tuple[Path, MonitorConfig, Store, dict[str, int]]) -> Iterator[Served]:
    path, config, store, ids = filled
    with running_server(config, store) as base:
        yield Served(base, path, config, store, ids)
