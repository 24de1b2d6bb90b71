"""Text normalization shared by the exact fingerprint and the MinHash signature.

Normalizing means: NFKC (folds full-width/half-width forms and compatibility characters),
casefold, punctuation and symbols dropped, whitespace collapsed. The result is a token list:
a Latin (or any space-separated script) word is one token, a CJK/kana/hangul character is one
token, so Chinese needs no word segmenter and mixed text needs no language detection.

Numbers are read separately (:func:`numbers`), because they are what tells one wire story from
the next one on the same topic ("fourth batch of 14" vs "fifth batch of 20", 第四批 vs 第五批).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# One CJK character, or a run of word characters that are neither CJK nor "_".
_TOKEN_RE = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")

# 1,200 and 3.5 stay one number; 2024-01-17 gives 2024, 1, 17.
_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?")
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_ORDINAL_RE = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\b")
_CN_NUM = "零〇一二两三四五六七八九十百千万"
# Chinese numerals only where they are clearly numbers: after 第 or before a counter/approximator,
# so words like 统一部署, 万一 or 一些 do not turn into numbers.
# A lone 一 is left out too: it sits inside too many words (统一, 一个, 进一步).
_CN_NUM_RE = re.compile(rf"第([{_CN_NUM}]+)|((?!一[^{_CN_NUM}])[{_CN_NUM}]+)(?=[批款家项余多年月日号条])")
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}

# Bare digit runs this long are phone, licence (ICP) or article ids, mostly from site chrome.
_ID_DIGITS = 7
MAX_NUMBERS = 64


def normalize(text: str) -> str:
    """NFKC + casefold; the common first step of everything below."""
    return unicodedata.normalize("NFKC", text).casefold()


def tokens(text: str, *, normalized: bool = False) -> list[str]:
    """Words of Latin-like scripts and single CJK characters, punctuation dropped."""
    return _TOKEN_RE.findall(text if normalized else normalize(text))


def fingerprint_tokens(title_tokens: list[str], text_tokens: list[str]) -> str:
    key = " ".join(title_tokens) + "\n" + " ".join(text_tokens)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def content_fingerprint(title: str, text: str) -> str:
    """Exact-duplicate key: sha256 hex of the normalized title and text.

    Equal for copies that differ only in case, whitespace, punctuation or full-width forms.
    """
    return fingerprint_tokens(tokens(title), tokens(text))


def _cn_to_int(numeral: str) -> int:
    total = section = digit = 0
    for ch in numeral:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        elif ch == "万":
            total += (section + digit) * 10000
            section = digit = 0
        else:
            section += (digit or 1) * _CN_UNIT[ch]
            digit = 0
    return total + section + digit


def _number_key(digits: str) -> int | None:
    plain = digits.replace(",", "")
    if "." in plain:
        # A decimal keeps its identity without colliding with small integers.
        return zlib.crc32(plain.encode("ascii")) | 0x80000000
    if len(digits) >= _ID_DIGITS:
        return None
    value = int(plain)
    return value if value < 0x80000000 else None


def numbers(text: str, *, normalized: bool = False) -> list[int]:
    """Distinct numbers in order of first appearance (at most MAX_NUMBERS), as uint32 keys.

    Arabic digits, English ordinal words and Chinese numerals map to the same value, so
    "fourth batch of 14", "4th batch" and 第四批14款 agree.
    """
    norm = text if normalized else normalize(text)
    found: list[tuple[int, int]] = []
    for m in _DIGITS_RE.finditer(norm):
        try:
            key = _number_key(m.group())
        except ValueError:  # unicode digits that int() refuses
            key = None
        if key is not None:
            found.append((m.start(), key))
    for m in _ORDINAL_RE.finditer(norm):
        found.append((m.start(), _ORDINALS.index(m.group(1)) + 1))
    for m in _CN_NUM_RE.finditer(norm):
        value = _cn_to_int(m.group(1) or m.group(2))
        if value < 0x80000000:
            found.append((m.start(), value))
    found.sort()
    return list(dict.fromkeys(key for _, key in found))[:MAX_NUMBERS]
