"""Fixtures for the digest tests: a real aiosmtpd server on 127.0.0.1 and TLS files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from smtp_support import SmtpServer, TlsFiles, make_self_signed, smtp_server


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A plain SMTP server that accepts and records everything."""
    with smtp_server() as server:
        yield server


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    files = make_self_signed(Path(tmp_path_factory.mktemp("tls")))
    if files is None:
        pytest.skip("no openssl binary to make a self-signed certificate (cryptography is not installed)")
    return files
