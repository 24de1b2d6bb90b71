"""Real pages from ../shared/corpus (read at run time, never copied): opening paragraph kept, navigation gone.

The expectations below were written after reading each page: a few words of the article's first
paragraph and navigation/footer labels of that page that must not reach the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.text import cjk_ratio, decode_html, extract_article

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
PAGES = CORPUS / "pages"

# file -> (words from the opening paragraph, navigation labels that must be absent)
EXPECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    "arstechnica_minecraft-exploit.html": (
        "A flaw in the wildly popular online game Minecraft",
        ("Biz & IT", "Gaming & Culture", "Staff Directory", "Advertise with Ars", "Newsletter Signup")),
    "bbc_obama-gun-laws.html": (
        "President Barack Obama has admitted",
        ("Skip to content", "Accessibility Help", "CBeebies", "Entertainment & Arts", "Special Reports")),
    "cnn-money_birth-lottery_2016.html": (
        "heralded as a land of opportunity",
        ("Premarkets", "Market Movers", "Fear & Greed", "Stockswatch", "Log In")),
    "gov-cn_npc-special-treasury-bond-decision.html": (
        "第十届全国人民代表大会常务委员会第二十八次会议",
        ("国务院部门网站", "地方政府网站", "网站声明", "联系我们", "国务院客户端", "扫一扫")),
    "nytimes_bp-replace-hayward_2010.html": (
        "Tony Hayward, the embattled chief executive of BP",
        ("N.Y. / Region", "Real Estate", "Technology", "Sports", "Jobs")),
    "nytimes_us-lift-sudan-sanctions.html": (
        "After nearly 20 years of hostile relations",
        ("Skip to navigation", "SUBSCRIBE NOW", "Fashion & Style", "The Learning Network", "Crossword")),
    "people-cn_space-cooperation_2024-04-24.html": (
        "新华社北京4月24日电",
        ("领导留言板", "强国论坛", "人民网评", "毛主席纪念堂", "党网 ・ 时政")),
    "qq-tech_deepmind-memory_meta-gb2312-but-utf8.html": (
        "在2014年收购的人工智能公司DeepMind",
        ("全部频道", "一键登录", "QQ邮箱", "企鹅智酷", "腾讯创业")),
    "theverge_vision-pro-hands-on.html": (
        "I still remember using the iPhone 4",
        ("Cookie Policy", "Licensing FAQ", "Community Guidelines", "Ethics Statement", "Tip Us")),
    "yahoo-news-reuters_gm-volt-china_2010.html": (
        "General Motors expects competitive pricing",
        ("My Yahoo!", "Post a Comment", "Odd News", "Press Releases", "About Our Ads")),
}
MOJIBAKE = ("Ã©", "Ã¨", "â€", "ä¸", "å")


def _corpus_pages() -> list[Path]:
    if not PAGES.is_dir():
        pytest.skip("../shared/corpus not present")
    return sorted(PAGES.glob("*.html"))


def test_every_corpus_page_has_expectations() -> None:
    names = {page.name for page in _corpus_pages()}
    assert names <= set(EXPECTED), f"write expectations for {sorted(names - set(EXPECTED))}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_page(name: str) -> None:
    path = PAGES / name
    if not path.is_file():
        pytest.skip("../shared/corpus not present")
    body = path.read_bytes()
    article = extract_article(decode_html(body, None), f"https://corpus.example/{name}")
    opening, navigation = EXPECTED[name]
    # the opening paragraph, give or take a dateline or byline line before it
    assert opening in "\n\n".join(article.text.split("\n\n")[:3])
    for label in navigation:
        assert label not in article.text, label
    assert article.title
    if cjk_ratio(opening) > 0.5:
        assert article.language == "zh"
        assert cjk_ratio(article.text) > 0.7
        for bad in MOJIBAKE:
            assert bad not in article.text
        # people.cn's saved copy already holds two literal U+FFFD (in a byline); we may add none
        assert article.text.count("\ufffd") <= body.count("\ufffd".encode())
    else:
        assert article.language == "en"


def test_baidu_page_declared_gb2312_decodes_to_readable_chinese() -> None:
    path = CORPUS / "malformed" / "baidu-home_real-gb2312-html.html"
    if not path.is_file():
        pytest.skip("../shared/corpus not present")
    body = path.read_bytes()
    for content_type in (None, "text/html", "text/html; charset=gb2312"):
        html = decode_html(body, content_type)
        assert "百度一下" in html and "把百度设为主页" in html
        assert "\ufffd" not in html
