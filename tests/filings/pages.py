"""Announcement pages like the regulator's: extension-less download links, Chinese file names in
Content-Disposition (RFC 6266 / RFC 5987), served by the real test HTTP server."""

from __future__ import annotations

from urllib.parse import quote

from tests.filings.builders import CONTENT_TYPES

DOWNLOAD = "/cms/pub/interact/downloadfile.jsp"


def download_target(key: str, name: str) -> str:
    """The path and query of a download link: no extension, the name url-encoded in fText."""
    return f"{DOWNLOAD}?filepath={quote(key, safe='')}&fText={quote(name)}"


def disposition(name: str) -> dict[str, str]:
    # An ASCII fallback name plus the RFC 5987 form, as RFC 6266 recommends for non-ASCII names.
    return {"Content-Disposition": f"attachment; filename=\"download\"; filename*=UTF-8''{quote(name)}"}


def announcement_html(links: list[tuple[str, str]]) -> str:
    items = "".join(f'<p><a href="{target}">{text}</a></p>' for target, text in links)
    return (f"<html><head><meta charset='utf-8'><title>生成式人工智能服务已备案信息</title></head><body>"
            f"<div class='TRS_Editor'><p>现将已备案信息公告如下。</p>{items}</div>"
            f"<a href='/index.htm'>首页</a></body></html>")

__all__ = ["CONTENT_TYPES", "DOWNLOAD", "announcement_html", "disposition", "download_target"]
