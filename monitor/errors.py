"""The exceptions monitor raises, in one tree.

    MonitorError
    ├── ConfigError          bad config, rules or dataset file (CLI exit status 2)
    ├── FetchError           one source or article could not be fetched
    │   ├── BlockedURLError  private/loopback address, robots.txt, scheme not allowed
    │   └── ResponseTooLarge body (or inflated body) over the size cap
    ├── ParseError           a body that is no feed / no page we can read
    ├── StorageError         the database refused or is unreachable
    ├── DeliveryError        the digest could not be handed to the SMTP server
    │   └── ChannelError     an alert channel (Apprise) did not take a message
    └── UsageError           a request that names what is not there or asks what cannot be (CLI exit 2, HTTP 400)
        └── NotFoundError    an id that names no record: `dataset accept 99`, /findings/99 (HTTP 404)

Third-party errors (httpx, feedparser, SQLAlchemy, smtplib, Apprise) are translated into these at the
boundary of the module that calls the library, with ``raise ... from exc``, so callers catch one
tree and the per-source error message stays readable for a person.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error monitor raises on purpose."""


class ConfigError(MonitorError):
    """A config, rules or dataset file is invalid.

    ``path`` names the file and ``key`` the dotted key (``source[2].kind``) when known, so the
    message can say where to look and what is allowed.
    """

    def __init__(self, message: str, *, path: str | None = None, key: str | None = None) -> None:
        self.path = path
        self.key = key
        where = ": ".join(part for part in (path, key) if part)
        super().__init__(f"{where}: {message}" if where else message)


class FetchError(MonitorError):
    """A request failed for good (after retries), with a reason a person understands."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 retry_after: float | None = None) -> None:
        self.url = url
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (429/503 Retry-After), if any
        super().__init__(message)


class BlockedURLError(FetchError):
    """The URL is refused by policy: private network, robots.txt, or a scheme other than http(s)."""


class ResponseTooLarge(FetchError):
    """The body, or the body after decompression, is larger than the configured cap."""


class ParseError(MonitorError):
    """The body is not a feed or page that can be read."""


class StorageError(MonitorError):
    """The database could not be reached or refused a write."""


class DeliveryError(MonitorError):
    """The SMTP server refused or could not be reached; the digest stays pending."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        self.permanent = permanent
        super().__init__(message)


class UsageError(MonitorError):
    """A request that cannot be done as asked: a filter value that is none, a review of nothing.

    The command line answers it with exit status 2 (bad usage), the web view with 400."""


class NotFoundError(UsageError):
    """An id that names no stored record; nothing was changed (the web view answers 404)."""


class ChannelError(DeliveryError):
    """An alert channel did not take a message (Apprise's reason, secrets masked); it is retried with backoff."""
