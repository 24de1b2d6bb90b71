"""Wrap a rendered digest in a MIME message: multipart/alternative, text first, then HTML.

Headers take no article text at all: the subject is built from counts and the date. Config
values (sender, recipients, domain) are still cleaned and bounded, so a bad config line cannot
add a header either.
"""

from __future__ import annotations

import email.policy
import email.utils
import logging
import re
from collections.abc import Sequence
from email.message import EmailMessage

from .clean import header_text
from .records import Digest
from .render import render_html, render_text

logger = logging.getLogger(__name__)

_DOMAIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
_ADDR_SPEC = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
# SMTP's hard limit is 998 octets a line; the default policy folds headers at 78 and picks
# quoted-printable or base64 for bodies with longer lines.
POLICY = email.policy.default


def message_id(digest: Digest, domain: str) -> str:
    """The same Message-ID for every attempt to send one digest, so a retry is recognisable."""
    if not _DOMAIN.match(domain):
        raise ValueError(f"invalid Message-ID domain {domain!r}: letters, digits, dots and hyphens only")
    return f"<digest-{digest.digest_id}-{digest.day.isoformat()}@{domain}>"


def _address(value: str) -> str:
    """One address, re-serialised; anything that parses as more than one is refused, because
    smtplib takes the envelope recipients from these very headers."""
    cleaned = header_text(value, 320)
    parsed = email.utils.getaddresses([cleaned])
    if cleaned != value.strip() or len(parsed) != 1 or not _ADDR_SPEC.match(parsed[0][1]):
        raise ValueError(f"not a single mail address: {cleaned!r}")
    return email.utils.formataddr(parsed[0])


def build_message(digest: Digest, sender: str, recipients: Sequence[str], *, domain: str) -> EmailMessage:
    """The digest as an :class:`EmailMessage` ready for :func:`monitor.digest.send_message`."""
    if not recipients:
        raise ValueError("a digest needs at least one recipient")
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = header_text(digest.subject)
    msg["From"] = _address(sender)
    msg["To"] = ", ".join(_address(r) for r in recipients)
    msg["Date"] = email.utils.format_datetime(digest.now)
    msg["Message-ID"] = message_id(digest, domain)
    # RFC 3834: tells autoresponders (vacation replies) not to answer the digest.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Monitor-Digest"] = f"{digest.digest_id} {digest.day.isoformat()}"
    msg.set_content(render_text(digest), subtype="plain", charset="utf-8")
    msg.add_alternative(render_html(digest), subtype="html", charset="utf-8")
    logger.debug("digest message built digest_id=%s message_id=%s", digest.digest_id, msg["Message-ID"])
    return msg
