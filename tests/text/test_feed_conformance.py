"""Feed entries into text without loss (issue 21): monitor's documents against plain feedparser's entries.

Every feed is served by the real test server and fetched by the real Fetcher; monitor parses the
bytes with parse_feed, and plain feedparser (in a process of its own that never imports
monitor.sources.feeds, so none of monitor's hooks) parses the same bytes with the same options (no
sanitizing, which would turn a script's code into text) under the same charset decision.
For each entry, a loss is:

- title: a word of feedparser's title that the document's title lacks;
- text: a word of feedparser's summary or of any of its contents that the document's text and
  summary lack (words run together at a block boundary count: "Price42" is not "Price" + "42");
- language: the document's language differs from the language the entry or its feed declares,
  unless the text is in another script (Han text under a declared "en") or the feed is one of our
  own that declares a language its entries contradict on purpose.

Words of a value are read as feedparser's content type for it says: a plain-text value as written,
HTML with the standard library's HTMLParser (a word boundary at every tag but inline ones; stray
angle brackets, on which HTML parsers differ, ignored), an implementation independent of monitor's.
One exception: in RSS, plain feedparser types a second description-like element (the one it files
under content) "text/plain" even when it is the item's HTML description, so there a "plain" value
with markup in it is read as HTML. The minimal feeds are our own (tests/data/feeds/entry_text); the
real ones are ../shared/corpus, read where they are, when present.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest

from monitor.errors import ParseError
from monitor.fetch import Fetcher, FetchLimits
from monitor.sources.feeds import parse_feed
from tests.support.httpserver import Response, TestServer

OWN_FEEDS = Path(__file__).resolve().parent.parent / "data" / "feeds" / "entry_text"
FETCHED = dt.datetime(2024, 5, 1, tzinfo=dt.timezone.utc)
# Entries of our own feeds whose text contradicts the declared language on purpose (golden tests).
CONTRADICTED = {("language_declared_wrong.xml", "El gobierno presenta nuevas normas"): "es"}

PLAIN_FEEDPARSER = r"""
import json, sys
import feedparser
from feedparser.namespaces import mediarss
from monitor.text.charset import xml_charset_override  # the same charset decision as parse_feed

assert "monitor.sources.feeds" not in sys.modules and "monitor.sources.feedmedia" not in sys.modules
assert mediarss.Namespace._start_media_description.__module__ == "feedparser.namespaces.mediarss"


def value(detail, raw):
    # a detail that holds another value than the field (feedparser overwrites summary_detail with a later,
    # deeper description's) says nothing about the field's type: then it is read as HTML, the default
    same = detail is not None and detail.get("value") == raw
    return {"value": raw or "", "type": detail.get("type") if same else None}


out = {}
for item in json.load(open(sys.argv[1])):
    body = open(item["path"], "rb").read()
    headers = dict(item["headers"])
    charset = xml_charset_override(body, headers.get("content-type"))
    if charset:
        headers["content-type"] = f"application/xml; charset={charset}"
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    feed = parsed.get("feed", {})
    entries = []
    for entry in parsed.get("entries", []):
        detail = entry.get("summary_detail") or entry.get("title_detail") or {}
        entries.append({
            "title": value(entry.get("title_detail"), entry.get("title")),
            "summary": value(entry.get("summary_detail"), entry.get("summary")),
            "content": [value(c, c.get("value")) for c in entry.get("content", []) or []],
            "link": entry.get("link") or "",
            "id": entry.get("id") or "",
            "language": detail.get("language") or feed.get("language"),
        })
    out[item["name"]] = {"title": value(feed.get("title_detail"), feed.get("title")), "entries": entries,
                         "version": parsed.get("version") or ""}
