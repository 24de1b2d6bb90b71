"""Hand a digest message to an SMTP server: plain, STARTTLS or implicit TLS, with a timeout.

Every smtplib, socket and ssl error becomes :class:`DeliveryError` here, with ``permanent`` set
when retrying the same message to the same server cannot help (5xx replies, certificate
failures, a server without STARTTLS or AUTH). The outbox keeps the digest pending either way;
``permanent`` only tells a person whether to look at the config.

The password is passed in by the caller (it comes from ``MONITOR_SMTP_PASSWORD``), never logged,
and scrubbed from any server reply that ends up in an exception message.
"""

from __future__ import annotations

import email.utils
import logging
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal, Sequence

from monitor.errors import DeliveryError

logger = logging.getLogger(__name__)

Security = Literal["plain", "starttls", "ssl"]
SECURITY_MODES: tuple[str, ...] = ("plain", "starttls", "ssl")


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    username: str = ""
    timeout: float = 30.0
    # False only for tests and mail catchers with self-signed certificates.
    tls_verify: bool = True

    def __post_init__(self) -> None:
        if self.security not in SECURITY_MODES:
            raise ValueError(f"security must be one of {', '.join(SECURITY_MODES)}, not {self.security!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"port out of range: {self.port}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive: {self.timeout}")


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not settings.tls_verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _scrub(text: str, password: str | None) -> str:
    return text.replace(password, "********") if password else text


def _text(reply: object) -> str:
    """An SMTP reply or argument as text (smtplib gives bytes)."""
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _mentions(exc: BaseException, password: str | None) -> bool:
    if not password:
        return False
    texts = [str(exc)] + [_text(a) for a in exc.args]
    return any(password in text for text in texts)


def _reply_text(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _classify(exc: BaseException, where: str) -> tuple[str, bool]:
    """(message, permanent) for an error raised while talking to ``where``."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        replies = [f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in exc.recipients.items()]
        permanent = all(code >= 500 for code, _ in exc.recipients.values())
        return f"{where} refused every recipient ({'; '.join(replies)})", permanent
    if isinstance(exc, smtplib.SMTPResponseException):
        permanent = exc.smtp_code >= 500
        kind = "permanently" if permanent else "temporarily"
        return f"{where} {kind} refused the message: {_reply_text(exc)}", permanent
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{where} does not support what the config asks for: {exc}", True
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, TimeoutError):
        # smtplib reports a read timeout as a disconnect; say what happened.
        return f"{where} did not answer in time", False
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"{where} closed the connection before accepting the message: {exc}", False
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate of {where} not accepted: {exc.verify_message or exc}", True
    if isinstance(exc, ssl.SSLError):
        return f"TLS with {where} failed: {exc}", False
    if isinstance(exc, ConnectionRefusedError):
        return f"{where} refused the connection", False
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"{where} did not answer in time", False
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve {where}: {exc}", False
    if isinstance(exc, OSError):
        return f"network error talking to {where}: {exc.strerror or exc}", False
    return f"SMTP error from {where}: {exc}", False


def _connect(settings: SmtpSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.security == "starttls":
        try:
            client.starttls(context=context)
        except BaseException:
            client.close()
            raise
    return client


def send_message(msg: EmailMessage, settings: SmtpSettings, *, password: str | None,
                 to: Sequence[str] | None = None) -> dict[str, str]:
    """Deliver ``msg`` to its To recipients (or only to ``to``) through the configured server.

    Returns the recipients the server refused while it accepted the message for others, each with
    its reply ("550 5.1.1 no such user"): the caller records and retries them. Raises DeliveryError
    when no one got the message."""
    where = f"SMTP server {settings.host}:{settings.port}"
    if settings.username and not password:
        raise DeliveryError(f"{where}: username {settings.username!r} is set but MONITOR_SMTP_PASSWORD is empty",
                            permanent=True)
    client: smtplib.SMTP | None = None
    try:
        client = _connect(settings, _tls_context(settings))
        if settings.username:
            client.login(settings.username, password or "")
        refused = client.send_message(msg, to_addrs=list(to) if to is not None else None)
    except (smtplib.SMTPException, OSError) as exc:
        if client is not None:
            client.close()
        message, permanent = _classify(exc, where)
        message = _scrub(message, password)
        logger.warning("digest delivery failed status=%s error=%s", "permanent" if permanent else "temporary", message)
        error = DeliveryError(message, permanent=permanent)
        # A reply that echoed the password must not survive as the chained cause either.
        if _mentions(exc, password):
            raise error from None
        raise error from exc
    # The server has the message now: a failing QUIT must not turn this into a failure, or the
    # outbox would send the digest a second time.
    try:
        client.quit()
    except (smtplib.SMTPException, OSError) as exc:
        logger.debug("QUIT after delivery failed, ignored: %s", exc)
        client.close()
    replies = {recipient: _scrub(f"{code} {_text(reply)}".strip(), password) for recipient, (code, reply) in refused.items()}
    if replies:
        # Some recipients accepted: resending to all would duplicate for them, so only these are retried.
        logger.warning("digest delivered but some recipients refused refused=%s",
                       "; ".join(f"{r}: {reply}" for r, reply in replies.items()))
    logger.info("digest delivered message_id=%s host=%s port=%s recipients=%d",
                msg["Message-ID"], settings.host, settings.port,
                len(to) if to is not None else len(email.utils.getaddresses(msg.get_all("To", []))))
    return replies

