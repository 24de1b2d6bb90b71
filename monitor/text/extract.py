"""An HTML page -> :class:`Article`: title, publication date, language and clean main text.

The page is parsed once with lxml; metadata is read from that tree first, then the same tree is
handed to trafilatura (which prunes it in place, so the order matters). BeautifulSoup is used only
when the source gives a CSS ``body_selector`` (lxml has no CSS engine without cssselect); the
element it selects is read by :func:`monitor.text.markup.html_to_text`, as feed values are.

Text: trafilatura in its balanced mode, tables kept, no comments (``favor_precision`` dropped whole
bodies written as ``<br>``-separated text); then our own line filters: lines that are wholly a
link's text (menus, teaser headlines), share bars and credits, a cut at a "Related stories" /
"相关新闻" heading, and a byline bar of short list items opening the text. Second opinions from
:mod:`monitor.text.body` replace trafilatura's text where it clearly missed the body: the densest
paragraph group when it holds trafilatura's text and is much longer (an article split around ads);
the loose ``<br>``-separated text of a container when trafilatura returned a menu around it; and,
where the extracted body is thin beside them or only a part of them, JSON-LD ``articleBody`` and
numbered ``data-testid="paragraph-N"`` blocks.
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

from monitor.text import body
from monitor.text.language import detect_language
from monitor.text.markup import html_to_text
from monitor.text.metadata import parse_date, read_metadata

logger = logging.getLogger(__name__)

_PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# libxml2 starts a second, sibling <html> after a stray </html> mid-page (gov.cn templates include
# a header ending in </html>), and everything after it becomes invisible; closing tags are optional.
_CLOSE_ROOT = re.compile(r"</(?:html|body)\s*>", re.I)
_WORD = re.compile(r"\w+")
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
    r"advertisement|广告|扫一扫.{0,20}|continue reading the main story|.{0,40}未经授权.{0,10}不得转载.{0,30}|"
    r"评论|关注|收藏|点赞|转发|打印(本页)?|纠错|举报|关闭(窗口)?|"
    r"(当前位置|您(现在)?的位置|所在位置)[:：].*|(发布时间|发布日期|来源|浏览次数|点击数|阅读次数)[:：].*|"
    r"\d* ?comments?|tell us what you think.*|an error has occurred.*|write to .{1,60}@\S+|https?://\S+|"
    r"\[\w+\b[^\]]*\].*\[/\w+\])\W*$", re.I)
# A second opinion (densest paragraphs, JSON-LD, numbered blocks) that holds the extracted text and is this
# much longer replaces it.
_LONGER = 1.5
_LOOSE_BODY = 200
_BYLINE_ITEM = 60
_PARAGRAPH = 100


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


def _is_headline(paragraph: str, title: str) -> bool:
    """``paragraph`` is a copy of the headline: the same, its start, or the same words give or take
    a section or site name ("Opinion | ...", "Design Week 2018 | ...") and typographic quotes."""
    if paragraph == title or (8 < len(paragraph) < 200 and title.startswith(paragraph)):
        return True
    # Word sets say little where words are not spaced (a Chinese dateline line holds the headline too)
    if len(paragraph) >= 200 or paragraph.endswith(".") or body.UNSPACED.search(paragraph):
        return False
    words, heading = set(_WORD.findall(paragraph.lower())), set(_WORD.findall(title.lower()))
    if len(words) < 3 or len(heading) < 3:
        return False
    shared = len(words & heading)
    return shared >= 0.8 * len(heading) and shared >= 0.6 * len(words)


def _drop_title(text: str, title: str) -> str:
    """The headline is ``Article.title``; a copy of it among the first paragraphs is not body text."""
    if not title:
        return text
    paragraphs = text.split("\n\n")
    head = [p for p in paragraphs[:3] if not _is_headline(p, title)]
    return "\n\n".join(head + paragraphs[3:])


def _drop_byline(text: str) -> str:
    """Short list items opening the text are the page's byline bar (date, section, comment count),
    not the article's own list, when a real paragraph follows them."""
    paragraphs = text.split("\n\n")
    lead = 0
    while lead < len(paragraphs) and paragraphs[lead].startswith("- ") and len(paragraphs[lead]) <= _BYLINE_ITEM:
        lead += 1
    if lead and lead < len(paragraphs) and len(paragraphs[lead]) > _PARAGRAPH:
        return "\n\n".join(paragraphs[lead:])
    return text


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
    return "\n\n".join(_paragraphs(html_to_text(str(element)).split("\n")))


