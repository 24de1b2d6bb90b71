"""Invented stories for the findings tests: one wire story in ten edited copies, and a few others."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

LEDE = ("Chinese regulators have approved 14 generative AI models in the fourth batch of approvals, "
        "bringing the number of approved models to more than 40.")
BODY = [
    "The latest batch includes models from Xiaomi Corp, 4Paradigm and 01.AI, according to a notice from the Beijing "
    "internet authority on Wednesday.",
    "Companies need approval before they can offer generative AI services to the public in China.",
    "In the first batch last August, Baidu, Alibaba and ByteDance were among those approved.",
    "Analysts said the pace of approvals has picked up as local governments compete for AI investment.",
]
HEADLINES = [
    "China approves fourth batch of AI models", "Beijing clears 14 more generative AI models",
    "Xiaomi among 14 firms cleared to launch AI models", "China's AI approvals top 40 as new batch cleared",
    "Regulators approve another 14 AI models", "Fourth batch of Chinese AI models approved",
    "China gives nod to 14 generative AI models", "New AI model approvals in China include Xiaomi",
    "China's approved AI models pass 40", "More AI models win approval in China",
]
BOILERPLATE = ["Reporting by Staff Writer; Editing by Desk Editor", "Sign up for our newsletter.",
               "Copyright 2024. All rights reserved.", "Follow us on social media for more technology news."]


def wire_copy(n: int) -> tuple[str, str]:
    """Copy ``n`` of the wire story: another headline, a paragraph dropped or moved, boilerplate added."""
    body = list(BODY)
    if n % 3 == 1:
        body.pop(3)
    if n % 3 == 2:
        body[1], body[2] = body[2], body[1]
    paragraphs = [LEDE, *body, BOILERPLATE[n % len(BOILERPLATE)]]
    return HEADLINES[n % len(HEADLINES)], "\n\n".join(paragraphs)


def rss(items: list[tuple[str, str, str, dt.datetime]], *, title: str = "Feed") -> bytes:
    rendered = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(url)}</link><guid>{escape(url)}</guid>"
        f"<pubDate>{published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
        f"<description>{escape(''.join(f'<p>{p}</p>' for p in text.split(chr(10) * 2)))}</description></item>"
        for t, url, text, published in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>https://example.com/</link><description>test</description>{rendered}</channel></rss>").encode("utf-8")
