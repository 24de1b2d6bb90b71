"""The parser on real files of every format, built from the rows of all 13 releases, and its parts:
file names from Content-Disposition and links, formats from the bytes, header variants and sections."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from monitor.filings.detect import detect_format
from monitor.filings.naming import attachment_name, name_from_disposition
from monitor.filings.normalise import entries_from_records, entries_from_tables
from monitor.filings.parse import parse_attachment
from monitor.filings.records import AttachmentError
from tests.filings.builders import FORMATS, build, releases

_DOTS = {ord(dot): None for dot in "·•・"}  # U+00B7, U+2022, U+30FB
NAME = "广东省生成式人工智能服务已备案信息(截至2024年3月).xlsx"


def _rows(entries, *, drop_dots: bool = False) -> list:
    def key(entry):
        entry = dataclasses.replace(entry, row_number=0)
        if drop_dots:  # see below
            entry = dataclasses.replace(entry, service=entry.service.translate(_DOTS),
                                        filing_number=entry.filing_number.translate(_DOTS))
        return entry
    return sorted((key(e) for e in entries), key=lambda e: (e.registry, e.filing_number))


@pytest.mark.parametrize("period", [b["period"] for b in releases()])
def test_every_format_of_every_release_gives_the_rows_of_the_data_file(period: str) -> None:
    batch = next(b for b in releases() if b["period"] == period)
    expected = entries_from_records(batch["header"], batch["rows"])
    assert len(expected) == len([r for r in batch["rows"] if r["序号"] != "序号"])
    for file_format in FORMATS:
        parsed = parse_attachment(build(batch, file_format), name="downloadfile.jsp", content_type="application/octet-stream")
        assert parsed.format == file_format
        # reportlab's built-in CJK font has no glyph for the middle dots of eleven names (书生·浦语): the
        # PDF written here drops them, so the PDF's rows are compared without them.
        dots = file_format == "pdf"
        assert _rows(parsed.entries, drop_dots=dots) == _rows(expected, drop_dots=dots), (period, file_format)


def test_rows_are_normalised_across_header_variants_and_sections() -> None:
    old = [["生成式人工智能服务已备案信息"],
           ["序号", "属地", "模型名称", "备案单位", "备案号", "备案时间"],
           ["1", "北京市", "文心一言", "北京百度网讯科技有限公司", "Beijing-WenXinYiYan-20230831", "2023/8/31"],
           ["序号", "属地", "应用/功能名称", "登记单位", "上线编号", "登记时间"],
           ["1", "北京市", "变影", "北京智学笃行科技有限公司", "Beijing-BianYing-20240428S0001", "2024/4/28（补登）"],
           ["2", "江苏省", "四维向量智算云", "南京四维向量科技有限公司", "Jiangsu-SiWeiXiangLiangZhiSuanYun-", "2025/10/29"]]
    new = [["序号", "属地", "大模型名称", "备案单位", "备案编号", "备案时间"],
           ["340", "广东省", "深圳市商汤科技有限公司", "商汤AI代码生成模型", "Guangdong-ShangTangAI-202501150001", "2025-01-20"]]
    first, second, third = entries_from_tables([old])
    assert (first.registry, first.service, first.provider, first.filed_on) == (
        "filed", "文心一言", "北京百度网讯科技有限公司", dt.date(2023, 8, 31))
    assert (second.registry, second.late, second.serial) == ("registered", True, 1)
    assert third.registry == "registered"  # no dated number: its section says registration
    (swapped,) = entries_from_tables([new])
    assert (swapped.service, swapped.provider) == ("商汤AI代码生成模型", "深圳市商汤科技有限公司")
    # A PDF's later pages repeat no header: a table of the same width continues the columns.
    continued = entries_from_tables([old[1:3], [["2", "上海市", "书生", "上海人工智能实验室",
                                                 "Shanghai-ShuSheng-20230821", "2023/8/31"]]])
    assert [e.service for e in continued] == ["文心一言", "书生"]


@pytest.mark.parametrize("header, expected", [
    ("attachment; filename=\"download\"; filename*=UTF-8''%E5%B9%BF%E4%B8%9C%E7%9C%81.xlsx", "广东省.xlsx"),
    ("attachment; filename*=gbk''%B9%E3%B6%AB%CA%A1.xlsx", "广东省.xlsx"),
    ("attachment; filename=\"%E5%B9%BF%E4%B8%9C%E7%9C%81.xlsx\"", "广东省.xlsx"),
    ("attachment; filename=\"" + "广东省.xlsx".encode().decode("latin-1") + "\"", "广东省.xlsx"),
    ("attachment; filename=\"" + "广东省.xlsx".encode("gbk").decode("latin-1") + "\"", "广东省.xlsx"),
    ("inline", None),
])
def test_file_names_from_content_disposition(header: str, expected: str | None) -> None:
    assert name_from_disposition(header) == expected


def test_the_link_names_the_file_when_the_server_does_not() -> None:
    url = "https://www.cac.gov.cn/cms/pub/interact/downloadfile.jsp?filepath=NUtq~2B&fText=%E5%B9%BF%E4%B8%9C%E7%9C%81.xlsx"
    assert attachment_name(url, {}) == "广东省.xlsx"
    assert attachment_name(url, {"content-disposition": "attachment; filename*=UTF-8''" + "%E5%90%8D%E5%8D%95.xls"}) == "名单.xls"


def test_the_bytes_decide_the_format_not_the_name_or_the_type() -> None:
    batch = releases()[0]
    assert detect_format(build(batch, "xls"), name=NAME, content_type="application/vnd.openxmlformats") == "xls"
    assert detect_format(build(batch, "docx"), name=NAME, content_type="text/html") == "docx"
    assert detect_format(build(batch, "csv"), name="x.pdf", content_type="application/pdf") == "csv"
    for body, what in ((b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(64), ".doc"),
                       (b"<html><body>login</body></html>", "HTML page"),
                       (b"\xff\xd8\xff\xe0" + bytes(32), "JPEG")):
        with pytest.raises(AttachmentError, match=f"unsupported attachment format.*{what}"):
            detect_format(body, name="附件1", content_type="application/octet-stream")