def _trafilatura_text(tree: lxml_html.HtmlElement, url: str, links: set[str]) -> str:
    """trafilatura's main text, without lines that are wholly the text of a link (menus, teaser headlines)."""
    document = trafilatura.bare_extraction(
        tree, url=url or None, include_comments=False, include_tables=True, with_metadata=False, fast=True)
    lines = (getattr(document, "text", None) or "").split("\n")
    kept = _paragraphs([line for line in lines if " ".join(line.split()) not in links])
    return "\n\n".join(kept)


def _main_text(tree: lxml_html.HtmlElement, url: str, html: str) -> tuple[str, str]:
    """trafilatura's text, or the densest paragraph group where that holds it and is much longer;
    and the text of numbered paragraph blocks, for the caller's fallbacks."""
    dense = "\n\n".join(_paragraphs(body.dense_paragraphs(tree)))
    # a substring test on the page is ~100x cheaper than looking for the attributes in the tree
    numbered = "\n\n".join(_paragraphs(body.numbered_blocks(tree))) if "aragraph" in html else ""
    links = body.link_texts(tree)
    loose = body.loose_text(tree)  # read now: trafilatura prunes the tree
    body.drop_empty_elements(tree)
    body.unwrap_layout_tables(tree)
    try:
        text = _trafilatura_text(tree, url, links)
    except Exception:  # noqa: BLE001 - trafilatura has no error contract; a page must not stop a run
        logger.warning("trafilatura failed on %s", url, exc_info=True)
        text = ""
    if len(dense) > _LONGER * len(text) and body.covers(dense, text):
        logger.debug("trafilatura kept %d chars, densest paragraphs %d: using those", len(text), len(dense))
        text = dense
    elif body.menu_like(lines := text.split("\n\n")):
        # the loose text replaces a menu when it holds the one real paragraph trafilatura found in it
        loose_body = "\n\n".join(_paragraphs(loose))
        if len(loose_body) >= _LOOSE_BODY and body.covers(loose_body, max(lines, key=len), 0.6):
            logger.debug("trafilatura kept a menu; using %d chars of loose text", len(loose_body))
            text = loose_body
    return text, numbered


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
        fallbacks = [meta.jsonld_body]
    else:
        text, numbered = _main_text(tree, url, html)
        fallbacks = [meta.jsonld_body, numbered]
    for candidate in fallbacks:
        # structured data wins where the extracted body is thin beside it, or is a part of it (a
        # standfirst above a subscription box)
        if candidate and (len(text) < max(200, len(candidate) // 2)
                          or (len(candidate) > _LONGER * len(text) and body.covers(candidate, text, 0.3))):
            text = candidate
            break
    # trafilatura itself falls back on JSON-LD for a page with no body in its markup
    jsonld = meta.jsonld_body
    # (and joins its paragraphs): the same words are taken from JSON-LD here, paragraphs kept
    from_jsonld = bool(text and jsonld) and body.covers_each_other(jsonld, text, 0.9)
    if from_jsonld:
        text = "\n\n".join(_paragraphs(jsonld.split("\n")))
    text = _drop_byline(_drop_title(text, title))
    language = detect_language(text or title, hint=meta.lang_hint)
    return Article(title=title, published=published, language=language, text=text, from_jsonld=from_jsonld)
