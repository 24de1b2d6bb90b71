"""Second opinions on a page's body, read from the parsed tree before trafilatura prunes it, and
two repairs of the tree before trafilatura reads it.

trafilatura picks one container; these catch what that misses:

- :func:`dense_paragraphs`: the ``<p>`` text of the busiest group of sibling containers. Containers
  are grouped by tag and class, so an article split into several ``div.article__body`` blocks
  around ads counts as one (trafilatura keeps only one of them), and a short notice in a plain
  ``<div>`` of ``<p>`` (gov.cn) is found where trafilatura returns nothing.
- :func:`numbered_blocks`: paragraphs a site keeps in repeated ``data-testid="paragraph-N"``-style
  blocks, which some pages hold outside any ``<p>`` or article container.
- :func:`loose_text`: text written straight into a container between ``<br>`` tags, for when
  trafilatura's result is a menu (:func:`menu_like`) because the article has no ``<p>`` at all.
- :func:`unwrap_layout_tables`: tables used for page layout become plain boxes before trafilatura
  reads the page, so their rows do not come out as one line of menu and article run together.
- :func:`drop_empty_elements`: removes empty elements before trafilatura reads the page (speed).
- :func:`link_texts`: the text of every link, so that lines of the result that are nothing but a
  link (menus, teaser headlines) can be dropped.
- :func:`covers`: whether one text holds (nearly) all of another, on 4-token shingles as
  article-extraction benchmarks score (a kana or Han character is a token); a second opinion
  replaces trafilatura's text only when it holds that text, so comment threads and link lists never
  win on length alone.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree
from lxml import html as lxml_html

# Words, and each kana or Han character on its own: Chinese and Japanese do not space their words,
# and a whole clause as one token makes 4-token shingles far too coarse.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W\u3040-\u30ff\u3400-\u9fff]+")
# data-testid="paragraph-3", data-test-id="paragraph_3", data-component="paragraph-3"
_NUMBERED = re.compile(r"^(?:article-?)?(?:body-?)?paragraph[-_]?\d+$", re.I)
_NUMBERED_ATTRIBUTES = ("data-testid", "data-test-id", "data-component")
# one XPath pass in C, then the few candidates in Python
_NUMBERED_CANDIDATES = etree.XPath("//*[" + " or ".join(f"contains(@{name}, 'aragraph')"
                                                        for name in _NUMBERED_ATTRIBUTES) + "]")
# elements with no child and no text whose absence changes nothing (a lone <br> or <img> does)
_EMPTY = etree.XPath("//body//*[not(node())][not(self::br or self::img or self::hr or self::td or self::th "
                     "or self::input or self::wbr or self::source or self::embed or self::area)]")
# containers with a <br> child: loose text is written line by line
_LOOSE_CANDIDATES = etree.XPath("//div[br] | //td[br] | //section[br] | //article[br] | //main[br]")
# children whose text belongs to the run around them (links are left out: tag clouds are links)
_INLINE = frozenset(("span", "b", "strong", "i", "em", "font", "u", "sup", "sub", "abbr", "code"))
# shortest run kept, in characters: a Chinese or Japanese clause says in 5 what English says in 80
_LOOSE_RUN = 80
_LAYOUT_CELL = 500
_LOOSE_RUN_UNSPACED = 5
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")  # kana, Han: scripts that do not space their words


def _text(element: lxml_html.HtmlElement) -> str:
    return " ".join("".join(element.itertext()).split())


def dense_paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    """The ``<p>`` texts (mostly not link text) of the tag-and-class group of parents holding the most."""
    totals: dict[object, int] = {}
    texts: dict[object, list[str]] = {}
    for para in tree.iter("p"):
        parent = para.getparent()
        if parent is None:
            continue
        text = _text(para)
        if not text:
            continue
        linked = sum(len(_text(a)) for a in para.iter("a"))
        if linked > len(text) / 2:
            continue
        css = parent.get("class")
        key: object = (parent.tag, css) if css else parent
        totals[key] = totals.get(key, 0) + len(text)
        texts.setdefault(key, []).append(text)
    if not totals:
        return []
    return texts[max(totals, key=totals.__getitem__)]


def numbered_blocks(tree: lxml_html.HtmlElement) -> list[str]:
    """Texts of ``[data-testid=paragraph-N]``-style elements, in page order."""
    return [text for element in _NUMBERED_CANDIDATES(tree)
            if any(_NUMBERED.match(element.get(name) or "") for name in _NUMBERED_ATTRIBUTES)
            and (text := _text(element))]


def loose_text(tree: lxml_html.HtmlElement) -> list[str]:
    """Runs of text written straight into a container, outside any ``<p>``, split at ``<br>`` and
    block children, link text left out: the sentence-long runs of the container holding the most.
    Older sites (and many government pages) write a notice as ``<br>``-separated text."""
    best: list[str] = []
    best_size = 0
    for element in _LOOSE_CANDIDATES(tree):
        runs: list[str] = []
        pieces: list[str] = [element.text or ""]
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in _INLINE:
                pieces.append("".join(child.itertext()))
            elif tag != "a" and tag != "img" and tag:
                runs.append(" ".join("".join(pieces).split()))
                pieces = []
            pieces.append(child.tail or "")
        runs.append(" ".join("".join(pieces).split()))
        runs = [run for run in runs
                if len(run) >= (_LOOSE_RUN_UNSPACED if UNSPACED.search(run) else _LOOSE_RUN)]
        size = sum(map(len, runs))
        if size > best_size:
            best, best_size = runs, size
    return best


def menu_like(lines: list[str]) -> bool:
    """Many lines, nearly all of them a few words: a menu or tag list around at most a few sentences."""
    return len(lines) >= 20 and sum(1 for line in lines if len(line) <= 25) >= 0.7 * len(lines)


def unwrap_layout_tables(tree: lxml_html.HtmlElement) -> None:
    """Turn tables used for page layout into plain ``<div>`` boxes, in place.

    trafilatura keeps tables (filing lists are tables) and writes each row as one line, so a page
    laid out in a table (common on government sites) came out as one line of menu, breadcrumb and
    article run together. A table is layout when it holds another table or a cell of more than
    ``_LAYOUT_CELL`` characters; its own rows and cells become boxes, nested tables are judged on
    their own.
    """
    for table in list(tree.iter("table")):
        own = [table]
        for child in table:
            rows = [child]
            if child.tag in ("tbody", "thead", "tfoot"):
                own.append(child)
                rows = list(child)
            for row in rows:
                if row.tag == "tr":
                    own.append(row)
                    own.extend(cell for cell in row if cell.tag in ("td", "th"))
        cells = [element for element in own if element.tag in ("td", "th")]
        if table.find(".//table") is not None or any(len(cell.text_content()) > _LAYOUT_CELL for cell in cells):
            for element in own:
                element.tag = "div"


def drop_empty_elements(tree: lxml_html.HtmlElement) -> None:
    """Remove elements with no content at all (ad slots, spacers, icon holders), two levels deep.

    They carry no text, but trafilatura's pruning runs a dozen XPath tests on every element, and on
    a page padded with thousands of empty ad slots that was two thirds of its time. A removed
    element's whitespace tail becomes one space, so words on either side stay apart.
    """
    for _ in range(2):
        for element in _EMPTY(tree):
            parent = element.getparent()
            if parent is None or (element.tail and not element.tail.isspace()):
                continue
            if element.tail:
                previous = element.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + " "
                else:
                    parent.text = (parent.text or "") + " "
            parent.remove(element)


def link_texts(tree: lxml_html.HtmlElement) -> set[str]:
    return {text for a in tree.iter("a") if (text := _text(a))}


def shingles(text: str) -> Counter[tuple[str, ...]]:
    words = _TOKEN.findall(text)
    return Counter(tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3)) if words[i:i + 4])


def covers(larger: str, smaller: str, share: float = 0.8) -> bool:
    """True when at least ``share`` of ``smaller``'s shingles are in ``larger`` (an empty text is covered)."""
    wanted = shingles(smaller)
    total = sum(wanted.values())
    return not total or sum((wanted & shingles(larger)).values()) >= share * total


def covers_each_other(first: str, second: str, share: float) -> bool:
    """``covers(first, second, share) and covers(second, first, share)``, each text's shingles counted once."""
    one, two = shingles(first), shingles(second)
    shared = sum((one & two).values())
    return all(not total or shared >= share * total for total in (sum(one.values()), sum(two.values())))
