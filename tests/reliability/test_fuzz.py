"""Hypothesis over mutated real inputs: feed parsing, page extraction, and the rules on what a feed yields.

The seeds are the repository's own feed and page fixtures (tests/data/feeds, tests/data/pages);
mutations flip, insert, delete and duplicate byte ranges and cut the body short, which is what a
broken server or a half-written file produces. No exception other than ParseError may escape
parse_feed, none at all escapes extract_article or the rules, and every document stays within its
time budget. tests/rules/test_robustness.py already fuzzes the rules over free text; here they read
what parse_feed made of a mutated feed. atheris is not installed here (no new installs allowed),
so coverage-guided fuzzing is left out. 150 + 60 examples by default; ``--runslow`` adds 3000 + 1000.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.errors import ParseError
from monitor.rules import extract_mentions
from monitor.sources.feeds import MAX_TEXT, MAX_TITLE, parse_feed
from monitor.text import decode_html, extract_article
from tests.rules.golden import fixture_aliases, load_default_rules

DATA = Path(__file__).resolve().parents[1] / "data"
FEEDS = [p.read_bytes() for p in sorted((DATA / "feeds").glob("*.xml"))]
PAGES = [p.read_bytes() for p in sorted((DATA / "pages").glob("*.html"))]
RULES = load_default_rules()
ALIASES = fixture_aliases()
BUDGET = 0.5  # the rules' own per-document budget
FEED_BUDGET = 2.0  # seconds for one mutated feed or page: generous, a runaway takes orders of magnitude more
NOW = dt.datetime(2024, 1, 29, tzinfo=dt.timezone.utc)


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    body = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]))
        at = draw(st.integers(0, max(len(body) - 1, 0)))
        if op == "flip" and body:
            body[at] = draw(st.integers(0, 255))
        elif op == "insert":
            body[at:at] = draw(st.sampled_from([b"<", b">", b"&", b"]]>", b"<![CDATA[", b"\x00", b"\xff\xfe", b"&#0;",
                                                b"<!ENTITY a 'b'>", b"</item>", b"<item>", "\u2028".encode()]))
        elif op == "delete":
            del body[at:at + draw(st.integers(1, 200))]
        elif op == "repeat":
            body[at:at] = body[at:at + 300] * draw(st.integers(2, 50))
        elif op == "truncate":
            del body[at:]
    return bytes(body)


def timed(budget: float):  # type: ignore[no-untyped-def]
    class _Timer:
        def __enter__(self) -> None:
            self.started = time.monotonic()

        def __exit__(self, *exc: object) -> None:
            assert time.monotonic() - self.started < budget

    return _Timer()


QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
LONG = settings(QUICK, max_examples=3000)


def check_feed(body: bytes) -> None:
    with timed(FEED_BUDGET):
        try:
            parsed = parse_feed("https://news.example.com/feed.xml", body, {"content-type": "application/rss+xml"},
                                source="fuzz", fetched_at=NOW)
        except ParseError:
            return
    for document in parsed.documents:
        assert len(document.title) <= MAX_TITLE and len(document.text) <= MAX_TEXT
        assert document.url  # may be a urn: from a guid; the digest withholds links that are not http(s)
        with timed(BUDGET + FEED_BUDGET):
            extract_mentions(document.text, title=document.title, published=document.published.date(),
                             language=document.language, rules=RULES, aliases=ALIASES, budget_seconds=BUDGET)


def check_page(body: bytes, content_type: str | None) -> None:
    with timed(FEED_BUDGET):
        article = extract_article(decode_html(body, content_type), "https://news.example.com/a/1.html")
    assert isinstance(article.text, str) and isinstance(article.title, str)


CONTENT_TYPES = st.sampled_from([None, "text/html", "text/html; charset=gbk", "text/html; charset=bogus"])


@QUICK
@given(mutated(FEEDS))
def test_mutated_feeds_parse_or_raise_parse_error_and_rules_read_them_in_budget(body: bytes) -> None:
    check_feed(body)


@settings(QUICK, max_examples=60)
@given(mutated(PAGES), CONTENT_TYPES)
def test_mutated_pages_extract_without_exception_in_budget(body: bytes, content_type: str | None) -> None:
    check_page(body, content_type)


@pytest.mark.slow
@LONG
@given(mutated(FEEDS))
def test_mutated_feeds_long(body: bytes) -> None:
    check_feed(body)


@pytest.mark.slow
@settings(LONG, max_examples=1000)
@given(mutated(PAGES), CONTENT_TYPES)
def test_mutated_pages_long(body: bytes, content_type: str | None) -> None:
    check_page(body, content_type)
