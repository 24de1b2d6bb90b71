"""A bad config names the file, the key and what is allowed, exits 2 and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import DEFAULT_CONFIG_PATH, load_config
from monitor.errors import ConfigError

GOOD_SOURCE = '[[source]]\nname = "a"\nkind = "feed"\nurl = "https://example.com/feed.xml"\n'


@pytest.mark.parametrize("body,key,allowed", [
    ('colour = "red"\n', "colour", "allowed top-level keys: database_url, rules, dataset"),
    (GOOD_SOURCE.replace('kind = "feed"', 'kind = "rss"'), "source[0].kind", "'feed', 'page' or 'filings'"),
    (GOOD_SOURCE.replace('kind = "feed"', 'kind = "filings"') + "full_text = true\n", "source[0]",
     "do not apply to a filings source"),
    (GOOD_SOURCE + 'colour = 1\n', "source[0].colour", "allowed keys here: name, kind, url"),
    (GOOD_SOURCE.replace("https://example.com/feed.xml", "ftp://example.com/x"), "source[0].url", "http:// or https://"),
    (GOOD_SOURCE.replace("https://example.com/feed.xml", "not a url"), "source[0].url", "http:// or https://"),
    (GOOD_SOURCE + GOOD_SOURCE, "", "duplicate source name 'a'"),
    (GOOD_SOURCE + 'interval = "often"\n', "source[0].interval", "unit s, m, h or d"),
    (GOOD_SOURCE + 'interval = "5s"\n', "source[0].interval", "at least 1 minute"),
    (GOOD_SOURCE + "enabled = \"yes please\"\n", "source[0].enabled", "boolean"),
    ('[fetch]\nretries = -1\n', "fetch.retries", "greater than or equal to 0"),
    ('[digest]\nsecurity = "tls"\n', "digest.security", "'plain', 'starttls' or 'ssl'"),
    ('[digest]\ntimezone = "Mars/Olympus"\n', "digest.timezone", "IANA time zone"),
    ('[digest]\nsend_at = "25:99"\n', "digest.send_at", "HH:MM"),
    ('[digest]\nrecipients = ["a@b.org, c@d.org"]\n', "digest.recipients", "single e-mail address"),
    ('database_url = "sqlite:///x.db"\n[[source]\n', "", "not valid TOML"),
])
def test_config_errors_name_file_key_and_allowed_values(tmp_path: Path, body: str, key: str, allowed: str) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path)), message
    assert key in message and allowed in message, message


def test_cli_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "monitor.toml"
    db = tmp_path / "never.db"
    path.write_text(f'database_url = "sqlite:///{db}"\n' + GOOD_SOURCE.replace('kind = "feed"', 'kind = "rss"'))
    result = CliRunner().invoke(cli, ["run-once", "--config", str(path)])
    assert result.exit_code == 2
    assert f"{path}: source[0].kind" in result.stderr and "'feed', 'page' or 'filings'" in result.stderr
    assert not db.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["monitor.toml"]


def test_missing_config_file_is_a_config_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sources", "--config", str(tmp_path / "nope.toml")])
    assert result.exit_code == 2 and "config file not found" in result.stderr


def test_environment_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "monitor.toml"
    path.write_text('database_url = "sqlite:///relative.db"\n' + GOOD_SOURCE)
    assert load_config(path).database_url == f"sqlite:///{tmp_path / 'relative.db'}"  # relative to the config file
    monkeypatch.setenv("MONITOR_CONFIG", str(path))
    monkeypatch.setenv("MONITOR_DATABASE_URL", "postgresql://u@h/db")
    config = load_config()
    assert config.path == path and config.database_url == "postgresql://u@h/db"
    assert load_config(database_url="sqlite:////tmp/flag.db").database_url == "sqlite:////tmp/flag.db"  # --db wins


def test_bundled_config_is_valid_and_lists_real_sources() -> None:
    config = load_config(DEFAULT_CONFIG_PATH)
    assert len(config.sources) >= 10
    assert {s.language for s in config.sources} >= {"en", "zh"}
    assert any(s.kind == "page" for s in config.sources)
    assert all(not s.allow_private_network for s in config.sources)
    assert config.rules.is_file() and config.dataset.is_file()
