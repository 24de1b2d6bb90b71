"""`monitor init DIR`: a config a user owns and edits, written from the bundled one.

The directory gets ``monitor.toml`` (the bundled sources and settings, with the database beside it),
and copies of ``rules.toml`` and ``known/*.toml``: copies rather than references into the installed
package, because a user tunes rules and accepts facts into the dataset, and a package upgrade must
neither lose those edits nor leave the config naming files that moved. Nothing is overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path

from monitor.config import BUNDLED_DIR, DEFAULT_CONFIG_PATH, load_config
from monitor.errors import ConfigError

STARTER_DATABASE = 'database_url = "sqlite:///monitor.db"   # beside this file; or postgresql://user@host/db (psycopg 3)'
# The bundled config leaves database_url unset (its database lives in the user's data directory);
# this is the block that says so, replaced in a starter config by a database beside the file.
_UNSET_DATABASE = re.compile(r"^# database_url: not set here.*?\n(?:#.*\n)*?# database_url = .*\n", re.M)


def starter_config_text() -> str:
    text = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    text, found = _UNSET_DATABASE.subn(STARTER_DATABASE + "\n", text, count=1)
    if not found:  # the bundled file changed shape; tests/install catches this before a user does
        raise ConfigError("the bundled config has no database_url block to replace", path=str(DEFAULT_CONFIG_PATH))
    header = "# monitor: written by `monitor init` from the bundled config; yours to edit.\n"
    return header + "\n".join(line for line in text.splitlines() if not line.startswith("# monitor: the bundled")) + "\n"


def rules_and_dataset() -> tuple[str, ...]:
    """The bundled rules and every dataset file (dataset.toml includes the others), relative names."""
    return ("rules.toml", *sorted(f"known/{p.name}" for p in (BUNDLED_DIR / "known").glob("*.toml")))


def refuse_existing(directory: Path, names: tuple[str, ...]) -> None:
    existing = [name for name in names if (directory / name).exists()]
    if existing:
        raise ConfigError(f"would overwrite {', '.join(existing)}; choose an empty directory or move them away",
                          path=str(directory))


def copy_rules_and_dataset(directory: Path) -> None:
    """Copy the bundled rules and dataset into ``directory``, laid out as the bundled config names them."""
    for name in rules_and_dataset():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((BUNDLED_DIR / name).read_bytes())


def write_starter(directory: Path) -> Path:
    """Write the starter config into ``directory`` (created if needed); return the config's path."""
    refuse_existing(directory, ("monitor.toml", *rules_and_dataset()))
    directory.mkdir(parents=True, exist_ok=True)
    copy_rules_and_dataset(directory)
    path = directory / "monitor.toml"
    path.write_text(starter_config_text(), encoding="utf-8")
    load_config(path)  # what was written must load: a broken starter should fail here, not at first use
    return path