json.dump(out, sys.stdout)
"""

INLINE = frozenset("a abbr acronym b bdi bdo big cite code data del dfn em font i img ins kbd label mark nobr q s samp "
                   "small span strike strong sub sup time tt u var wbr".split())
NOT_TEXT = frozenset(("script", "style", "noscript", "iframe", "head"))  # a whole page's <head> is no text either
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
MARKUP = re.compile(r"</\w+>|<\w+[^<>]*/>")


class _HtmlWords(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in NOT_TEXT:
            self.hidden += 1
        elif tag not in INLINE:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: object) -> None:
        if tag not in INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in NOT_TEXT:
            self.hidden = max(0, self.hidden - 1)
        elif tag not in INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def missing_words(item: dict, present: set[str], *, rss: bool, guessed: bool = False) -> set[str]:
    """The words of a feedparser value, read as its content type says, that ``present`` lacks."""
    raw, content_type = item["value"], item["type"] or "text/html"
    plain = content_type.startswith("text/") and content_type != "text/html"
    if plain and not (rss and guessed and MARKUP.search(raw)):
        return set(CONTROLS.sub("", raw).split()) - present
    parser = _HtmlWords()
    parser.feed(raw)
    parser.close()
    wanted = {w.replace("<", "").replace(">", "") for w in CONTROLS.sub("", "".join(parser.parts)).split()}
    return wanted - {w.replace("<", "").replace(">", "") for w in present} - {""}


def clearly_other_script(text: str, declared: str) -> str | None:
    """"zh" when Han characters (a word each, about) outnumber Latin words under a declared non-CJK language."""
    if declared not in ("zh", "ja", "ko") and len(HAN.findall(text)) > len(LATIN_WORD.findall(text)):
        return "zh"
    return None


def fetch_all(server: TestServer, feeds: dict[str, tuple[bytes, str | None]]) -> dict:
    for name, (body, content_type) in feeds.items():
        server.route(f"/{name}", Response(body=body, content_type=content_type))

    async def go() -> dict:
        async with Fetcher(FetchLimits(total_timeout=10.0, retries=0, concurrency=8, per_host=8)) as fetcher:
            results = await asyncio.gather(*(fetcher.get(server.url(f"/{name}"), allow_private=True) for name in feeds))
        return dict(zip(feeds, results))

    return asyncio.run(go())


def plain_feedparser(results: dict, tmp_path: Path) -> dict:
    manifest = []
    for index, (name, result) in enumerate(results.items()):
        path = tmp_path / f"body-{index}"
        path.write_bytes(result.body)
        manifest.append({"name": name, "path": str(path), "headers": dict(result.headers)})
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    done = subprocess.run([sys.executable, "-c", PLAIN_FEEDPARSER, str(tmp_path / "manifest.json")],
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def losses(server: TestServer, feeds: dict[str, tuple[bytes, str | None]], tmp_path: Path) -> tuple[list, int]:
    results = fetch_all(server, feeds)
    reference = plain_feedparser(results, tmp_path)
    found: list[tuple] = []
    compared = 0
    for name, result in results.items():
        plain = reference[name]
        rss = plain["version"].startswith("rss")
        try:
            parsed = parse_feed(result.url, result.body, result.headers, source="c", fetched_at=FETCHED)
        except ParseError:
            assert not plain["entries"], name  # no feed for monitor, none for feedparser
            continue
        if missing := missing_words(plain["title"], set(parsed.title.split()), rss=rss):
            found.append((name, "feed title", sorted(missing)[:5]))
        entries = [e for e in plain["entries"] if e["title"]["value"] or e["summary"]["value"] or e["content"]
                   or e["link"] or e["id"]]
        assert len(parsed.documents) == len(entries), name
        for entry, doc in zip(entries, parsed.documents):
            compared += 1
            if missing := missing_words(entry["title"], set(doc.title.split()), rss=rss):
                found.append((name, doc.title[:40], "title", sorted(missing)[:5]))
            have = set(doc.text.split()) | set(doc.summary.split())
            for item, guessed in [(entry["summary"], False), *((c, True) for c in entry["content"])]:
                if missing := missing_words(item, have, rss=rss, guessed=guessed):
                    found.append((name, doc.title[:40], "text", sorted(missing)[:5]))
            declared = (entry["language"] or "").replace("_", "-").split("-")[0].lower()
            if declared:
                expected = (CONTRADICTED.get((name, doc.title))
                            or clearly_other_script(f"{doc.title}\n{doc.text}", declared) or declared)
                if doc.language != expected:
                    found.append((name, doc.title[:40], "language", f"{doc.language} for declared {declared}"))
    return found, compared


def test_own_minimal_feeds_lose_no_text_title_or_language(server: TestServer, tmp_path: Path) -> None:
    feeds = {path.name: (path.read_bytes(), "application/xml") for path in sorted(OWN_FEEDS.glob("*.xml"))}
    found, compared = losses(server, feeds, tmp_path)
    assert compared >= 30
    assert found == []


def test_shared_corpus_feeds_lose_no_text_title_or_language(server: TestServer, shared_corpus: Path, tmp_path: Path) -> None:
    paths = sorted((shared_corpus / "feeds").iterdir()) + sorted((shared_corpus / "malformed").iterdir())
    feeds = {f"{path.parent.name}-{path.name}": (path.read_bytes(), "application/xml") for path in paths}
    found, compared = losses(server, feeds, tmp_path)
    assert compared >= 500  # 542 entries in 46 files today
    assert found == []
