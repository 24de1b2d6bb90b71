"""Mistakes a user makes that must stop with exit status 2 and a message naming the key or option,
instead of doing something else quietly: a unitless interval, a mistyped database path, an unknown
source name."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.errors import ConfigError
from tests.support.configs import feed, write_config


@pytest.mark.parametrize("interval", [30, 0, -5, True, 1.5])
def test_an_interval_without_a_unit_is_an_error_naming_file_and_key(tmp_path: Path, interval: object) -> None:
    path = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", [feed("a", "http://127.0.0.1:9/a.xml", interval=interval)])
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message and "source[0].interval" in message and "'30m'" in message


@pytest.mark.parametrize("interval", ["0m", "-5m", "30"])
def test_zero_negative_and_unitless_strings_are_refused(tmp_path: Path, interval: str) -> None:
    path = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", [feed("a", "http://127.0.0.1:9/a.xml", interval=interval)])
    with pytest.raises(ConfigError, match=r"source\[0\]\.interval"):
        load_config(path)


READ_COMMANDS = [["sources"], ["documents"], ["mentions"], ["findings"], ["reprocess"], ["dataset", "export"],
                 ["dataset", "accept", "1"], ["digest", "preview"], ["digest", "send"]]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: " ".join(c))
def test_read_commands_do_not_create_a_mistyped_database(tmp_path: Path, command: list[str]) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'real.db'}", [feed("a", "http://127.0.0.1:9/a.xml")])
    typo = tmp_path / "typo" / "dir" / "monitr.db"
    result = CliRunner().invoke(cli, [*command, "--config", str(config), "--db", f"sqlite:///{typo}"])
    assert result.exit_code == 2, result.output
    assert "--db" in result.output and str(typo) in result.output
    assert not (tmp_path / "typo").exists()


def test_writing_commands_still_create_the_database(tmp_path: Path) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'new' / 'm.db'}", [feed("a", "http://127.0.0.1:9/a.xml")])
    result = CliRunner().invoke(cli, ["db", "upgrade", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "new" / "m.db").is_file()


@pytest.mark.parametrize("command", [["documents", "--source", "typo"], ["reprocess", "--source", "typo"],
                                     ["run-once", "--source", "typo"]], ids=lambda c: c[0])
def test_an_unknown_source_name_is_exit_2(tmp_path: Path, command: list[str]) -> None:
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'm.db'}", [feed("known-one", "http://127.0.0.1:9/a.xml")])
    assert CliRunner().invoke(cli, ["db", "upgrade", "--config", str(config)]).exit_code == 0
    result = CliRunner().invoke(cli, [*command, "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert "'typo'" in result.output and "known-one" in result.output
