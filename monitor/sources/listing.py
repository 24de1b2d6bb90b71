"""Article links on a listing page (a regulator's notice list, a news section front).

``find_article_links`` returns absolute URLs in page order, without fragments, each once.

* ``selector``: a CSS selector for the ``<a>`` elements, or for containers whose ``<a>`` descendants
  are the articles (``ul.news-list``); every link it reaches counts.
* ``pattern``: a regular expression the absolute URL must match (``re.search``).
* neither: heuristics, in this order. A link is dropped when it is not http(s), leaves the site
  (the listing's host and its subdomains, compared on the last two labels, three for ``com.cn``-like
  suffixes), points at the listing itself, or has a path that names a non-article page (tag,
  category, author, search, login, about, index pages, files such as .pdf/.jpg). It is kept when
  its path looks like an article:

  1. a date in the path: ``/2024/01/17/``, ``/2024-01/17/``, ``/20240117/``, ``t20240117_123.htm``;
  2. a long slug: a last segment of at least four hyphen/underscore-separated words
     (``/news/cac-approves-fourth-batch-of-models``);
  3. ``.htm``/``.html``/``.shtml``/``.php`` file (not ``index``/``default``) under at least one section folder;
  4. a numeric id of 5+ digits after a section folder (``/news/1234567``).

With both ``selector`` and ``pattern``, a link must satisfy both.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from monitor.errors import ConfigError
from monitor.text.extract import make_soup

logger = logging.getLogger(__name__)

_DATED = re.compile(r"/(19|20)\d{2}[/-]\d{1,2}[/-]\d{1,2}(/|[_.-]|$)|/(19|20)\d{2}-?\d{2}/\d{1,2}/|"
                    r"(/|[a-z_-])(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])([/_.-]|\d{0,8}([/_.]|$))")
_PAGE_FILE = re.compile(r"\.(s?html?|php|aspx?|jsp)$")
_NOT_ARTICLE = re.compile(
    r"/(tags?|topics?|category|categories|author|authors|search|login|logout|signin|signup|register|"
    r"subscribe|about|about-us|contact|contact-us|privacy|terms|help|faq|feed|rss|sitemap|video|videos|"
    r"gallery|live)(/|$|\.)|/(index|default|home|main)(_\d+)?\.\w+$|\.(pdf|jpe?g|png|gif|zip|docx?|xlsx?|mp[34])$")
_SECOND_LEVEL = {"com", "net", "org", "gov", "edu", "ac", "co"}


def _site(host: str) -> str:
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def looks_like_article(url: str, base_url: str) -> bool:
    """The heuristic of :func:`find_article_links` for one absolute URL (see the module docstring)."""
    parts, base = urlsplit(url), urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not base.hostname:
        return False
    if _site(parts.hostname) != _site(base.hostname):
        return False
    path = parts.path.lower()
    if path.rstrip("/") == base.path.lower().rstrip("/") or _NOT_ARTICLE.search(path):
        return False
    if _DATED.search(path):
        return True
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return False
    last = _PAGE_FILE.sub("", segments[-1])
    if len([word for word in re.split(r"[-_]", last) if word]) >= 4:
        return True
    if len(segments) >= 2 and _PAGE_FILE.search(segments[-1]):
        return True
    return len(segments) >= 2 and re.fullmatch(r"\d{5,}", last) is not None


def _anchors(soup: BeautifulSoup, selector: str | None) -> list[Tag]:
    if not selector:
        return soup.find_all("a", href=True)
    found: list[Tag] = []
    for element in soup.select(selector):
        if element.name == "a" and element.get("href"):
            found.append(element)
        else:
            found.extend(element.find_all("a", href=True))
    return found


def find_article_links(html: str, base_url: str, *, selector: str | None = None,
                       pattern: str | None = None) -> list[str]:
    """Absolute article URLs of a listing page, in page order, deduplicated, fragments removed."""
    soup = make_soup(html)
    base_tag = soup.find("base", href=True)
    base = urljoin(base_url, str(base_tag["href"])) if base_tag is not None else base_url
    try:
        regex = re.compile(pattern) if pattern else None
    except re.error as exc:
        raise ConfigError(f"link pattern {pattern!r} is not a regular expression: {exc}") from exc
    links: list[str] = []
    seen: set[str] = set()
    for anchor in _anchors(soup, selector):
        href = str(anchor.get("href", "")).strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        try:
            url = urldefrag(urljoin(base, href)).url
        except ValueError:  # malformed IPv6 literal and similar
            continue
        if url in seen or not url.startswith(("http://", "https://")):
            continue
        if regex is not None and not regex.search(url):
            continue
        if regex is None and selector is None and not looks_like_article(url, base_url):
            continue
        seen.add(url)
        links.append(url)
    logger.debug("found %d article links", len(links), extra={"url": base_url})
    return links
