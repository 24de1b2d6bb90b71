"""`pip install .` (not editable) into a fresh venv, then the commands a newcomer runs, from a directory
outside the source tree: the bundled config, rules and dataset must come from the installed package.

The wheel is built offline from a copy of the tree (``--no-build-isolation``: the test extras bring a
setuptools that builds wheels by itself). The fresh venv gets monitor from the wheel and borrows the
installed dependencies through a ``.pth`` line, so no package index is needed; the venv's own
site-packages comes first on its path, so ``monitor`` is the wheel's copy, not the editable one.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tomllib
import urllib.request
import venv
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.httpserver import Response, TestServer

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("pyproject.toml", "README.md", "monitor", "storage", "config")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build", "*.db", "*.db-*")


def test_pyproject_lists_every_package_of_the_tree() -> None:
    """The packages are listed by hand (config/ is mapped to monitor.bundled); a new one must be listed too."""
    settings = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(settings["packages"])
    in_tree = {".".join(d.relative_to(REPO).parts) for top in ("monitor", "storage") for d in [REPO / top, *(REPO / top).rglob("*")]
               if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))}
    assert in_tree <= listed, f"packages missing from pyproject.toml [tool.setuptools] packages: {sorted(in_tree - listed)}"
    assert settings["package-dir"]["monitor.bundled"] == "config"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bin directory of a fresh venv holding the wheel built from this tree."""
    pytest.importorskip("setuptools", minversion="70.1", reason="building the wheel offline needs setuptools >= 70.1 "
                        "(the test extras)")
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    source.mkdir()
    for name in SHIPPED:
        path = REPO / name
        (shutil.copytree(path, source / name, ignore=IGNORE) if path.is_dir() else shutil.copy2(path, source / name))
    dist = root / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(dist), str(source)], cwd=root)
    fresh = root / "venv"
    venv.create(fresh, with_pip=True)
    bin_dir = fresh / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q", *map(str, dist.glob("*.whl"))],
        cwd=root)
    purelib = Path(subprocess.check_output([str(bin_dir / "python"), "-c",
                                            "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    borrowed = [sysconfig.get_paths()["purelib"], *(p for p in sys.path if p.endswith("site-packages"))]
    (purelib / "zz_borrowed_dependencies.pth").write_text("\n".join(dict.fromkeys(borrowed)) + "\n", encoding="utf-8")
    yield bin_dir


def run(args: list[str], *, cwd: Path, env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, f"{args}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def user_env(home: Path) -> dict[str, str]:
    """A user with an empty home: nothing of the source tree on the path, no MONITOR_* variables."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("MONITOR_", "PYTHON", "VIRTUAL_ENV"))}
    return {**keep, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share")}


def test_the_installed_package_is_the_wheel_and_carries_its_config(installed: Path, tmp_path: Path) -> None:
    where = run([str(installed / "python"), "-c", "import monitor.config as c; print(c.__file__); print(c.DEFAULT_CONFIG_PATH)"],
                cwd=tmp_path, env=user_env(tmp_path)).stdout.split()
    assert str(REPO) not in where[0] and "site-packages" in where[0]
    assert Path(where[1]).is_file() and "site-packages" in where[1]


def test_demo_runs_from_any_directory(installed: Path, tmp_path: Path) -> None:
    result = run([str(installed / "monitor"), "demo"], cwd=tmp_path, env=user_env(tmp_path))
    assert "new_batch" in result.stdout and "new_company" in result.stdout, result.stdout


def test_default_config_works_from_any_directory(installed: Path, tmp_path: Path) -> None:
    env = user_env(tmp_path)
    run([str(installed / "monitor"), "db", "upgrade"], cwd=tmp_path, env=env)
    assert (tmp_path / ".local" / "share" / "monitor" / "monitor.db").is_file()  # the user's data dir, not the package
    listed = run([str(installed / "monitor"), "sources", "--format", "json"], cwd=tmp_path, env=env).stdout
    assert "cac-gov-cn" in listed  # the bundled sources


def test_init_writes_a_config_that_run_once_uses(installed: Path, tmp_path: Path, server: TestServer) -> None:
    env = user_env(tmp_path)
    run([str(installed / "monitor"), "init", "starter"], cwd=tmp_path, env=env)
    starter = tmp_path / "starter"
    assert {p.relative_to(starter).as_posix() for p in starter.rglob("*.toml")} >= {
        "monitor.toml", "rules.toml", "known/dataset.toml", "known/companies.toml", "known/aliases.toml"}
    again = run([str(installed / "monitor"), "init", "starter"], cwd=tmp_path, env=env, check=False)
    assert again.returncode == 2 and "would overwrite" in again.stderr

    # Everything of the starter config but its real sources (tests talk to 127.0.0.1 only): one local
    # feed carrying the demo's story of a fourth batch.
    server.route("/wire.xml", Response(body=(REPO / "monitor" / "demo" / "data" / "wire.xml").read_bytes(),
                                       content_type="application/rss+xml"))
    config = starter / "monitor.toml"
    text = config.read_text(encoding="utf-8")
    assert text.count("[[source]]") >= 10
    local = (f'[[source]]\nname = "local-wire"\nkind = "feed"\nurl = "{server.url("/wire.xml")}"\ninterval = "1h"\n'
             'allow_private_network = true\n')
    # The first table line, not a mention of [[source]] inside a comment.
    first = re.search(r"^\[\[source\]\]", text, re.MULTILINE).start()
    digest = re.search(r"^\[digest\]", text, re.MULTILINE)
    head, tail = text[:first], text[digest.start():] if digest else ""
    config.write_text(head + local + "\n" + tail, encoding="utf-8")
    # A backtest (--as-of) writes a scratch database, never the live one beside the config (issue 16).
    result = run([str(installed / "monitor"), "run-once", "--config", "starter/monitor.toml", "--as-of", "2023-12-31",
                  "--replay-db", "starter/replay.db"], cwd=tmp_path, env=env)
    assert "1 sources, 0 failed" in result.stdout, result.stdout
    assert (starter / "replay.db").is_file() and not (starter / "monitor.db").exists()
    findings = run([str(installed / "monitor"), "findings", "--config", str(config), "--db",
                    f"sqlite:///{starter / 'replay.db'}", "--format", "json"], cwd=tmp_path, env=env)
    assert "new_batch:4" in findings.stdout, findings.stdout


def test_serve_finds_its_templates_and_static_files_in_the_wheel(installed: Path, tmp_path: Path) -> None:
    """`monitor serve` from the installed package: pages render from the wheel's templates, static files load."""
    env = user_env(tmp_path)
    run([str(installed / "monitor"), "demo", "--keep", str(tmp_path / "demo")], cwd=tmp_path, env=env)
    server = subprocess.Popen([str(installed / "monitor"), "serve", "--config", str(tmp_path / "demo" / "monitor.toml"),
                               "--port", "0"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        line = server.stderr.readline()
        base = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert base, line + server.stderr.read()
        with urllib.request.urlopen(base.group(1) + "/", timeout=10) as page:
            assert "Company reported approved for the first time" in page.read().decode("utf-8")
        with urllib.request.urlopen(base.group(1) + "/static/monitor.js", timeout=10) as script:
            assert b"select-all" in script.read()
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=30)
    assert server.returncode == 0
