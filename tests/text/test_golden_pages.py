"""Golden pages in tests/data/pages: NAME.html beside NAME.expected.json (our own invented text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.sources.listing import find_article_links
from monitor.text import cjk_ratio, decode_html, extract_article

PAGES = Path(__file__).resolve().parents[1] / "data" / "pages"
CASES = sorted(path.name.removesuffix(".expected.json") for path in PAGES.glob("*.expected.json"))


def _load(name: str) -> tuple[bytes, dict]:
    expected = json.loads((PAGES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return (PAGES / f"{name}.html").read_bytes(), expected


def test_the_golden_folder_holds_every_required_case() -> None:
    assert {"english_news", "chinese_gbk", "meta_gb2312_utf8", "jsonld_only", "listing"} <= set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_golden_page(name: str) -> None:
    body, expected = _load(name)
    html = decode_html(body, None)
    if "links" in expected:
        assert find_article_links(html, expected["url"]) == expected["links"]
        assert find_article_links(html, expected["url"], selector=expected["selector"]) == expected["links"]
        return
    article = extract_article(html, expected["url"])
    assert article.title == expected["title"]
    published = article.published.isoformat() if article.published else None
    assert published == expected["date"]
    assert article.language == expected["language"]
    assert article.from_jsonld is expected.get("from_jsonld", False)
    assert article.text.startswith(expected["text_start"]), article.text[:200]
    assert article.text.endswith(expected["text_end"]), article.text[-200:]
    for wanted in expected["must_contain"]:
        assert wanted in article.text
    for unwanted in expected["must_not_contain"]:
        assert unwanted not in article.text, unwanted
    assert "\n\n" in article.text and "\n\n\n" not in article.text
    if expected["language"] == "zh":
        assert cjk_ratio(article.text) > 0.8
        assert "\ufffd" not in article.text


def test_gbk_page_is_really_gbk_bytes() -> None:
    body, _ = _load("chinese_gbk")
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert "北京第四批" in decode_html(body, None)
