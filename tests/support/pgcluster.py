"""A private PostgreSQL cluster for the tests that stop or restart the server.

Those tests must never touch the server the developer (or CI) runs: this starts a throwaway cluster
with ``initdb`` and ``pg_ctl`` in a temporary directory, on a free port of 127.0.0.1, with trust
authentication and a socket directory of its own. ``initdb`` refuses to run as root, so as root the
cluster belongs to the ``postgres`` system user (commands through ``runuser``). Where the server
binaries are missing the caller skips with :data:`Unavailable`'s reason.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import psycopg

# Debian and Ubuntu keep the server binaries out of PATH, one directory per major version.
DEBIAN_BINARIES = Path("/usr/lib/postgresql")
CLUSTER_OWNER = "postgres"


class Unavailable(Exception):
    """No private cluster can be started here; the message says why (for pytest.skip)."""


def server_binaries() -> Path:
    """The directory holding initdb and pg_ctl: PATH first, else Debian's newest version."""
    initdb = shutil.which("initdb")
    if initdb and shutil.which("pg_ctl"):
        return Path(initdb).parent
    versions = sorted((p for p in DEBIAN_BINARIES.glob("*/bin") if (p / "initdb").is_file() and (p / "pg_ctl").is_file()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if not versions:
        raise Unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin")
    return versions[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PrivateCluster:
    bin_dir: Path
    data_dir: Path
    port: int
    owner: str | None  # run the server binaries as this user (we are root), else as ourselves

    @property
    def log(self) -> Path:
        return self.data_dir.parent / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str, timeout: float = 60) -> None:
        self._run([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), *args], timeout=timeout)

    def restart(self) -> None:
        """Stop (fast: every connection is cut, as in a real outage) and start again; wait until it answers."""
        self.pg_ctl("-m", "fast", "-l", str(self.log), "-w", "restart")
        self.wait_until_ready()

    def wait_until_ready(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while True:
            try:
                with psycopg.connect(self.url.replace("+psycopg", ""), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"the private PostgreSQL on port {self.port} did not answer within {seconds} s")
                time.sleep(0.1)

    def _run(self, args: list[str], *, timeout: float) -> None:
        if self.owner is not None:
            args = ["runuser", "-u", self.owner, "--", *args]
        # Output to a file, not a pipe: the server pg_ctl starts inherits it and would hold a pipe open.
        with tempfile.TemporaryFile(mode="w+") as output:
            code = subprocess.run(args, stdout=output, stderr=subprocess.STDOUT, timeout=timeout).returncode
            output.seek(0)
            if code != 0:
                raise AssertionError(f"{' '.join(args)} failed ({code}):\n{output.read()}")


def _owner() -> str | None:
    if os.geteuid() != 0:
        return None
    if shutil.which("runuser") is None:
        raise Unavailable("running as root, and initdb refuses root, but runuser is missing to switch user")
    try:
        pwd.getpwnam(CLUSTER_OWNER)
    except KeyError:
        raise Unavailable(f"running as root, and initdb refuses root, but there is no {CLUSTER_OWNER!r} user") from None
    return CLUSTER_OWNER


@contextlib.contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    """Start a throwaway cluster; stop it and delete its files when the block ends."""
    bin_dir, owner = server_binaries(), _owner()
    # Not under pytest's tmp_path: that sits in a directory only root may enter, and the server runs
    # as another user.
    root = Path(tempfile.mkdtemp(prefix="monitor-pg-"))
    try:
        if owner is not None:
            entry = pwd.getpwnam(owner)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        cluster = PrivateCluster(bin_dir=bin_dir, data_dir=root / "data", port=free_port(), owner=owner)
        cluster._run([str(bin_dir / "initdb"), "-D", str(cluster.data_dir), "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--no-sync"], timeout=120)
        options = (f"-c listen_addresses=127.0.0.1 -c port={cluster.port} -c unix_socket_directories={root} "
                   "-c fsync=off -c full_page_writes=off")
        cluster.pg_ctl("-o", options, "-l", str(cluster.log), "-w", "start")
        try:
            cluster.wait_until_ready()
            yield cluster
        finally:
            cluster.pg_ctl("-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
