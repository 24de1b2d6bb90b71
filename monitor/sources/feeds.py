"""Feed bytes -> Documents, with feedparser at the boundary.

feedparser gets the raw bytes and the response headers, so it can pick the charset from the
Content-Type header, the XML declaration and the BOM in that order; it never raises, and sets
``bozo`` instead. A bozo feed that still has entries is used and its problem returned as a
warning; a body that is no feed at all (HTML, an empty 200) is a :class:`ParseError`.

HTML sanitizing and relative-URI resolution are off: we reduce content to plain text
(monitor.text.markup) and resolve links ourselves, and sanitizing is a third of feedparser's CPU
cost per entry (benchmarks/README.md, "Feed farm").

Each value is read as the content type feedparser reports for it: a plain-text title such as
"Why x<y matters" is text, not markup (Atom says so with type="text"; for RSS, feedparser guesses
from the value). A photo caption (``<media:description>``) is kept apart from the entry's own
description (monitor.sources.feedmedia) and follows it in the text. A language the feed declares is kept
unless the entry's text clearly is another language (monitor.text.language).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from typing import Any, Mapping

import feedparser

from monitor.errors import ParseError
from monitor.fetch.urls import canonical_url
from monitor.records import Document
from monitor.sources import feedmedia, feedsax
from monitor.text import detect_language
from monitor.text.charset import xml_charset_override
from monitor.text.language import language_tag
from monitor.text.markup import html_to_text, tidy_text

logger = logging.getLogger(__name__)
feedsax.install()  # expat with buffered character data: same events, a fifth less parse time
feedmedia.install()  # photo captions under their own key, not as the entry's summary or content

_PLAIN_TYPES = frozenset(("text/plain", "text"))
MAX_TITLE = 1000
MAX_TEXT = 200_000
_LANGUAGE_SAMPLE = 1000  # detect_language reads the opening 800 characters; no need to copy more


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    documents: tuple[Document, ...]
    warning: str | None  # the bozo reason when the feed was usable anyway


def value_text(value: str, content_type: str | None) -> str:
    """Plain text of a feed value of the content type feedparser gives it: plain text kept as written
    (tag-like text included), anything else read as HTML."""
    if content_type in _PLAIN_TYPES:
        return tidy_text(value)
    return html_to_text(value)


def _detail_text(entry: Any, key: str) -> str:
    value = entry.get(key) or ""
    detail = entry.get(f"{key}_detail") or {}
    # feedparser overwrites summary_detail with a later, deeper description-like element's (not its value):
    # a detail that holds another value says nothing about this one, which is then read as HTML
    content_type = detail.get("type") if detail.get("value") == value else None
    return value_text(value, content_type)


def parse_feed(url: str, body: bytes, headers: Mapping[str, str], *, source: str, fetched_at: dt.datetime,
               language_hint: str | None = None) -> ParsedFeed:
    """Parse one feed body into documents; raises ParseError when the body is not a feed."""
    if not body.strip():
        raise ParseError("empty response body: the server sent no feed")
    response_headers = dict(headers)
    charset = xml_charset_override(body, headers.get("content-type"))
    if charset:
        # application/xml makes feedparser take the header's charset over the XML declaration (RFC 7303)
        response_headers["content-type"] = f"application/xml; charset={charset}"
    try:
        parsed = feedparser.parse(body, response_headers=response_headers, sanitize_html=False, resolve_relative_uris=False)
    except (KeyError, AttributeError, IndexError, TypeError, ValueError) as exc:
        # feedparser's loose parser raises on some broken markup (an unclosed <link> inside an item
        # ahead of the XML declaration) despite its bozo contract; for us that is a body that is no feed.
        raise ParseError(f"not a feed: the feed parser failed ({type(exc).__name__}: {str(exc)[:200]})") from exc
    entries = parsed.get("entries") or []
    if not entries and not parsed.get("version"):
        raise ParseError(_not_a_feed_reason(parsed, headers))
    feed = parsed.get("feed", {})
    configured = language_tag(language_hint)  # the operator's word first, then the publisher's
    feed_language = language_tag(feed.get("language"))
    documents = []
    for entry in entries:
        declared = configured or _declared_language(entry) or feed_language
        document = _document(entry, url, source, fetched_at, declared)
        if document is not None:
            documents.append(document)
    warning = None
    if parsed.get("bozo"):
        warning = f"feed is not well-formed, used anyway: {_bozo_message(parsed)}"
    title = _detail_text(feed, "title")[:MAX_TITLE]
    return ParsedFeed(title=title, documents=tuple(documents), warning=warning)


def _document(entry: Any, feed_url: str, source: str, fetched_at: dt.datetime, language: str | None) -> Document | None:
    link = entry.get("link") or ""
    guid = (entry.get("id") or "").strip()
    if not link and guid.startswith(("http://", "https://")):
        link = guid
    title = _detail_text(entry, "title")[:MAX_TITLE]
    own, summary = _own_text(entry)
    text = _with_captions(own, entry.get("media_descriptions") or ())[:MAX_TEXT]
    if not (title or text or link):
        return None
    try:
        url = canonical_url(link, base=feed_url) if link else ""
    except ValueError:
        url = ""
    if not url:
        # No usable link: a stable synthetic URL under the feed keeps the (source, guid) and URL keys unique.
        digest = hashlib.sha1((guid or title + text).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        url = f"{canonical_url(feed_url)}#entry-{digest}"
    published, from_source = _published(entry, fetched_at)
    return Document(source=source, url=url, guid=guid or url, title=title, published=published, text=text,
                    summary="" if summary == own else summary[:MAX_TEXT],
                    language=detect_language(f"{title}\n{text[:_LANGUAGE_SAMPLE]}", declared=language),
                    published_from_source=from_source, kind="entry")


def _own_text(entry: Any) -> tuple[str, str]:
    """The entry's own text (the longest of its contents and its summary) and its summary, as text."""
    values = entry.get("content") or []
    contents = [value_text(c.get("value") or "", c.get("type")) for c in values]
    raw_summary = entry.get("summary") or ""
    # feedparser copies the first content's value into an entry that has no summary, without its type: reuse its text
    summary = next((text for c, text in zip(values, contents) if raw_summary and c.get("value") == raw_summary), None)
    if summary is None:
        summary = _detail_text(entry, "summary")
    own = max(contents, key=len) if contents else ""
    return (summary if len(summary) > len(own) else own), summary


