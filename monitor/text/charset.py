"""Bytes of an HTML page -> text, in the charset the page really uses.

Order of evidence (``decode_html``):

1. the HTTP ``Content-Type`` charset,
2. a byte-order mark,
3. ``<meta charset>`` / ``<meta http-equiv="Content-Type">`` in the first 4 KB,
4. detection with charset-normalizer,
5. UTF-8 with replacement characters.

One exception to that order, because it is common on Chinese sites (and on old European ones): a
page re-encoded to UTF-8 that still declares ``gb2312`` (or ``iso-8859-1``...). Non-ASCII bytes
that decode as *strict* UTF-8 are almost never legacy-encoded text by accident, so when a declared
legacy charset meets bytes that are valid UTF-8 we believe the bytes.

Declared names are mapped to the superset browsers use (WHATWG Encoding Standard): gb2312/gbk to
gb18030, iso-8859-1/ascii to cp1252, big5 to big5hkscs, so characters outside the nominal
set still decode.
"""

from __future__ import annotations

import codecs
import logging
import re

logger = logging.getLogger(__name__)

_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "big5": "big5hkscs",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
_ALIASES = {"x-gbk": "gbk", "x-sjis": "shift_jis", "x-euc-jp": "euc_jp", "unicode": "utf-8"}
# Codecs that a UTF-8 page is commonly mislabelled with; strict UTF-8 wins over these.
_LEGACY = {"gb18030", "cp1252", "cp1254", "cp874", "big5hkscs", "cp949", "cp932", "euc_jp", "cp1251"}

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# For XML, with the byte order in the name; UTF-32LE first, as its mark begins with UTF-16LE's.
_XML_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I)
_SNIFF_BYTES = 4096
_DETECT_BYTES = 64 * 1024


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, widened to its superset; None when unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    return _SUPERSETS.get(codec, codec)


def _is_utf8(body: bytes) -> bool:
    """True when the bytes hold non-ASCII text that decodes as strict UTF-8."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared(body: bytes, content_type: str | None) -> tuple[str | None, str]:
    """The charset the header or the markup declares, and where it came from."""
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        codec = normalize_charset(match.group(1)) if match else None
        if codec:
            return codec, "header"
    head = body[:_SNIFF_BYTES]
    for pattern in (_META_CHARSET, _XML_DECL):
        match = pattern.search(head)
        if match:
            codec = normalize_charset(match.group(1).decode("ascii", "replace"))
            # a meta tag is read as ASCII, so it cannot truthfully say UTF-16/32
            if codec and not codec.startswith("utf-16") and not codec.startswith("utf-32"):
                return codec, "meta"
    return None, ""


def _detect(body: bytes) -> str | None:
    # Imported on first use: only pages that declare no charset need it, and the feed parser's
    # workers import this module for its charset override (4 MB in each of them).
    import charset_normalizer

    matches = charset_normalizer.from_bytes(body[:_DETECT_BYTES])
    best = matches.best()
    if best is None:
        return None
    # Among single-byte Latin codecs the detector often cannot tell cp1252 from cp1257/cp1250 on
    # short Western text (same chaos score); cp1252 is by far the commonest, and the WHATWG default.
    if best.encoding.startswith(("cp125", "iso8859", "latin", "mac_")):
        for match in matches:
            if match.encoding == "cp1252" and match.chaos <= best.chaos + 0.1:
                return "cp1252"
    return normalize_charset(best.encoding)


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML body to text; never raises on bad bytes (bad ones become U+FFFD)."""
    if not body:
        return ""
    header_codec, _ = _declared(b"", content_type)
    if header_codec is not None and not (header_codec in _LEGACY and _is_utf8(body)):
        return body.decode(header_codec, "replace")
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, "replace")
    codec, origin = _declared(body, None)
    if header_codec is None and codec is not None:
        if codec in _LEGACY and _is_utf8(body):
            logger.debug("declared %s over UTF-8 bytes (%s); decoding as UTF-8", codec, origin)
            return body.decode("utf-8")
        return body.decode(codec, "replace")
    if body.isascii() or _is_utf8(body):
        return body.decode("utf-8")
    try:
        codec = _detect(body)
    except Exception:  # noqa: BLE001 - detection is best effort; the fallback below is safe
        logger.debug("charset detection failed", exc_info=True)
        codec = None
    return body.decode(codec or "utf-8", "replace")


def xml_charset_override(body: bytes, content_type: str | None) -> str | None:
    """The charset to impose on an XML feed, or None to let the feed's own declaration decide.

    feedparser follows the header and the XML declaration, and without either falls back to a
    Latin charset, which turns an undeclared GB2312 feed into mojibake. We step in only where the
    bytes prove the declaration wrong or absent: a byte-order mark, valid UTF-8 under a legacy
    declaration, or non-UTF-8 bytes with no declaration at all (then charset-normalizer decides).
    """
    for bom, codec in _XML_BOMS:
        if body.startswith(bom):
            # The mark says the encoding outright, over the header and the declaration (RFC 7303 section 3);
            # named with its byte order, as "utf-32" beside a UTF-32BE mark made feedparser warn of an override.
            return codec
    if body.isascii():
        return None
    declared, _ = _declared(body, content_type)
    if _is_utf8(body):
        return "utf-8" if declared not in (None, "utf-8") and not declared.startswith("utf-") else None
    if declared is None:
        return _detect(body)
    return declared if declared != "utf-8" and declared != _raw_declared(body, content_type) else None


def _raw_declared(body: bytes, content_type: str | None) -> str | None:
    """The declared name as feedparser would read it (before widening gb2312 to gb18030)."""
    if content_type and (match := _HEADER_CHARSET.search(content_type)):
        return match.group(1).strip("\"'").lower()
    match = _XML_DECL.search(body[:_SNIFF_BYTES])
    return match.group(1).decode("ascii", "replace").lower() if match else None
