"""extract_article details: selectors, title cleaning, dates, language; and never raising."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.text import Article, detect_language, extract_article
from monitor.text.metadata import clean_title, date_from_url, parse_date

PARA = ("The commission published its annual review of algorithm filings on Monday, listing every provider that "
        "completed the procedure and the date on which each filing was accepted by the office.")
ZH = "国家互联网信息办公室公布了新一批深度合成服务算法备案信息，涉及多家互联网企业的智能客服和内容生成产品。"


def test_body_title_and_date_selectors() -> None:
    html = f"""<html><head><title>Ignored title | Site</title></head><body>
    <div class="nav"><a href="/">Home</a></div><h2 class="hl">Selected headline</h2>
    <span class="when" data-x="1">2024-03-05 08:15</span>
    <div id="notice"><p>{PARA}</p><ul><li>First item of the list</li><li>Second item</li></ul>
    <script>var tracking = 1;</script><p>Second paragraph with <b>bold</b> words inside it.</p></div>
    <div class="footer">Footer text</div></body></html>"""
    article = extract_article(html, "https://gov.example/notice", title_selector="h2.hl",
                              date_selector="span.when", body_selector="#notice")
    assert article.title == "Selected headline"
    assert article.published == dt.datetime(2024, 3, 5, 8, 15)
    assert article.text.split("\n\n") == [PARA, "First item of the list", "Second item",
                                          "Second paragraph with bold words inside it."]


def test_selector_that_matches_nothing_gives_empty_text_not_an_error() -> None:
    html = f"<html><body><article><p>{PARA}</p></article></body></html>"
    assert extract_article(html, "https://x.example/a", body_selector="#missing").text == ""
    assert extract_article(html, "https://x.example/a", body_selector="div[").text == ""


@pytest.mark.parametrize(("raw", "site", "from_tag", "expected"), [
    ("CAC approves 14 models - Tech - Example News", "", True, "CAC approves 14 models"),
    ("CAC approves 14 models | Example News", "Example News", False, "CAC approves 14 models"),
    ("北京第四批大模型完成备案_科技_人民示例网", "", True, "北京第四批大模型完成备案"),
    ("Models - what the fourth batch tells us", "", False, "Models - what the fourth batch tells us"),
])
def test_clean_title(raw: str, site: str, from_tag: bool, expected: str) -> None:
    assert clean_title(raw, site, from_title_tag=from_tag) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://a.example/2024/01/17/story", dt.datetime(2024, 1, 17)),
    ("https://a.example/world/2024-01/17/c_1130.htm", dt.datetime(2024, 1, 17)),
    ("https://a.example/news/20240117/a1.shtml", dt.datetime(2024, 1, 17)),
    ("https://a.example/zcfg/t20240117_123456.htm", dt.datetime(2024, 1, 17)),
    ("https://a.example/news/12345678", None),
    ("https://a.example/2024/13/45/bad", None),
])
def test_date_from_url(url: str, expected: dt.datetime | None) -> None:
    assert date_from_url(url) == expected


def test_parse_date_formats() -> None:
    assert parse_date("2024-01-17T09:30:00+08:00") == dt.datetime(2024, 1, 17, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert parse_date("2007-08-20-23:59:59") == dt.datetime(2007, 8, 20, 23, 59, 59)
    assert parse_date("2024年1月17日") == dt.datetime(2024, 1, 17)
    assert parse_date("July 25, 2010") == dt.datetime(2010, 7, 25)
    assert parse_date("20100725") == dt.datetime(2010, 7, 25)
    assert parse_date("yesterday") is None and parse_date("") is None


def test_time_element_and_url_fallback() -> None:
    html = f"<html><body><article><time datetime='2024-02-01T10:00:00Z'>1 Feb</time><p>{PARA}</p></article></body></html>"
    article = extract_article(html, "https://x.example/2023/05/05/old-path")
    assert article.published == dt.datetime(2024, 2, 1, 10, tzinfo=dt.timezone.utc)
    bare = extract_article(f"<html><body><p>{PARA}</p></body></html>", "https://x.example/2023/05/06/p")
    assert bare.published == dt.datetime(2023, 5, 6)
    assert extract_article(f"<html><body><p>{PARA}</p></body></html>", "https://x.example/p").published is None


def test_teaser_heading_cuts_the_rest() -> None:
    html = f"""<html><body><article><h1>Heading</h1><p>{PARA}</p><p>{PARA.replace('Monday', 'Friday')}</p>
    <p>相关新闻</p><p>Another unrelated teaser story with a long enough headline to look like text.</p>
    </article></body></html>"""
    text = extract_article(html, "https://x.example/a").text
    assert "Friday" in text and "相关新闻" not in text and "unrelated teaser" not in text


def test_detect_language() -> None:
    assert detect_language(ZH) == "zh"
    assert detect_language(PARA) == "en"
    assert detect_language("2024 1 17") is None
    assert detect_language("OK", hint="de-DE") == "de"
    assert detect_language("人工智能：" + PARA) == "en"
    assert detect_language("新しい生成AIのルールが発表されました。ガイドラインは来月から適用されます。") == "ja"
    assert detect_language("") is None


def test_html_lang_is_only_a_hint() -> None:
    html = f'<html lang="en"><body><article><p>{ZH * 3}</p></article></body></html>'
    assert extract_article(html, "https://x.example/a").language == "zh"


@settings(max_examples=200, deadline=None)
@given(html=st.text(max_size=3000))
def test_extract_article_never_raises_on_text(html: str) -> None:
    assert isinstance(extract_article(html, "https://x.example/a"), Article)


tags = st.sampled_from(["<p>", "</p>", "<div class='related'>", "</div>", "<h1>", "</h1>", "<script type='application/ld+json'>",
                        "</script>", '{"@type": "NewsArticle", "articleBody": ', "<meta property='og:title' content='",
                        "<time datetime='", "'>", "</html>", "<?xml version='1.0' encoding='gbk'?>", "\x00", "<![CDATA[",
                        "相关新闻", "More stories", "<br>", "<table><tr><td>"])


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.one_of(tags, st.text(max_size=80)), max_size=60),
       selector=st.one_of(st.none(), st.sampled_from(["p", "div.related", "#x", "::", "a[href"])))
def test_extract_article_never_raises_on_tag_soup(parts: list[str], selector: str | None) -> None:
    article = extract_article("".join(parts), "https://x.example/2024/01/17/a", body_selector=selector,
                              title_selector=selector, date_selector=selector)
    assert isinstance(article.text, str) and "\n\n\n" not in article.text
