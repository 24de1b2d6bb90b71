"""Article text: charset decoding, main-text extraction, language.

    decode_html(body, content_type) -> str            bytes in the page's real charset
    extract_article(html, url, ...) -> Article        title, date, language, clean text
    detect_language(text) -> "zh" | "en" | ... | None
"""

from monitor.text.charset import decode_html
from monitor.text.extract import Article, extract_article
from monitor.text.language import cjk_ratio, detect_language

__all__ = ["Article", "cjk_ratio", "decode_html", "detect_language", "extract_article"]
