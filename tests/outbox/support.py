"""Invented news feeds whose text the rules read as findings, and helpers shared by the outbox and daemon tests."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from tests.support.configs import feed, write_config

XML = "application/rss+xml"
AS_OF = dt.date(2023, 12, 31)  # the dataset as known then: the fourth batch and its companies are news

# (guid, url, title, text): invented English text, not copied from any source.
BATCH_ITEM = ("batch-4", "https://news.example.com/ai/fourth-batch", "Fourth batch of AI models cleared",
              "Chinese regulators approved 14 generative AI models in the fourth batch, including models from "
              "Xiaomi, 4Paradigm and 01.AI.")
HOSTILE_TITLE = "<script>alert('x')</script> Regulators clear\r\nBcc: evil@example.com " + "long " * 400
HOSTILE_ITEM = ("hostile", "https://wire.example.org/2024/01/18/cleared", HOSTILE_TITLE,
                "Chinese regulators approved 14 generative AI models in the fourth batch, including models from "
                "Xiaomi, 4Paradigm and 01.AI, the wire reported.")
LATER_ITEM = ("batch-5", "https://policy.example.net/fifth-batch", "A fifth batch of AI models",
              "Chinese regulators approved 15 generative AI models in the fifth batch, including models from "
              "Lanting AI.")


def rss(*items: tuple[str, str, str, str], day: int = 18) -> bytes:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(url)}</link><guid isPermaLink=\"false\">{guid}</guid>"
        f"<pubDate>Thu, {day} Jan 2024 10:00:00 +0000</pubDate><description>{escape(text)}</description></item>"
        for guid, url, title, text in items)
    return (f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Invented news</title>"
            f"<link>https://news.example.com/</link><description>test</description>{entries}</channel></rss>").encode()


def config_for(tmp_path: Path, db_url: str, sources: list[dict[str, Any]], *, smtp_port: int,
               fetch: dict[str, Any] | None = None, **digest: Any) -> Path:
    settings = {"smtp_host": "127.0.0.1", "smtp_port": smtp_port, "sender": "monitor@example.org",
                "recipients": ["analyst@example.org"], "timeout": 5.0, **digest}
    return write_config(tmp_path, db_url, sources, digest=settings, fetch=fetch, dataset_as_of=AS_OF)


def news_feed(name: str, url: str, **extra: Any) -> dict[str, Any]:
    return feed(name, url, **extra)


def parts(msg: EmailMessage) -> tuple[str, str]:
    """(text, html) of a multipart/alternative digest."""
    assert msg.get_content_type() == "multipart/alternative"
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()  # type: ignore[attr-defined]
