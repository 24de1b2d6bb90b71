"""An attachment's file name: the server's Content-Disposition first, then the link itself.

Chinese government sites send the name in every form found in the wild: RFC 6266's ``filename*``
with RFC 5987 encoding (``UTF-8''%E5%B9%BF...``), a percent-encoded plain ``filename``, or raw
UTF-8 / GBK bytes that reach us decoded as Latin-1. The CAC's download links carry the name in
their ``fText`` parameter and end in no extension at all.
"""

from __future__ import annotations

import re
from email.message import Message
from urllib.parse import parse_qs, unquote, urlsplit

_NAME_PARAMETERS = ("ftext", "filename", "name", "file")
_EXTENDED = re.compile(r"filename\*\s*=\s*([A-Za-z0-9_-]*)'[^']*'([^;]+)", re.IGNORECASE)


def attachment_name(url: str, headers: dict[str, str] | None = None, link_text: str = "") -> str:
    """The best file name for the attachment at ``url``; the URL's last segment when nothing better."""
    disposition = (headers or {}).get("content-disposition", "")
    name = name_from_disposition(disposition) if disposition else None
    return name or name_from_link(url) or link_text.strip() or url.rsplit("/", 1)[-1] or url


def name_from_disposition(value: str) -> str | None:
    """The file name of a Content-Disposition value; ``filename*`` wins over ``filename`` (RFC 6266 4.3)."""
    extended = _EXTENDED.search(value)
    if extended:  # RFC 5987: charset'language'percent-encoded bytes
        charset, encoded = extended.group(1) or "utf-8", extended.group(2)
        try:
            name = unquote(encoded.strip('"'), encoding=charset, errors="strict")
        except (LookupError, UnicodeDecodeError):
            name = ""
        if name.strip():
            return name.strip()
    message = Message()
    message["content-disposition"] = value
    raw = message.get_filename()
    if not raw:
        return None
    return _repair(unquote(raw) if "%" in raw else raw).strip().strip('"') or None


def name_from_link(url: str) -> str | None:
    query = parse_qs(urlsplit(url).query)
    lowered = {key.lower(): values for key, values in query.items()}
    for key in _NAME_PARAMETERS:
        if lowered.get(key):
            return _repair(lowered[key][0]).strip() or None
    return None


def _repair(text: str) -> str:
    """Raw UTF-8 or GBK bytes in a header arrive as Latin-1 characters; give them back their script."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text  # already decoded properly
    if raw.isascii():
        return text
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return text


def extension(name: str) -> str:
    """The lower-case extension of a file name without the dot ('' when none)."""
    stem = name.rsplit("/", 1)[-1]
    return stem.rsplit(".", 1)[-1].lower() if "." in stem else ""
