"""The invented news site the article tests serve: a listing of 20 stories, their pages, robots.txt.

Pages come from two hand-written files in tests/data/articles (a listing with navigation, pager and
footer links around 20 headlines; an article template with share bar, related stories, comments
and footer); each article's paragraphs are composed here from its headline, so every page differs.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.httpserver import Response, TestServer

DATA = Path(__file__).resolve().parent.parent / "data" / "articles"
LISTING = (DATA / "listing.html").read_text(encoding="utf-8")
TEMPLATE = (DATA / "article.html").read_text(encoding="utf-8")
HTML = "text/html; charset=utf-8"
LISTING_PATH = "/news/"
ARTICLE_SELECTOR = "ul.stories a.headline"
NAV_LABELS = ("Policy desk", "Sign in", "Related stories", "Ferry operators sign", "Share this story", "Copyright 2024",
              "join the discussion")

TITLES = dict(re.findall(r'href="(/news/2024/03/article-\d\d\.html)">([^<]+)</a>', LISTING))
ARTICLE_PATHS = list(TITLES)
assert len(ARTICLE_PATHS) == 20


def lead(path: str) -> str:
    """The opening paragraph of the article at ``path`` (tests look for it in the stored text)."""
    number = int(path[-7:-5])
    return (f"{TITLES[path]}, according to papers released on March {number} and read by the Harbour Ledger. "
            f"Officials called it step number {number} in a programme that began last autumn.")


def article_html(path: str) -> str:
    number = int(path[-7:-5])
    paragraphs = [
        lead(path),
        f"The office said it had received {number * 7} written submissions since January, most of them from "
        f"small firms that worried about the cost of compliance and the time an assessment would take.",
        f"A spokesperson for the trade association representing the firms said members supported clear rules "
        f"but wanted a single contact point. A decision on the next phase is expected within {number + 2} weeks.",
        "Critics said the plans left open who would check the systems once they were in use, and asked for "
        "an independent panel with the power to order changes.",
    ]
    body = "\n".join(f"  <p>{p}</p>" for p in paragraphs)
    return TEMPLATE.format(title=TITLES[path], date=f"2024-03-{number:02d}", paragraphs=body)


def serve_site(server: TestServer, *, robots: str = "User-agent: *\nDisallow: /private/\n") -> None:
    """Route the listing, the 20 articles and robots.txt on ``server``."""
    server.route(LISTING_PATH, Response(body=LISTING, content_type=HTML))
    server.route("/robots.txt", Response(body=robots))
    for path in ARTICLE_PATHS:
        server.route(path, Response(body=article_html(path), content_type=HTML))


def article_requests(server: TestServer) -> list[str]:
    return [r.path for r in server.requests if r.path in TITLES]
