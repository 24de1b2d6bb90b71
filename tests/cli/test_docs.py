"""The README documents every command, and its two set-up commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import click

from monitor.cli import cli

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "monitor") -> list[str]:
    paths = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, f"{prefix} {name}"))
        else:
            paths.append(f"{prefix} {name}")
    return paths


def test_every_command_is_in_the_readme() -> None:
    missing = [path for path in command_paths(cli) if f"`{path}" not in README]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_starts_with_the_two_setup_commands_and_ci_runs_the_second() -> None:
    block = re.match(r"# monitor\n\n```sh\n(.*?)\n```", README, re.S)
    assert block, "README.md must start with the set-up commands"
    install_and_run, tests = block.group(1).splitlines()
    assert "pip install -e ." in install_and_run and install_and_run.endswith("monitor run-once")
    assert "pytest" in tests
    assert tests in (REPO / ".ci" / "run").read_text(encoding="utf-8")
