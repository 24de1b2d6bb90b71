"""find_article_links: selector, pattern, heuristics, order, dedup, fragments."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.errors import ConfigError
from monitor.sources.listing import find_article_links, looks_like_article

BASE = "https://www.cac.example.cn/zcfg/index.htm"
HTML = """<html><head><base href="https://www.cac.example.cn/zcfg/"></head><body>
<div class="nav"><a href="/">首页</a><a href="../about/">关于我们</a><a href="/tag/ai">AI</a></div>
<ul class="list">
  <li><a href="c_1704.htm">第四批备案信息发布</a></li>
  <li><a href="2024-01/17/c_1705.htm#top">关于发布生成式人工智能服务已备案信息的公告</a></li>
  <li><a href="c_1704.htm">重复链接</a></li>
  <li><a href="/a/news/2024/01/18/more-models-filed">more</a></li>
</ul>
<a href="https://elsewhere.example.org/2024/01/17/other-site-story">other site</a>
<a href="javascript:void(0)">js</a><a href="index_2.htm">下一页</a></body></html>"""


def test_selector_takes_links_inside_containers_in_page_order() -> None:
    assert find_article_links(HTML, BASE, selector="ul.list") == [
        "https://www.cac.example.cn/zcfg/c_1704.htm",
        "https://www.cac.example.cn/zcfg/2024-01/17/c_1705.htm",
        "https://www.cac.example.cn/a/news/2024/01/18/more-models-filed",
    ]
    assert find_article_links(HTML, BASE, selector="ul.list li:first-child a") == [
        "https://www.cac.example.cn/zcfg/c_1704.htm"]


def test_pattern_filters_absolute_urls() -> None:
    assert find_article_links(HTML, BASE, pattern=r"/c_\d+\.htm$") == [
        "https://www.cac.example.cn/zcfg/c_1704.htm",
        "https://www.cac.example.cn/zcfg/2024-01/17/c_1705.htm",
    ]
    assert find_article_links(HTML, BASE, selector="ul.list", pattern="2024") == [
        "https://www.cac.example.cn/zcfg/2024-01/17/c_1705.htm",
        "https://www.cac.example.cn/a/news/2024/01/18/more-models-filed",
    ]


def test_heuristics_keep_articles_and_drop_navigation() -> None:
    links = find_article_links(HTML, BASE)
    assert links == [
        "https://www.cac.example.cn/zcfg/c_1704.htm",
        "https://www.cac.example.cn/zcfg/2024-01/17/c_1705.htm",
        "https://www.cac.example.cn/a/news/2024/01/18/more-models-filed",
    ]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example.com/2024/01/17/x", True),
    ("https://m.news.example.com/tech/a-long-slug-about-model-filing", True),
    ("https://news.example.com/news/1234567", True),
    ("https://news.example.com/gov/t20240117_1.htm", True),
    ("https://news.example.com/tag/ai-regulation-news-today", False),
    ("https://news.example.com/world/", False),
    ("https://news.example.com/index.html", False),
    ("https://other.example.org/2024/01/17/x", False),
    ("ftp://news.example.com/2024/01/17/x", False),
    ("https://news.example.com/files/annual-report-final-2023.pdf", False),
])
def test_looks_like_article(url: str, expected: bool) -> None:
    assert looks_like_article(url, "https://news.example.com/world/") is expected


def test_bad_pattern_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        find_article_links(HTML, BASE, pattern="(")


def test_empty_and_odd_pages() -> None:
    assert find_article_links("", BASE) == []
    assert find_article_links('<a href="http://[::1">x</a><a href="  ">y</a>', BASE) == []


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.one_of(st.sampled_from(['<a href="', '">', "</a>", "/2024/01/17/", "<?xml?>", "http://[", "#",
                                                 "<ul class='x'>", "</ul>", "javascript:"]), st.text(max_size=30)),
                      max_size=40))
def test_find_article_links_never_raises(parts: list[str]) -> None:
    links = find_article_links("".join(parts), BASE)
    assert len(links) == len(set(links)) and all("#" not in link for link in links)
