"""Generated feeds for load, crash and benchmark tests: many entries, every one identifiable."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

BASE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def entry_url(feed: int, entry: int) -> str:
    return f"https://news{feed % 7}.example.com/feed{feed}/story-{entry}.html"


def rss_feed(feed: int, entries: int, *, description_bytes: int = 400) -> bytes:
    items = []
    for n in range(entries):
        published = (BASE + dt.timedelta(hours=feed * 100 + n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        text = f"Story {n} of feed {feed}. " + ("Regulators and companies discussed artificial intelligence rules. "
                                                 * (description_bytes // 68 + 1))[:description_bytes]
        items.append(f"<item><title>Feed {feed} story {n}</title><link>{entry_url(feed, n)}</link>"
                     f"<guid isPermaLink=\"false\">f{feed}-e{n}</guid><pubDate>{published}</pubDate>"
                     f"<description>{escape(text)}</description></item>")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>"
            f"<title>Feed {feed}</title><link>https://news.example.com/{feed}</link><description>generated</description>"
            + "".join(items) + "</channel></rss>").encode("utf-8")


def atom_feed(feed: int, entries: int, *, description_bytes: int = 400) -> bytes:
    items = []
    for n in range(entries):
        published = (BASE + dt.timedelta(hours=feed * 100 + n)).isoformat()
        text = (f"Entry {n} of feed {feed}. " + "Lawmakers debated how to govern large language models. "
                * (description_bytes // 55 + 1))[:description_bytes]
        items.append(f"<entry><title>Feed {feed} entry {n}</title><id>urn:f{feed}:e{n}</id>"
                     f"<link href=\"{entry_url(feed, n)}\"/><updated>{published}</updated>"
                     f"<summary>{escape(text)}</summary></entry>")
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
            f"<title>Feed {feed}</title><id>urn:feed:{feed}</id><updated>{BASE.isoformat()}</updated>"
            + "".join(items) + "</feed>").encode("utf-8")
