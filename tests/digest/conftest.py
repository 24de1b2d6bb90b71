"""Fixtures for the digest tests: TLS files (the SMTP server fixture is in tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.smtp import TlsFiles, make_self_signed


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    files = make_self_signed(Path(tmp_path_factory.mktemp("tls")))
    if files is None:
        pytest.skip("no openssl binary to make a self-signed certificate (cryptography is not installed)")
    return files
