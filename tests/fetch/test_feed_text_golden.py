"""Feed entries into text without loss (issue 21): golden documents for our own minimal feeds.

Each feed in tests/data/feeds/entry_text is served by the real test server, fetched by the real
Fetcher and parsed by parse_feed; its documents (title, text, summary, language) and the feed's
title and warning must equal the ``.expected.json`` beside it. One feed or more per point of the
issue: plain-text values kept as written, block boundaries, photo captions, declared languages,
and byte-order marks (those feeds are built here, in each encoding).
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

import pytest

from monitor.sources.feeds import parse_feed
from tests.support.httpserver import Response

FEEDS = Path(__file__).resolve().parent.parent / "data" / "feeds" / "entry_text"
FETCHED = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
ATOM = "application/atom+xml"
RSS = "application/rss+xml"

GOLDEN = [
    pytest.param("plain_text_atom.xml", ATOM, id="1-atom-type-text-kept-as-written"),
    pytest.param("plain_text_atom03_base64.xml", ATOM, id="1-atom03-base64-text-plain"),
    pytest.param("blocks_rss.xml", RSS, id="2-block-boundaries"),
    pytest.param("captions_rss.xml", RSS, id="3-media-captions"),
    pytest.param("language_nl_declared.xml", RSS, id="4-declared-dutch-kept"),
    pytest.param("language_pt_undeclared.xml", RSS, id="4-undeclared-portuguese-detected"),
    pytest.param("language_declared_wrong.xml", RSS, id="4-declared-english-contradicted"),
    pytest.param("language_atom_xml_lang.xml", ATOM, id="4-entry-xml-lang"),
]


def parsed_over_http(server, fetch, path: str, body: bytes, content_type: str | None, **kwargs) -> dict:
    server.route(path, Response(body=body, content_type=content_type))
    result = fetch(server.url(path))
    assert result.status == 200 and result.body == body
    parsed = parse_feed(result.url, result.body, result.headers, source="golden", fetched_at=FETCHED, **kwargs)
    return {
        "title": parsed.title,
        "warning": parsed.warning,
        "documents": [{"title": d.title, "text": d.text, "summary": d.summary, "language": d.language}
                      for d in parsed.documents],
    }


@pytest.mark.parametrize("name,content_type", GOLDEN)
def test_entries_become_the_golden_documents(server, fetch, name: str, content_type: str) -> None:
    expected = json.loads((FEEDS / name).with_suffix(".expected.json").read_text(encoding="utf-8"))
    got = parsed_over_http(server, fetch, f"/{name}", (FEEDS / name).read_bytes(), content_type)
    assert got == expected


def test_golden_files_say_what_the_issue_asks(server, fetch) -> None:
    """The points of the issue, spelled out on the golden files (so a regenerated golden file cannot hide a loss)."""
    plain = json.loads((FEEDS / "plain_text_atom.expected.json").read_text(encoding="utf-8"))
    assert [d["title"] for d in plain["documents"]][:3] == [
        "History of the <blink> tag", "Why x<y matters", "std::vector<int> in five minutes"]
    assert plain["title"] == "Notes on <markup> for editors"
    blocks = json.loads((FEEDS / "blocks_rss.expected.json").read_text(encoding="utf-8"))["documents"]
    assert blocks[0]["text"] == "Lead sentence.\n\nRead more"
    assert "Filing 42" in blocks[1]["text"] and "Price42" not in blocks[1]["text"]
    assert blocks[2]["text"].startswith("The X factor\n\nImage by")
    assert "原件400枚\n\n1--688401" in blocks[3]["text"]
    assert blocks[4]["title"] == "Why x<y matters"  # RSS: feedparser calls a title without markup plain text
    captions = json.loads((FEEDS / "captions_rss.expected.json").read_text(encoding="utf-8"))["documents"]
    assert all(d["text"].startswith(own) for d, own in zip(captions, [
        "The cabinet approved", "Forty countries signed", "The full story", "Only a caption", "Flooding closed",
        "The court ruled"]))
    assert captions[0]["text"].endswith("some of them carrying folders.")  # the caption kept too, after the text
    assert captions[4]["text"] == "Flooding closed the river road."  # not twice
    languages = {name: [d["language"] for d in json.loads((FEEDS / name).read_text(encoding="utf-8"))["documents"]]
                 for name in ("language_nl_declared.expected.json", "language_pt_undeclared.expected.json",
                              "language_declared_wrong.expected.json", "language_atom_xml_lang.expected.json")}
    assert languages == {
        "language_nl_declared.expected.json": ["nl"] * 5,
        "language_pt_undeclared.expected.json": ["pt"] * 3,
        # Chinese and a Spanish paragraph contradict the declared en-us; a Spanish title alone does not
        "language_declared_wrong.expected.json": ["zh", "es", "en", "en"],
        "language_atom_xml_lang.expected.json": ["de", "fr", "de"],
    }


def test_the_source_language_is_trusted_like_a_declared_one(server, fetch) -> None:
    body = (FEEDS / "language_nl_declared.xml").read_bytes()
    got = parsed_over_http(server, fetch, "/hinted.xml", body, RSS, language_hint="nl")
    assert [d["language"] for d in got["documents"]] == ["nl"] * 5


BOM_FEED = ('<?xml version="1.0" encoding="{declared}"?><rss version="2.0"><channel><title>Zürich &amp; Genève</title>'
            "<item><title>Zoë über die Regeln</title><link>https://bom.example.ch/1</link>"
            "<description>Der Bundesrat hat die Regeln für künstliche Intelligenz beschlossen.</description></item>"
            "</channel></rss>")


@pytest.mark.parametrize("bom,codec,declared", [
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF8, "utf-8", "utf-8"),
], ids=["utf-32be", "utf-32le", "utf-16be", "utf-16le", "utf-8"])
@pytest.mark.parametrize("content_type", [None, "application/rss+xml", "text/xml", "application/xml; charset={declared}"])
def test_a_byte_order_mark_decides_the_encoding_without_a_warning(server, fetch, bom: bytes, codec: str, declared: str,
                                                                   content_type: str | None) -> None:
    body = bom + BOM_FEED.format(declared=declared).encode(codec)
    got = parsed_over_http(server, fetch, "/bom.xml", body, content_type and content_type.format(declared=declared))
    assert got == {
        "title": "Zürich & Genève",
        "warning": None,
        "documents": [{"title": "Zoë über die Regeln", "summary": "", "language": "de",
                       "text": "Der Bundesrat hat die Regeln für künstliche Intelligenz beschlossen."}],
    }
