"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd in a thread, on an ephemeral port.

Self-contained (no imports from monitor) so it can move to tests/support/ unchanged.

    with smtp_server() as server:                      # plain
        ...send to server.host, server.port...
        server.handler.received[0].message            # parsed EmailMessage

    handler = RecordingHandler(data_reply="451 4.3.0 try later")    # fault injection
    with smtp_server(handler, mode="starttls", tls=tls_files, authenticator=accept_login("u", "p")):

Sends with smtplib are synchronous and the server answers 250 only after the handler stored the
envelope, so after a successful send the message is already in ``handler.received``: no polling.
"""

from __future__ import annotations

import contextlib
import email.policy
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes
    tls: bool
    authenticated: bool

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=email.policy.default).parsebytes(self.content)  # type: ignore[return-value]


@dataclass
class RecordingHandler:
    """Stores every accepted envelope; can answer RCPT or DATA with a fixed reply, or hang up."""

    rcpt_reply: str | None = None
    refuse_rcpt: tuple[str, ...] = ()  # these addresses get "550 5.1.1 no such user"
    data_reply: str | None = None
    drop_after_data: bool = False
    received: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if self.rcpt_reply:
            return self.rcpt_reply
        if address in self.refuse_rcpt:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.drop_after_data:
            # The whole message was read; hang up instead of answering, as a crashing server would.
            server.transport.abort()
            return "250 OK (never sent: connection aborted)"
        if self.data_reply:
            return self.data_reply
        with self._lock:
            self.received.append(Received(
                mail_from=envelope.mail_from,
                rcpt_tos=tuple(envelope.rcpt_tos),
                content=bytes(envelope.original_content),
                # session.ssl is set after STARTTLS only; implicit TLS shows on the transport.
                tls=session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
                authenticated=bool(session.authenticated),
            ))
        return "250 OK"


def accept_login(username: str, password: str) -> Callable[..., AuthResult]:
    """An aiosmtpd authenticator that accepts exactly one username/password pair."""
    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == username.encode() and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)
    return authenticator


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context


def make_self_signed(directory: Path) -> TlsFiles | None:
    """A throwaway certificate for 127.0.0.1/localhost via the openssl CLI, or None without it."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True, timeout=30,
    )
    return TlsFiles(cert=cert, key=key)


class _EphemeralController(Controller):
    """Controller bound to port 0; learns the real port before its self-test connection."""

    def _trigger_server(self) -> None:
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    handler: RecordingHandler

    @property
    def received(self) -> list[Received]:
        return self.handler.received


@contextlib.contextmanager
def smtp_server(handler: RecordingHandler | None = None, *, mode: Literal["plain", "starttls", "ssl"] = "plain",
                tls: TlsFiles | None = None, authenticator: Callable[..., AuthResult] | None = None,
                ) -> Iterator[SmtpServer]:
    handler = handler if handler is not None else RecordingHandler()
    kwargs: dict[str, Any] = {"server_hostname": "localhost", "ready_timeout": 10.0}
    if mode != "plain":
        if tls is None:
            raise ValueError(f"mode {mode!r} needs TLS files")
        if mode == "ssl":
            kwargs["ssl_context"] = tls.server_context()
        else:
            kwargs.update(tls_context=tls.server_context(), require_starttls=True)
    if authenticator is not None:
        # aiosmtpd offers AUTH only after STARTTLS unless told otherwise; it cannot see implicit
        # TLS, and plain AUTH is a test-only setup.
        kwargs.update(authenticator=authenticator, auth_require_tls=(mode == "starttls"))
    controller = _EphemeralController(handler, hostname=HOST, port=0, **kwargs)
    controller.start()
    try:
        yield SmtpServer(host=HOST, port=controller.port, handler=handler)
    finally:
        controller.stop()


def closed_port() -> int:
    """A port on 127.0.0.1 with nothing listening: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]
