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
    assert {"127.0.0.1:8025:8025", "127.0.0.1:1025:1025"} <= set(mailpit["ports"])


def test_images_are_pinned_and_ports_stay_on_the_loopback(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        if "image" in service and "build" not in service:
            image = service["image"]
            assert ":" in image and not image.endswith(":latest"), f"{name}: {image} is not pinned"
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name}: {port} listens on every interface"
    assert re.fullmatch(r"axllent/mailpit:v\d+\.\d+\.\d+", compose["services"]["mailpit"]["image"])


def test_daemon_config_is_mounted_and_health_read_from_the_heartbeat(compose: dict[str, Any]) -> None:
    daemon = compose["services"]["monitor"]
    mounts = {volume.split(":")[1]: volume for volume in daemon["volumes"]}
    config_dir = str(Path(daemon["environment"]["MONITOR_CONFIG"]).parent)
    assert mounts[config_dir] == f"./config:{config_dir}:ro"
    assert daemon["healthcheck"]["test"] == ["CMD", "monitor", "health"]
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert 'HEALTHCHECK' in dockerfile and '["monitor", "health"]' in dockerfile
    from monitor.cli import cli

    assert "health" in cli.commands  # the command both healthchecks run exists


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
    # Locked dependencies, hash-checked, then the package itself without resolving anything again.
    assert re.search(r"^RUN pip install --require-hashes --no-deps -r requirements\.lock$", text, re.M)
    assert re.search(r"^RUN --mount=type=bind,target=(\S+),rw pip install --no-deps --no-build-isolation \1", text, re.M)
    assert 'CMD ["monitor", "daemon"]' in text and "ENV MONITOR_CONFIG=/app/config/docker.toml" in text
    copied = {line.split()[1] for line in text.splitlines() if line.startswith("COPY ")}
    assert copied == {"requirements.lock"}  # the config is mounted, not baked; the sources come by bind mount
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".git", ".venv", "tests"} <= set(ignored) and "config" not in ignored  # config/ is package data


def test_lock_file_pins_every_dependency_with_hashes() -> None:
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    entries = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)(?: ;[^\\]*)? \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", lock, re.M)
    pinned = {canonicalize_name(name): version for name, version, _ in entries}
    requirement_lines = [line for line in lock.splitlines() if line and not line[0].isspace() and not line.startswith("#")]
    assert len(entries) == len(requirement_lines), "every locked requirement has an exact version and hashes"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # The lock must follow pyproject.toml: every dependency there, at a version its specifier allows.
    for spec in [*project["dependencies"], "setuptools>=70.1"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{spec} is not in requirements.lock; regenerate it (its header says how)"
        assert requirement.specifier.contains(pinned[name], prereleases=True), \
            f"requirements.lock has {name}=={pinned[name]}, pyproject.toml asks {spec}; regenerate it"
