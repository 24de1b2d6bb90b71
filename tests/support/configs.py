"""Write real config files for tests: the same TOML a user writes, pointing at the local test server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "config" / "rules.toml"
DATASET = REPO / "config" / "known" / "dataset.toml"


def feed(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": "feed", "url": url, "interval": "30m", "allow_private_network": True, **extra}


def page(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": "page", "url": url, "interval": "30m", "allow_private_network": True, **extra}


def write_config(directory: Path, db_url: str, sources: list[dict[str, Any]], *, fetch: dict[str, Any] | None = None,
                 digest: dict[str, Any] | None = None, **top: Any) -> Path:
    """A config file in ``directory``; fast timeouts and few retries so fault tests stay quick."""
    data: dict[str, Any] = {"database_url": db_url, "rules": str(RULES), "dataset": str(DATASET), **top}
    data["fetch"] = {"connect_timeout": 2.0, "total_timeout": 5.0, "retries": 1, **(fetch or {})}
    if digest:
        data["digest"] = digest
    data["source"] = sources
    path = directory / "monitor.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path
