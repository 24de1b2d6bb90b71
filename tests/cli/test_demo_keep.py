"""`monitor demo --keep DIR`: the demo's database and a working config stay in DIR for the other
commands; the demo refuses --config/--db instead of ignoring them."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli


def test_kept_demo_goes_on_with_the_other_commands(tmp_path: Path) -> None:
    kept = tmp_path / "demo"
    result = CliRunner().invoke(cli, ["demo", "--keep", str(kept)])
    assert result.exit_code == 0, result.output
    config = kept / "monitor.toml"
    assert config.is_file() and (kept / "demo.db").is_file() and (kept / "rules.toml").is_file()

    findings = CliRunner().invoke(cli, ["findings", "--config", str(config), "--format", "json"])
    assert findings.exit_code == 0, findings.output
    keys = {f["key"] for f in json.loads(findings.output)}
    assert "new_batch:4" in keys

    preview = CliRunner().invoke(cli, ["digest", "preview", "--config", str(config)])
    assert preview.exit_code == 0 and "batch" in preview.output.lower(), preview.output
    first = json.loads(findings.output)[0]["id"]
    accepted = CliRunner().invoke(cli, ["dataset", "accept", str(first), "--config", str(config)])
    assert accepted.exit_code == 0, accepted.output

    again = CliRunner().invoke(cli, ["demo", "--keep", str(kept)])
    assert again.exit_code == 2 and "would overwrite" in again.output  # the kept data is not clobbered


def test_demo_refuses_config_and_db_options(tmp_path: Path) -> None:
    for option in (["--db", f"sqlite:///{tmp_path / 'x.db'}"], ["--config", str(tmp_path / "x.toml")]):
        result = CliRunner().invoke(cli, ["demo", *option])
        assert result.exit_code == 2 and "--keep DIR" in result.output, result.output
    assert not (tmp_path / "x.db").exists()
