from __future__ import annotations

from typing import Iterator

import pytest

from tests.support.httpserver import TestServer, serve


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serve() as running:
        yield running
