"""An HTML page -> :class:`Article`: title, publication date, language and clean main text.

The page is parsed once with lxml; metadata is read from that tree first, then the same tree is
handed to trafilatura (which prunes it in place, so the order matters). BeautifulSoup is used only
when the source gives a CSS ``body_selector`` (lxml has no CSS engine without cssselect).

Text favours precision: trafilatura with ``favor_precision``, no comments, no tables, then our own
cut at a "Related stories" / "相关新闻" heading, because such teaser lists sit at the end of an
article and trafilatura sometimes keeps them. A page whose body is only in JSON-LD
``articleBody`` (or whose HTML body is much shorter than it) gets the JSON-LD text.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

import trafilatura
from bs4 import BeautifulSoup, Tag
from lxml import etree
from lxml import html as lxml_html

from monitor.text.language import detect_language
from monitor.text.metadata import parse_date, read_metadata

logger = logging.getLogger(__name__)

_PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# libxml2 starts a second, sibling <html> after a stray </html> mid-page (gov.cn templates include
# a header ending in </html>), and everything after it becomes invisible; closing tags are optional.
_CLOSE_ROOT = re.compile(r"</(?:html|body)\s*>", re.I)
_PI = re.compile(r"<\?.*?>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# A paragraph that is only one of these headings starts a teaser list: it and the rest are cut.
_TEASER_HEADING = re.compile(
    r"^\W*(related (stories|articles|news|content|coverage|links)|more (stories|news|from|on this)\b.*|"
    r"explore more|read more|you (may|might) also like|recommended( for you)?|most (read|popular)|"
    r"trending|top stories|latest news|相关(新闻|阅读|报道|文章|链接|推荐)|延伸阅读|推荐阅读|热点推荐|"
    r"更多(新闻|精彩|内容)?|猜你喜欢|热门(文章|推荐|新闻)|精彩(视频)?推荐)\W*$", re.I)
# Single lines that are never article text (share bars, editor credits, copyright).
_NOISE_LINE = re.compile(
    r"^\W*(share( this( article| story)?)?( on)?\W*(facebook|twitter|email|linkedin|whatsapp)?.*|"
    r"(责任编辑|责编|编辑)[:：].{0,20}|(分享到|分享)[:：]?.{0,30}|(copyright|©|\(c\)).{0,120}|"
    r"advertisement|广告|continue reading the main story|.{0,40}未经授权.{0,10}不得转载.{0,30})\W*$", re.I)
_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br",
               "section", "article", "dd", "dt", "figcaption")


@dataclass(frozen=True, slots=True)
class Article:
    """The readable part of one page. ``text`` holds paragraphs separated by a blank line."""

    title: str
    published: dt.datetime | None
    language: str | None
    text: str
    from_jsonld: bool = False


def _paragraphs(lines: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if len(line) <= 40 and _TEASER_HEADING.match(line) and kept:
            break
        if len(line) <= 140 and _NOISE_LINE.match(line):
            continue
        kept.append(line)
    return kept


def make_soup(html: str) -> BeautifulSoup:
    """BeautifulSoup over lxml, minus processing instructions (an ``<?xml?>`` prologue makes bs4 warn,
    and warnings are errors in our tests) and minus text with no markup (bs4 warns it "looks like a URL")."""
    markup = _PI.sub("", html)
    return BeautifulSoup(markup if "<" in markup else "", "lxml")


def _drop_title(text: str, title: str) -> str:
    """The headline is ``Article.title``; a copy of it among the first paragraphs is not body text."""
    if not title:
        return text
    paragraphs = text.split("\n\n")
    head = [p for p in paragraphs[:3] if p != title and not (len(p) < 200 and title.startswith(p) and len(p) > 8)]
    return "\n\n".join(head + paragraphs[3:])


def _select(soup: BeautifulSoup, selector: str) -> Tag | None:
    try:
        return soup.select_one(selector)
    except Exception as exc:  # noqa: BLE001 - soupsieve raises its own SelectorSyntaxError
        logger.warning("bad CSS selector %r: %s", selector, exc)
        return None


def _selector_text(soup: BeautifulSoup, selector: str) -> str:
    element = _select(soup, selector)
    if element is None:
        logger.debug("body_selector %r matched nothing", selector)
        return ""
    for junk in element.find_all(("script", "style", "noscript", "template")):
        junk.decompose()
    for block in element.find_all(_BLOCK_TAGS):
        block.insert_before("\n")
        block.append("\n")
    return "\n\n".join(_paragraphs(element.get_text().split("\n")))


def _trafilatura_text(tree: lxml_html.HtmlElement, url: str) -> str:
    document = trafilatura.bare_extraction(
        tree, url=url or None, favor_precision=True, include_comments=False, include_tables=False,
        with_metadata=False, fast=True)
    text = getattr(document, "text", None) or ""
    return "\n\n".join(_paragraphs(text.split("\n")))


def _dense_paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    """Paragraphs of the element holding the most ``<p>`` text (link text not counted).

    A cheap second opinion, read before trafilatura prunes the tree: trafilatura returns nothing
    for some short official notices (gov.cn) that sit in a plain ``<div>`` of ``<p>``.
    """
    totals: dict[lxml_html.HtmlElement, int] = {}
    texts: dict[lxml_html.HtmlElement, list[str]] = {}
    for para in tree.iter("p"):
        parent = para.getparent()
        if parent is None:
            continue
        text = " ".join(para.text_content().split())
        linked = sum(len(a.text_content()) for a in para.iter("a"))
        if not text or linked > len(text) / 2:
            continue
        totals[parent] = totals.get(parent, 0) + len(text)
        texts.setdefault(parent, []).append(text)
    if not totals:
        return []
    best = max(totals, key=lambda element: totals[element])
    return texts[best]


def _parse(html: str) -> lxml_html.HtmlElement | None:
    html = _CLOSE_ROOT.sub("", _CONTROL.sub("", _XML_DECL.sub("", html, count=1)))
    if not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        logger.debug("unparseable page: %s", exc)
        return None


def extract_article(html: str, url: str, *, title_selector: str | None = None,
                    date_selector: str | None = None, body_selector: str | None = None) -> Article:
    """Title, date, language and main text of ``html``; never raises on odd markup."""
    tree = _parse(html)
    if tree is None:
        return Article(title="", published=None, language=None, text="", from_jsonld=False)
    meta = read_metadata(tree, url)
    title, published = meta.title, meta.published
    # BeautifulSoup only when the source configured selectors (a second parse costs ~as much as the first)
    soup = make_soup(html) if (title_selector or date_selector or body_selector) else None
    if soup is not None and title_selector:
        element = _select(soup, title_selector)
        title = " ".join(element.get_text(" ").split()) if element is not None else title
    if soup is not None and date_selector:
        element = _select(soup, date_selector)
        if element is not None:
            value = element.get("datetime") or element.get("content") or element.get_text(" ")
            published = parse_date(str(value)) or published
    if soup is not None and body_selector:
        text = _selector_text(soup, body_selector)
    else:
        dense = "\n\n".join(_paragraphs(_dense_paragraphs(tree)))
        try:
            text = _trafilatura_text(tree, url)
        except Exception:  # noqa: BLE001 - trafilatura has no error contract; a page must not stop a run
            logger.warning("trafilatura failed on %s", url, exc_info=True)
            text = ""
        if len(text) < len(dense) // 2:
            logger.debug("trafilatura kept %d chars, densest block %d: using the block", len(text), len(dense))
            text = dense
    from_jsonld = False
    jsonld = meta.jsonld_body
    if jsonld and len(text) < max(200, len(jsonld) // 2):
        text = "\n\n".join(_paragraphs(jsonld.split("\n")))
        from_jsonld = bool(text)
    text = _drop_title(text, title)
    language = detect_language(text or title, hint=meta.lang_hint)
    return Article(title=title, published=published, language=language, text=text, from_jsonld=from_jsonld)
