"""docker-compose.yml, the Dockerfile and config/docker.toml, checked without a Docker engine.

The compose file is parsed with PyYAML: from the project's environment when it is installed there,
else through the system ``python3`` when that has it (PyYAML is not a dependency of monitor), else
the test skips with the reason. The wiring itself (the daemon on PostgreSQL with the environment
variables compose sets, mail to an SMTP server) runs for real in tests/daemon/test_daemon_process.py.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import yaml

from monitor.config import load_config

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_yaml(COMPOSE)


def test_three_services_wired_by_environment(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"monitor", "db", "mailpit"}
    daemon = services["monitor"]
    assert daemon["build"] == "." and daemon["command"] == ["monitor", "daemon"]
    env = daemon["environment"]
    assert env["MONITOR_DATABASE_URL"] == "postgresql://monitor:monitor@db:5432/monitor"
    assert env["MONITOR_CONFIG"] == "/app/config/docker.toml"
    assert "MONITOR_SMTP_PASSWORD" in env  # passed through from the host, never written here
    assert daemon["depends_on"]["db"]["condition"] == "service_healthy"
    assert daemon["stop_signal"] == "SIGTERM"

    db = services["db"]
    assert db["image"] == "postgres:16"
    assert (db["environment"]["POSTGRES_USER"], db["environment"]["POSTGRES_PASSWORD"],
            db["environment"]["POSTGRES_DB"]) == ("monitor", "monitor", "monitor")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume, _, target = db["volumes"][0].partition(":")
    assert volume in compose["volumes"] and target == "/var/lib/postgresql/data"

    mailpit = services["mailpit"]
    assert mailpit["image"].startswith("axllent/mailpit")
    assert {"8025:8025", "1025:1025"} <= set(mailpit["ports"])


def test_docker_config_sends_to_mailpit_and_polls_the_bundled_sources(compose: dict[str, Any],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    env = compose["services"]["monitor"]["environment"]
    monkeypatch.setenv("MONITOR_DATABASE_URL", env["MONITOR_DATABASE_URL"])
    config = load_config(REPO / "config" / "docker.toml")
    assert (config.digest.smtp_host, config.digest.smtp_port, config.digest.security) == ("mailpit", 1025, "plain")
    assert config.database_url == env["MONITOR_DATABASE_URL"]  # the environment beats the file
    assert config.rules.is_file() and config.dataset.is_file()
    bundled = tomllib.loads((REPO / "config" / "monitor.toml").read_text(encoding="utf-8"))
    docker = tomllib.loads((REPO / "config" / "docker.toml").read_text(encoding="utf-8"))
    assert docker["source"] == bundled["source"] and docker["fetch"] == bundled["fetch"]
    assert {k: v for k, v in docker["digest"].items() if k != "smtp_host"} == \
        {k: v for k, v in bundled["digest"].items() if k != "smtp_host"}


def test_dockerfile_installs_the_package_and_runs_the_daemon() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    instructions = [line.split(None, 1) for line in text.splitlines() if line.strip() and not line.startswith("#")
                    and not line.startswith(" ")]
    assert instructions[0] == ["FROM", "python:3.11-slim"]
    assert re.search(r"^RUN pip install \.(\s|$)", text, re.M)
    assert 'CMD ["monitor", "daemon"]' in text and "ENV MONITOR_CONFIG=/app/config/docker.toml" in text
    copied = {line.split()[1] for line in text.splitlines() if line.startswith("COPY ")}
    # Everything `pip install .` and the config need, and nothing from the tests.
    assert {"monitor", "storage", "config"} <= copied and "tests" not in copied
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests"} <= set(ignored)
