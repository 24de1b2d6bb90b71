"""Title, publication date, language hint and JSON-LD body of a parsed page.

Reads the lxml tree that :mod:`monitor.text.extract` parsed once, before trafilatura prunes it.
Date evidence, strongest first: ``<meta>`` publication tags, JSON-LD ``datePublished``,
``<time datetime>`` (inside ``<article>`` first), then a date in the URL.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import json
import logging
import re
from dataclasses import dataclass
from typing import Any, Iterator

from dateutil import parser as dateparser
from lxml import html as lxml_html

logger = logging.getLogger(__name__)

_DATE_META = (
    "article:published_time", "og:published_time", "article:published", "datepublished",
    "publishdate", "publish-date", "publish_date", "pubdate", "publication_date", "dc.date.issued",
    "dc.date.created", "dc.date", "date", "parsely-pub-date", "sailthru.date", "firstpublishedtime",
    "og:pubdate", "pdate", "displaydate", "article:create_at",
)
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "report", "webpage", "liveblogposting", "socialmediaposting")
# /2024/01/17/, /2024-01/17/, /2024-01-17/, /20240117/, t20240117_123.htm, /202401/17/
_URL_DATES = (
    re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|[_.-]|$)"),
    re.compile(r"/(20\d{2})(\d{2})/(\d{2})/"),
    re.compile(r"(?:/|[a-z_-])(20\d{2})(\d{2})(\d{2})(?:[/_.-]|\d{0,6}(?:[/_.]|$))"),
)
_LOOSE_DATE = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[-T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?\s*$")
# <!-- ... --> or //<![CDATA[ ... //]]> around a JSON-LD script's JSON
_JSON_WRAPPER = re.compile(r"^\s*(?:<!--|(?://\s*)?<!\[CDATA\[)|(?:-->|(?://\s*)?\]\]>)\s*$")
_JSONLD_NODES = 5_000  # objects looked at per script: a page's JSON-LD is small, a hostile one need not be
_HTML_BREAK = re.compile(r"<\s*(?:br|/?p|/?div|/?li|/?h[1-6]|/?blockquote)\b[^>]*>", re.I)
_HTML_TAG = re.compile(r"<[^>]*>")
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·]\s+|--|——|_|\s*[|｜]\s*")


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str
    published: dt.datetime | None
    lang_hint: str | None
    jsonld_body: str


def parse_date(value: str) -> dt.datetime | None:
    """A datetime from a metadata value; aware when the value carries an offset. None when unreadable."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    try:
        found = dateparser.isoparse(value)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        match = _LOOSE_DATE.match(value)
        if match:
            y, mo, d, h, mi, s, tz = match.groups()
            iso = f"{y}-{int(mo):02d}-{int(d):02d}T{int(h or 0):02d}:{mi or '00'}:{s or '00'}{tz or ''}"
            try:
                found = dateparser.isoparse(iso)
            except (ValueError, OverflowError):
                found = None
    if found is None and re.fullmatch(r"(19|20)\d{6}", value):
        found = _safe_datetime(int(value[:4]), int(value[4:6]), int(value[6:]))
    if found is None and re.search(r"[A-Za-z]{3}", value) and re.search(r"\d{4}", value):
        try:
            found = dateparser.parse(value)
        except (ValueError, OverflowError, dateparser.ParserError):
            found = None
    if found is None or not 1990 <= found.year <= 2100:
        return None
    return found


def _safe_datetime(year: int, month: int, day: int) -> dt.datetime | None:
    try:
        return dt.datetime(year, month, day)
    except ValueError:
        return None


def date_from_url(url: str) -> dt.datetime | None:
    path = re.sub(r"^[a-z]+://[^/]+", "", url.lower())
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            found = _safe_datetime(*(int(group) for group in match.groups()))
            if found is not None and 1990 <= found.year <= 2100:
                return found
    return None


def _jsonld_objects(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    """Article-like objects of the page's JSON-LD, wherever they nest (``@graph``, ``mainEntity``,
    ``hasPart``...); an object with an ``articleBody`` counts whatever its ``@type`` (schema.org has
    dozens of article subtypes: OpinionNewsArticle, TechArticle, ...)."""
    for script in tree.iterfind(".//script"):
        if "ld+json" not in (script.get("type") or "").lower() or not script.text:
            continue
        try:
            data = json.loads(_JSON_WRAPPER.sub("", script.text), strict=False)
        except (ValueError, RecursionError):  # deep nesting exhausts the decoder's stack
            continue
        stack, visited = [data], 0
        while stack and visited < _JSONLD_NODES:
            item = stack.pop()
            visited += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                stack.extend(reversed([v for v in item.values() if isinstance(v, (dict, list))]))
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if "articleBody" in item or any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                    yield item


def _body_text(value: Any) -> str:
    """``articleBody`` as plain text, paragraphs on their own lines; some sites put HTML in it."""
    text = _text(value)
    if "<" not in text:
        return text
    text = _HTML_BREAK.sub("\n", text)
    return html_lib.unescape(_HTML_TAG.sub("", text)).strip()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def clean_title(title: str, site_name: str, *, from_title_tag: bool = False) -> str:
    """Drop a " - Site Name" / "_人民网" suffix where it is obviously the site's (or section's) name.

    og:title and <h1> are only cut at the declared og:site_name; a <title> also loses short tail
    segments ("Story - Business - Example News"), because that is how sites build <title>.
    """
    title = " ".join(title.split())
    site = " ".join(site_name.split())
    if site and title.lower().endswith(site.lower()) and len(title) > len(site) + 3:
        stripped = title[: -len(site)]
        if re.search(r"[\s|\-–—·_｜:]$", stripped):
            return re.sub(r"[\s|\-–—·_｜:]+$", "", stripped)
    if from_title_tag:
        parts = _TITLE_SEPARATORS.split(title)
        if len(parts) > 1 and len(parts[0]) >= 8 and all(len(p) <= 24 for p in parts[1:]):
            return parts[0].strip()
    return title


def read_metadata(tree: lxml_html.HtmlElement, url: str) -> PageMeta:
    metas: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in metas:
            metas[key] = content.strip()
    articles = list(_jsonld_objects(tree))
    jsonld_body = max((_body_text(a.get("articleBody")) for a in articles), key=len, default="")
    site_name = metas.get("og:site_name", "")

    title = metas.get("og:title", "") or metas.get("twitter:title", "")
    if not title:
        title = next((_text(a.get("headline")) for a in articles if _text(a.get("headline"))), "")
    if not title:
        h1 = tree.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else ""
    from_title_tag = False
    if not title:
        tag = tree.find(".//title")
        title, from_title_tag = (tag.text_content() if tag is not None else ""), True

    published = None
    candidates = [metas[k] for k in _DATE_META if k in metas]
    candidates += [_text(a.get("datePublished")) for a in articles]
    for time in tree.xpath("//article//time[@datetime] | //time[@pubdate] | //time[@datetime]")[:3]:
        candidates.append(time.get("datetime") or "")
    for value in candidates:
        published = parse_date(value)
        if published is not None:
            break
    if published is None:
        published = date_from_url(url)

    root_lang = tree.getroottree().getroot().get("lang") or metas.get("og:locale") or ""
    lang_hint = re.split(r"[-_]", root_lang.strip().lower())[0] or None
    return PageMeta(title=clean_title(title, site_name, from_title_tag=from_title_tag), published=published, lang_hint=lang_hint,
                    jsonld_body=jsonld_body)
