from __future__ import annotations

from typing import Iterator

import pytest

from tests.digest.smtp_support import SmtpServer, smtp_server
from tests.support.httpserver import TestServer, serve


@pytest.fixture
def server() -> Iterator[TestServer]:
    with serve() as running:
        yield running


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server() as running:
        yield running
