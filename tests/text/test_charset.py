"""decode_html: header, BOM, meta, detection, and the gb2312-over-UTF-8 trap."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.text import decode_html
from monitor.text.charset import normalize_charset, xml_charset_override

ZH = "国家网信办发布第四批生成式人工智能服务备案信息，共有十四款大模型通过备案。"
FR = "Le régulateur a approuvé les règles générales, déjà très attendues à Genève."


def page(meta: str, text: str) -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


def test_header_charset_wins_over_meta() -> None:
    body = page('<meta charset="utf-8">', FR).encode("cp1252")
    assert FR in decode_html(body, "text/html; charset=ISO-8859-1")


def test_bom_is_used_and_dropped() -> None:
    html = decode_html(codecs.BOM_UTF8 + page("", ZH).encode("utf-8"), None)
    assert html.startswith("<html>") and ZH in html
    assert ZH in decode_html(page("", ZH).encode("utf-16"), None)


@pytest.mark.parametrize("meta", ['<meta charset="gbk">', '<meta charset=GB2312>',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'])
def test_meta_gbk_declaration(meta: str) -> None:
    # 镕 and 㙟 are outside GB2312; sites that say gb2312 really send GBK/GB18030
    text = ZH + "朱镕基㙟"
    assert text in decode_html(page(meta, text).encode("gb18030"), None)


@pytest.mark.parametrize("declared", ["gb2312", "gbk", "iso-8859-1", "windows-1252", "big5", "shift_jis"])
def test_legacy_declaration_over_utf8_bytes_reads_utf8(declared: str) -> None:
    body = page(f'<meta charset="{declared}">', ZH).encode("utf-8")
    assert ZH in decode_html(body, None)
    assert ZH in decode_html(body, f"text/html; charset={declared}")


def test_utf8_declaration_over_gbk_bytes_is_still_believed() -> None:
    # only *legacy* declarations yield to the bytes; a wrong utf-8 label gives replacement chars, no crash
    html = decode_html(page('<meta charset="utf-8">', ZH).encode("gbk"), None)
    assert "\ufffd" in html


def test_undeclared_gbk_is_detected() -> None:
    body = page("", ZH * 6).encode("gbk")
    assert ZH in decode_html(body, "text/html")


def test_undeclared_latin1_is_detected() -> None:
    body = page("", FR * 5).encode("cp1252")
    assert FR in decode_html(body, None)


def test_unknown_charset_names_fall_through() -> None:
    body = page('<meta charset="x-no-such-charset">', ZH).encode("utf-8")
    assert ZH in decode_html(body, "text/html; charset=bogus-9")
    assert normalize_charset("bogus-9") is None
    assert normalize_charset("GB2312") == "gb18030"
    assert normalize_charset("x-gbk") == "gb18030"


def test_empty_body() -> None:
    assert decode_html(b"", None) == ""


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=3000), content_type=st.one_of(
    st.none(), st.text(max_size=40), st.sampled_from(["text/html; charset=gb2312", "text/html; charset=utf-16",
                                                      "text/html; charset=utf-8", "charset="])))
def test_decode_html_never_raises(body: bytes, content_type: str | None) -> None:
    assert isinstance(decode_html(body, content_type), str)


@settings(max_examples=100, deadline=None)
@given(prefix=st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b'<meta charset="utf-16">',
                               b'<meta charset="gb2312">', b'<?xml version="1.0" encoding="big5"?>']),
       body=st.binary(max_size=2000))
def test_decode_html_never_raises_with_declarations(prefix: bytes, body: bytes) -> None:
    assert isinstance(decode_html(prefix + body, None), str)


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF32_LE, "utf-32-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF8, "utf-8")])
@pytest.mark.parametrize("content_type", [None, "text/xml", "application/xml; charset=utf-32", "text/xml; charset=gb2312"])
def test_a_feed_byte_order_mark_names_the_encoding_with_its_byte_order(bom: bytes, codec: str, content_type: str | None) -> None:
    # "utf-32" beside a UTF-32BE mark made feedparser report an encoding override (a false not-well-formed warning);
    # the UTF-32LE mark begins with the UTF-16LE one, so the order of the checks matters
    body = bom + '<?xml version="1.0"?><rss version="2.0"><channel><title>Zoë</title></channel></rss>'.encode(codec)
    assert xml_charset_override(body, content_type) == codec
