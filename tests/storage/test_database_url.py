"""A malformed database URL is a config error (exit 2) that shows no part of the password (issue 20, point 5).

Run through `monitor sources` as a real process, the way a user meets it: before, a bad port or an
IPv6 host without its bracket gave a raw traceback and exit 1, and an unencoded '@' in the password
printed the password's tail as part of the "host" the driver could not resolve.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.support import monitor
from tests.support.configs import write_config

SECRET_HEAD, SECRET_TAIL = "Hush3d", "Wh1sper"

BAD_URLS = {
    "unencoded @ in the password": f"postgresql://reader:{SECRET_HEAD}@{SECRET_TAIL}@127.0.0.1:5432/test",
    "unencoded @ and : in the password": f"postgresql://reader:{SECRET_HEAD}@x:{SECRET_TAIL}@127.0.0.1/test",
    "port that is no number": f"postgresql://reader:{SECRET_HEAD}@127.0.0.1:fivefour/test",
    "IPv6 host without its closing bracket": f"postgresql://reader:{SECRET_HEAD}@[::1/test",
    "SQLite URL without the third slash": "sqlite://relative/monitor.db",
    "no URL at all": "monitor.db",
}


@pytest.mark.parametrize("url", BAD_URLS.values(), ids=list(BAD_URLS))
def test_a_malformed_database_url_is_a_config_error_without_the_password(tmp_path: Path, url: str) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'unused.db'}", [])
    result = monitor("sources", "--config", str(config), "--db", url, timeout=60)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    assert "config error" in result.stderr and "database" in result.stderr
    assert SECRET_HEAD not in output and SECRET_TAIL not in output


def test_a_percent_encoded_at_sign_in_the_password_is_accepted(tmp_path: Path, postgres_url: str) -> None:
    # The advice the message gives must work: %40 is an '@' in the password (the test server trusts
    # local connections, so any password gets in).
    url = postgres_url.replace("postgres@", f"postgres:{SECRET_HEAD}%40{SECRET_TAIL}@", 1)
    config = write_config(tmp_path, url, [])
    result = monitor("sources", "--config", str(config), timeout=60)
    assert result.returncode == 0, result.stderr


def test_an_at_sign_in_a_sqlite_path_is_no_password(tmp_path: Path) -> None:
    db = tmp_path / "p@th" / "monitor.db"
    config = write_config(tmp_path, f"sqlite:///{db}", [])
    result = monitor("db", "upgrade", "--config", str(config), timeout=60)
    assert result.returncode == 0, result.stderr
    assert db.exists()