def _with_captions(own: str, captions: Any) -> str:
    """The entry's own text first (the rules read it), then each photo caption it does not already hold."""
    parts = [own] if own else []
    for caption in captions:
        text = value_text(caption.get("value") or "", caption.get("type"))
        if text and not any(text in part for part in parts):
            parts.append(text)
    return "\n\n".join(parts)


def _published(entry: Any, fetched_at: dt.datetime) -> tuple[dt.datetime, bool]:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # dict.get, not entry.get: FeedParserDict maps a missing updated_parsed to published_parsed
        # with a DeprecationWarning (an error under -W error) whenever published_parsed is None.
        value = dict.get(entry, key)
        if value:
            try:
                stamp = dt.datetime.fromtimestamp(calendar.timegm(value), tz=dt.timezone.utc)
            except (OverflowError, ValueError, OSError):
                continue
            if stamp.year >= 1990:
                return stamp, True
    return fetched_at, False


def _declared_language(entry: Any) -> str | None:
    """The language feedparser records with the entry's values: its xml:lang, or the RSS channel's
    <language> read before it."""
    for key in ("summary_detail", "title_detail"):
        detail = entry.get(key)
        if detail and detail.get("language"):
            return language_tag(detail["language"])
    return None


def _bozo_message(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    text = str(exc) if exc is not None else "unknown problem"
    return f"{type(exc).__name__}: {text}"[:300] if exc is not None else text


def _not_a_feed_reason(parsed: Any, headers: Mapping[str, str]) -> str:
    content_type = headers.get("content-type", "")
    if "html" in content_type.lower() or parsed.get("feed", {}).get("html"):
        return f"not a feed: the server sent an HTML page (Content-Type {content_type or 'missing'})"
    return f"not a feed: no RSS or Atom found ({_bozo_message(parsed)})"
