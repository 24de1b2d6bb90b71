"""Article text: charset decoding, main-text extraction, language.

    decode_html(body, content_type) -> str            bytes in the page's real charset
    extract_article(html, url, ...) -> Article        title, date, language, clean text
    detect_language(text) -> "zh" | "en" | ... | None
    html_to_text(markup) -> str                       an HTML fragment's text (feed values, selected elements)

The names load lazily (PEP 562): ``extract`` pulls in trafilatura (~120 ms, ~20 MB), which feed
parsing and its pool workers never use, and importing ``monitor.sources.feeds`` imports this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from monitor.lazy import lazy_exports

if TYPE_CHECKING:
    from monitor.text.charset import decode_html
    from monitor.text.extract import Article, extract_article
    from monitor.text.language import cjk_ratio, detect_language
    from monitor.text.markup import html_to_text

__all__ = ["Article", "cjk_ratio", "decode_html", "detect_language", "extract_article", "html_to_text"]

_HOME = {
    "Article": "extract",
    "extract_article": "extract",
    "decode_html": "charset",
    "cjk_ratio": "language",
    "detect_language": "language",
    "html_to_text": "markup",
}


__getattr__, __dir__ = lazy_exports(__name__, _HOME, __all__)
