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


# Files whose owners were mid-change when the contracts moved into docs/ (issue 20, point 12); each
# still names DESIGN.md in one comment. Remove a file here once its reference points at docs/contracts.md.
DESIGN_REFERENCES_PENDING: set[str] = set()
TEXT_SUFFIXES = {".py", ".toml", ".md", ".yml", ".yaml", ".txt", ".html", ".cfg", ".ini", ""}


def test_no_file_refers_to_a_design_document_the_repository_does_not_hold() -> None:
    assert not (REPO / "DESIGN.md").exists()
    skip = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "build", "node_modules"}
    referring = []
    for path in REPO.rglob("*"):
        relative = path.relative_to(REPO)
        if skip & set(relative.parts) or not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        if relative.as_posix() in DESIGN_REFERENCES_PENDING or relative == Path(__file__).relative_to(REPO):
            continue
        if "DESIGN.md" in path.read_text(encoding="utf-8", errors="replace"):
            referring.append(relative.as_posix())
    assert not referring, f"these refer to DESIGN.md; point them at docs/contracts.md: {referring}"


def test_contracts_doc_names_every_kind_and_command() -> None:
    from monitor.records import FINDING_KINDS, MENTION_KINDS

    contracts = (REPO / "docs" / "contracts.md").read_text(encoding="utf-8")
    missing = [f"`{kind}`" for kind in (*MENTION_KINDS, *FINDING_KINDS) if f"`{kind}`" not in contracts]
    missing += [path for path in command_paths(cli) if path.split(" ", 2)[1] not in contracts]
    assert not missing, f"docs/contracts.md does not describe: {missing}"
