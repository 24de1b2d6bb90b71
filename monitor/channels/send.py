"""Hand one message to one channel through Apprise; the only module that imports it.

    send(template URL, ChannelMessage) -> None, or ChannelError with a reason a person can read

Apprise reports a failure by returning False and logging why; its log lines are captured here
(the ``apprise`` logger does not reach the project's handlers, and urllib3 under it logs warnings
only: at debug level both print full URLs) and become the error's text, with every expanded secret
replaced by ``****``. Anything Apprise raises is translated at this boundary into :class:`ChannelError`.

The idempotency key travels in the message text for every service; for the generic webhooks
(``json://``, ``jsons://``, ``form://``, ``xml://`` ...) also in an ``Idempotency-Key`` header
(percent-encoded UTF-8, as a header is ASCII) and, for JSON, as ``"idempotency_key"`` in the body.
"""

from __future__ import annotations

import logging
import threading
import warnings
from typing import Any
from urllib.parse import quote

from monitor.channels.config import expand_url, scrub, secrets_of
from monitor.channels.messages import ChannelMessage
from monitor.errors import ChannelError

logger = logging.getLogger(__name__)

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_FIELD = "idempotency_key"
_HEADER_SAFE = "!#$&'()*+,/:;=?@[]~-._"
REASON_LIMIT = 1000


class _Captured(logging.Handler):
    """Apprise's warnings while a send runs (Apprise sends from its own worker threads, so the capture is
    per send, not per thread: :data:`_SENDING` lets one send at a time through a process)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self._lines: list[str] | None = None

    def start(self) -> None:
        self._lines = []

    def stop(self) -> list[str]:
        lines, self._lines = self._lines or [], None
        return lines

    def emit(self, record: logging.LogRecord) -> None:
        lines = self._lines
        if lines is not None and record.levelno >= logging.WARNING:
            try:
                lines.append(record.getMessage())
            except Exception:  # noqa: BLE001 - a record that cannot format is no reason
                pass


_CAPTURE = _Captured()
_ready = threading.Lock()
_SENDING = threading.Lock()
_set_up = False


def _apprise() -> Any:
    """The apprise module, its logger routed to :data:`_CAPTURE` only (imported on first use: 0.25 s)."""
    global _set_up
    with _ready:
        if not _set_up:
            log = logging.getLogger("apprise")
            log.addHandler(_CAPTURE)
            log.propagate = False
            log.setLevel(logging.INFO)
            # requests (under Apprise) logs each request line through urllib3 at debug level: with the
            # webhook path, which may hold a token. monitor itself fetches with httpx, not urllib3.
            logging.getLogger("urllib3").setLevel(logging.WARNING)
            # Apprise loads every plugin on first use, and one imports the deprecated imghdr (Python 3.11):
            # load them now, that warning silenced, rather than at a send where a strict filter makes it an error.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                import apprise

                apprise.Apprise.instantiate("json://localhost")
            _set_up = True
    import apprise

    return apprise


def apprise_accepts(url: str) -> bool:
    """Whether Apprise can build a service from ``url`` (the config's check; nothing is sent)."""
    apprise = _apprise()
    try:
        return apprise.Apprise.instantiate(url) is not None
    except Exception:  # noqa: BLE001 - a plugin that chokes on the URL refuses it
        return False


def _with_key(service: Any, key: str) -> None:
    """The idempotency key in the webhook's header and JSON body, where the service has them."""
    headers = getattr(service, "headers", None)
    if isinstance(headers, dict):
        headers[IDEMPOTENCY_HEADER] = quote(key, safe=_HEADER_SAFE)
    extras = getattr(service, "payload_extras", None)
    if isinstance(extras, dict) and type(service).__name__ == "NotifyJSON":
        extras[IDEMPOTENCY_FIELD] = key


def send(url_template: str, message: ChannelMessage) -> None:
    """Deliver ``message`` to the channel at ``url_template`` (``${VAR}`` expanded now) or raise ChannelError."""
    secrets = secrets_of(url_template)
    try:
        url = expand_url(url_template)
    except ValueError as exc:
        raise ChannelError(str(exc), permanent=True) from None
    apprise = _apprise()
    with _SENDING:
        ok, lines = _notify(apprise, url, message, secrets)
    if not ok:
        reason = "; ".join(dict.fromkeys(line.strip() for line in lines if line.strip())) or "the service refused it"
        raise ChannelError(scrub(reason, secrets)[:REASON_LIMIT])


def _notify(apprise: Any, url: str, message: ChannelMessage, secrets: tuple[str, ...]) -> tuple[bool, list[str]]:
    """(whether the service took it, Apprise's warnings meanwhile); ChannelError for what Apprise raised."""
    _CAPTURE.start()
    try:
        service = apprise.Apprise.instantiate(url)
        if service is None:
            raise ChannelError("Apprise cannot build a service from the channel's url", permanent=True)
        _with_key(service, message.key)
        sender = apprise.Apprise()
        sender.add(service)
        ok = bool(sender.notify(body=message.body, title=message.title, body_format=apprise.NotifyFormat.TEXT,
                                notify_type=apprise.NotifyType.WARNING if message.warning else apprise.NotifyType.INFO))
    except ChannelError:
        raise
    except Exception as exc:  # noqa: BLE001 - the boundary: whatever Apprise or a plugin raises
        reason = scrub(f"{exc.__class__.__name__}: {exc}", secrets)[:REASON_LIMIT]
        raise ChannelError(f"Apprise failed: {reason}") from None
    finally:
        lines = _CAPTURE.stop()
    return ok, lines
