"""Attachment links of an announcement page, and announcement links of a listing.

The regulator's attachment links end in no file extension (``.../downloadfile.jsp?filepath=...&fText=
<file name>``), so a link is an attachment when its URL or its text names a file of a list format,
when it is a download link (``download``, ``fText``, ``attachment``), or when the text says 附件.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from monitor.filings.naming import extension, name_from_link

_FILE_EXTENSIONS = {"xlsx", "xls", "et", "docx", "doc", "wps", "pdf", "csv", "zip", "rar", "ofd", "png", "jpg"}
_DOWNLOAD = re.compile(r"download|ftext=|attach|/files?/|fujian", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AttachmentLink:
    url: str
    text: str  # the link's text: the file's title on the page


def attachment_links(html: str, base_url: str) -> list[AttachmentLink]:
    from monitor.sources.listing import make_soup  # bs4 only when a filings source runs

    soup = make_soup(html)
    links: list[AttachmentLink] = []
    seen: set[str] = set()
    for anchor in soup.find_all("a", href=True):
        href = str(anchor.get("href", "")).strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        try:
            url = urldefrag(urljoin(base_url, href)).url
        except ValueError:
            continue
        if url in seen or not url.startswith(("http://", "https://")):
            continue
        text = " ".join(anchor.get_text(" ").split())
        named = name_from_link(url) or ""
        is_file = (extension(url.split("?", 1)[0]) in _FILE_EXTENSIONS or extension(named) in _FILE_EXTENSIONS
                   or extension(text) in _FILE_EXTENSIONS)
        if is_file or _DOWNLOAD.search(url) or "附件" in text:
            seen.add(url)
            links.append(AttachmentLink(url, text))
    return links
