"""Make untrusted article text safe to place in a digest: one line, no control characters, bounded.

This is not HTML escaping (Jinja2's autoescape does that at render time); it removes what no
escaping can make harmless in a mail: CR/LF that would end a header or a list line, other C0/C1
control characters, bidi overrides that reorder what the reader sees, and megabyte-long titles.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

TITLE_LIMIT = 300
SNIPPET_LIMIT = 600
SUMMARY_LIMIT = 600
ERROR_LIMIT = 300
HEADER_LIMIT = 200
URL_LIMIT = 2000
ELLIPSIS = "…"

# Bidi embeddings/overrides/isolates and zero-width joiners: invisible, and able to make a link or
# a name read differently from what it is ("Trojan Source").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))
_SPACES = re.compile(r"\s+")


# The Cc category, all of it: C0, DEL and C1 (a regex: a per-character category lookup cost the web
# view's findings page a sixth of its time).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def _strip_controls(text: str) -> str:
    # Every Cc character (C0, DEL, C1, including CR, LF, TAB) becomes a space, so words that a
    # control character separated stay separated.
    return _CONTROLS.sub(" ", text).translate(_INVISIBLE)


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, ending in "…" when cut, at a space if one is near."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def clean_text(text: str | None, limit: int) -> str:
    """One line of plain text: controls removed, whitespace collapsed, at most ``limit`` chars."""
    if not text:
        return ""
    # Bound the work first: a 100 MB "title" should not be scanned character by character.
    text = text[: limit * 4]
    return truncate(_SPACES.sub(" ", _strip_controls(text)).strip(), limit)


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL without controls or spaces; otherwise None.

    ``javascript:``, ``data:``, relative and schemeless links are dropped, not rewritten: a
    digest reader should never be one click from running something.
    """
    if not url or len(url) > URL_LIMIT:
        return None
    url = url.strip()
    # isprintable() without a space rules out every Cc and Zs character at C speed; only other URLs are
    # looked at character by character.
    if not (url.isprintable() and " " not in url) and any(unicodedata.category(ch) in ("Cc", "Zs") for ch in url):
        return None
    if url.translate(_INVISIBLE) != url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def header_text(value: str, limit: int = HEADER_LIMIT) -> str:
    """A value fit for a mail header: one line, printable, bounded."""
    return clean_text(value, limit)
