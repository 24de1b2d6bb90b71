"""Start the web view: check where it may listen, bind, and run uvicorn until SIGINT or SIGTERM.

    serve(config, store, host, port, token, workers) -> runs until stopped; ConfigError before anything
    listens when ``host`` is not a loopback address and no token is set, or the address cannot be bound.

Loopback only by default: the page shows everything the monitor read and lets anyone who reaches it
accept or dismiss findings. Anywhere else every request must carry ``MONITOR_WEB_TOKEN``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import signal
import socket
import threading
from typing import Mapping

import click
from starlette.types import ASGIApp

from monitor.config import MonitorConfig
from monitor.errors import ConfigError, MonitorError
from storage import Store

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "MONITOR_WEB_TOKEN"
# A token is the only lock on a page that can change the dataset: long enough not to be guessed.
MIN_TOKEN_LENGTH = 16


def is_loopback(host: str) -> bool:
    """Is ``host`` (an address or "localhost") reachable from this machine only?"""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything, so it counts as not loopback


def web_token(environ: Mapping[str, str] = os.environ) -> str | None:
    """The token from ``MONITOR_WEB_TOKEN``; None when unset or empty; ConfigError when too short."""
    token = environ.get(TOKEN_VARIABLE, "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN_LENGTH:
        raise ConfigError(f"{TOKEN_VARIABLE} is {len(token)} characters; use at least {MIN_TOKEN_LENGTH} "
                          "(e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe(24))'`)")
    return token


def check_bind(host: str, token: str | None) -> None:
    """Refuse (ConfigError) to listen beyond this machine without a token."""
    if token is None and not is_loopback(host):
        raise ConfigError(f"{host} is not a loopback address: anyone who reaches it could read and review every "
                          f"finding. Set {TOKEN_VARIABLE} (every request must then carry it), or serve on 127.0.0.1",
                          key="--host")


def listening_socket(host: str, port: int, *, share_port: bool = False) -> socket.socket:
    """A socket bound to (host, port), or ConfigError saying why not (port taken, no such address).

    ``share_port``: SO_REUSEPORT, so that each worker process listens on a socket of its own on the same
    port and the kernel spreads new connections over them. One socket shared by all let the worker that
    woke first accept every waiting connection (asyncio accepts a whole backlog at once): one busy core."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    # IPPROTO_TCP named, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and without it
    # every keep-alive request waited ~40 ms for Nagle and the client's delayed ACK (15 instead of 100 req/s).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if share_port:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((host.strip("[]"), port))
        # Listening now, not when uvicorn starts: a client told the address may connect at once and waits in
        # the backlog instead of being refused.
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", key="--port") from None
    sock.set_inheritable(True)
    return sock


def serve(config: MonitorConfig, store: Store, *, host: str, port: int, token: str | None, workers: int = 1) -> None:
    """Serve the web view on (host, port) until SIGINT or SIGTERM, in ``workers`` processes."""
    from monitor.web.app import create_app

    check_bind(host, token)
    if workers > 1 and not (hasattr(os, "fork") and hasattr(socket, "SO_REUSEPORT")):
        raise ConfigError("several workers need fork() and SO_REUSEPORT, which this system lacks; use --workers 1",
                          key="--workers")
    app = create_app(config, store, token=token, bound_host=host)
    sock = listening_socket(host, port, share_port=workers > 1)
    # Every worker's socket is bound and listening before any worker starts: no connection finds a gap.
    socks = [sock] + [listening_socket(host, sock.getsockname()[1], share_port=True) for _ in range(workers - 1)]
    shown_host = f"[{host.strip('[]')}]" if ":" in host else host
    # The database is named without its password; the token never appears (only whether one is needed).
    click.echo(f"monitor: web view on http://{shown_host}:{sock.getsockname()[1]}/ for {store.url_for_display}"
               + (f", {workers} worker processes" if workers > 1 else "")
               + (f"; every request needs {TOKEN_VARIABLE} (Authorization: Bearer, or ?token= once)" if token else ""),
               err=True)
    try:
        if workers > 1:
            _run_workers(app, store, socks)
        else:
            _run(app, sock)
    finally:
        for each in socks:
            each.close()


def _run(app: ASGIApp, sock: socket.socket) -> None:
    """uvicorn on the bound socket until SIGINT or SIGTERM."""
    import uvicorn

    # access_log off: uvicorn's would print query strings (?token=...); monitor.web.guard logs paths only.
    # log_config None: leave logging to monitor.logging_setup. lifespan off: the app has no start-up work.
    server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, server_header=False,
                                           lifespan="off", timeout_graceful_shutdown=5))
    if threading.current_thread() is threading.main_thread():
        # uvicorn stops gracefully on SIGINT or SIGTERM, then raises the signal again for the handler that
        # was there before it; one that ignores it lets `monitor serve` end with status 0, as the daemon does.
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop_signal, lambda _signum, _frame: None)
    server.run(sockets=[sock])


def _run_workers(app: ASGIApp, store: Store, socks: list[socket.socket]) -> None:
    """Pre-fork: one worker process per socket (all on one port, the kernel spreading connections over
    them); this process only waits, and passes a stop on to them.

    Each worker is the single-process server (a page holds the GIL while it renders: one process uses one
    core). Forked after the app is built, so all share its CSRF key: a form from one worker posts to another."""
    children: list[int] = []
    for own in socks:
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                store.engine.dispose(close=False)  # the parent's pooled connections stay the parent's
                for other in socks:
                    if other is not own:
                        other.close()
                _run(app, own)
                status = 0
            except BaseException:  # noqa: BLE001 - a worker reports and ends; never returns into the parent's code
                logger.exception("web worker %s stopped on an error", os.getpid())
            finally:
                os._exit(status)
        children.append(pid)

    def stop(_signum: int, _frame: object) -> None:
        # SIGTERM to each worker, also for a Ctrl-C (which the terminal sent them too): a second SIGINT
        # would make uvicorn drop open requests instead of finishing them.
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, stop)
    failed = 0
    for child in children:
        _, status = os.waitpid(child, 0)
        failed += os.waitstatus_to_exitcode(status) != 0
    if failed:
        raise MonitorError(f"{failed} of {len(socks)} web workers ended on an error (see the log above)")
