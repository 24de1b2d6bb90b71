"""Structured-data fallbacks of extract_article: JSON-LD ``articleBody`` in its many shapes,
numbered paragraph blocks, and hostile JSON-LD that must not stop a page."""

from __future__ import annotations

import json

import pytest

from monitor.text import extract_article

URL = "https://ledger.example/2024/08/12/filing-week"
SENTENCES = [
    "The filing week closed on Friday with nineteen applications from providers of public chatbots.",
    "Seven came from firms that had never filed before, most of them small teams outside the capital.",
    "The office said it would publish the first decisions in October, after a second reading of each file.",
]
BODY = "\n".join(SENTENCES)
CHROME = ('<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
          '<div class="cookie"><p>We use cookies to keep you signed in.</p></div>')


def _page(jsonld: object | str, body_html: str = "") -> str:
    script = jsonld if isinstance(jsonld, str) else json.dumps(jsonld)
    return (f'<html><head><title>Filing week</title><script type="application/ld+json">{script}</script></head>'
            f"<body>{CHROME}{body_html}</body></html>")


@pytest.mark.parametrize("jsonld", [
    {"@type": "NewsArticle", "articleBody": BODY},
    {"@type": ["OpinionNewsArticle"], "articleBody": BODY},  # an article subtype we do not list
    {"@type": "WebPage", "mainEntity": {"@type": "TechArticle", "articleBody": BODY}},  # nested
    {"@graph": [{"@type": "Organization", "name": "Ledger"}, {"articleBody": BODY}]},  # no @type at all
    {"@type": "NewsArticle", "articleBody": "".join(f"<p>{s}</p>" for s in SENTENCES)},  # HTML inside
], ids=["plain", "subtype", "nested", "untyped", "html"])
def test_the_json_ld_body_is_read_in_its_many_shapes(jsonld: dict) -> None:
    article = extract_article(_page(jsonld), URL)
    assert article.text.split("\n\n") == SENTENCES
    assert article.from_jsonld


@pytest.mark.parametrize("wrapped", [f"<!--{{}}-->", "//<![CDATA[\n{}\n//]]>"], ids=["comment", "cdata"])
def test_json_ld_wrapped_in_a_comment_or_cdata_is_read(wrapped: str) -> None:
    script = wrapped.replace("{}", json.dumps({"@type": "NewsArticle", "articleBody": BODY}))
    assert extract_article(_page(script), URL).text.split("\n\n") == SENTENCES


def test_json_ld_wins_where_the_page_shows_only_its_first_paragraph() -> None:
    teaser = (f'<article><div class="article-body"><p>{SENTENCES[0]}</p></div>'
              '<div class="wall"><p>Subscribers read the whole story, the archive and the weekly letter.</p></div>'
              "</article>")
    article = extract_article(_page({"@type": "NewsArticle", "articleBody": BODY}, teaser), URL)
    assert article.text.split("\n\n") == SENTENCES and article.from_jsonld


def test_a_full_html_body_is_kept_beside_a_short_json_ld_summary() -> None:
    paragraphs = "".join(f"<p>{s} It was the {n}th item of the week's notes.</p>" for n, s in enumerate(SENTENCES * 2))
    article = extract_article(_page({"@type": "NewsArticle", "articleBody": SENTENCES[0]},
                                    f"<article>{paragraphs}</article>"), URL)
    assert "It was the 5th item" in article.text and not article.from_jsonld


def test_numbered_paragraph_blocks_replace_a_thin_body() -> None:
    blocks = "".join(f'<div data-testid="paragraph-{n}"><span>{s}</span></div>' for n, s in enumerate(SENTENCES))
    page = f'<html><body>{CHROME}<div class="story"><h1>Filing week</h1>{blocks}</div></body></html>'
    assert extract_article(page, URL).text.split("\n\n") == SENTENCES


@pytest.mark.parametrize("script", [
    "[" * 50_000,                                      # the decoder's recursion limit
    json.dumps([{"@type": "Thing", "x": [1] * 10}] * 20_000),  # many objects: the walk is bounded
    '{"@type": "NewsArticle", "articleBody": 42}',     # a body that is not text
    "{not json",
], ids=["deep", "wide", "number", "broken"])
def test_hostile_json_ld_never_stops_the_page(script: str) -> None:
    page = _page(script, f"<article><p>{BODY}</p></article>")
    assert SENTENCES[0] in extract_article(page, URL).text


def test_br_text_beside_a_long_menu_replaces_the_menu() -> None:
    # Archive counts and section labels that are not links: trafilatura returns them with the body
    # run among them; the <br>-written text of the container that holds the body wins.
    menu = "".join(f"<li><span>{month} {year}</span> <em>({(year * 7) % 90 + 5})</em></li>"
                   for year in (2022, 2023, 2024) for month in ("March", "June", "September", "December"))
    lines = [f"{s} The notice was read aloud at the council meeting on item {n}." for n, s in enumerate(SENTENCES)]
    page = (f'<html><body><div class="side"><h3>Archive</h3><ul class="archive">{menu}</ul>'
            f'<h3>Sections</h3><ul>{"".join(f"<li>Section {n}</li>" for n in range(12))}</ul></div>'
            f'<div class="notice"><b>Notice 14/2024</b><br>{"<br>".join(lines)}<br><br></div></body></html>')
    assert extract_article(page, URL).text.split("\n\n") == lines


def test_a_layout_table_is_read_as_boxes_and_a_data_table_as_rows() -> None:
    nav = "".join(f"<tr><td>Section {n}</td><td>({n * 3})</td></tr>" for n in range(15))
    filings = "".join(f"<tr><td>{n}</td><td>Model {name}</td><td>Filing {2024_000 + n}</td></tr>"
                      for n, name in enumerate(("Heron", "Kestrel", "Plover"), 1))
    content = "".join(f"<p>{s}</p>" for s in SENTENCES) + f"<table>{filings}</table>"
    page = (f'<html><body><table class="layout"><tr><td class="left"><table>{nav}</table></td>'
            f'<td class="main"><h1>Filing week</h1>{content}</td></tr></table></body></html>')
    text = extract_article(page, URL).text
    assert text.split("\n\n")[:3] == SENTENCES
    assert "Model Kestrel" in text and "Filing 2024002" in text  # the filing list is kept, row by row
    assert "Section 4" not in text and "(12)" not in text


def test_empty_elements_go_but_words_beside_them_stay_apart() -> None:
    slots = '<div class="ad-slot"><span></span></div>' * 300
    sentence = ('The register lists<span class="icon"></span> <b>nineteen</b> providers<i></i> and '
                'their models, with the date of each filing and the office that checked it.')
    page = f"<html><body>{slots}<article><p>{sentence}</p><p>{BODY}</p></article>{slots}</body></html>"
    text = extract_article(page, URL).text
    assert text.startswith("The register lists nineteen providers and their models,"), text[:80]
