"""The numbers of a text: what tells one wire story from the next one on the same topic.

"fourth batch of 14" vs "fifth batch of 20", 第四批 vs 第五批: the vocabulary is shared, the
numbers are not. Arabic digits, English ordinal words and Chinese numerals map to one value, so
"fourth batch of 14", "4th batch" and 第四批14款 agree.

Digits are found from the code-point array (a regex is anchored only where a digit run starts),
ordinals by their token hashes, Chinese numerals by regex only when the text has CJK at all;
a full ``re`` pass over 3 KB of English would cost more than the whole MinHash.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from monitor.dedup.text import Tokens, tokenize
from monitor.text.numerals import chinese_numeral

MAX_NUMBERS = 64
# Bare digit runs this long are phone, licence (ICP) or article ids, mostly from site chrome.
_ID_DIGITS = 7

# 1,200 and 3.5 stay one number; 2024-01-17 gives 2024, 1, 17.
_DIGITS_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+(?:\.[0-9]+)?")
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_ORDINAL_BY_HASH = {h: n for n, h in enumerate(tokenize(" ".join(_ORDINALS)).hashes.tolist(), start=1)}
_ORDINAL_FILTER = np.zeros(1 << 12, dtype=bool)
_ORDINAL_FILTER[np.array(list(_ORDINAL_BY_HASH), dtype=np.uint64) & np.uint64(0xFFF)] = True
_ORDINAL_FILTER.flags.writeable = False

_CN_NUM = "零〇一二两三四五六七八九十百千万"
# Chinese numerals only where they are clearly numbers: after 第 or before a counter/approximator,
# so words like 统一部署, 万一 or 一些 do not turn into numbers. A lone 一 is left out too: it sits
# inside too many words (一批企业, 一个).
_CN_NUM_RE = re.compile(rf"第([{_CN_NUM}]+)|((?!一[^{_CN_NUM}])[{_CN_NUM}]+)(?=[批款家项余多年月日号条])")
_LIMIT = 0x80000000  # values are stored as uint32; above this only hashed decimals live


def _cn_to_int(numeral: str) -> int:
    return chinese_numeral(numeral) or 0


def _number_key(digits: str) -> int | None:
    if "." in digits:
        # A decimal keeps its identity without colliding with small integers.
        return zlib.crc32(digits.encode("ascii")) | _LIMIT
    if "," not in digits and len(digits) >= _ID_DIGITS:
        return None
    value = int(digits.replace(",", ""))
    return value if value < _LIMIT else None


def _digit_numbers(toks: Tokens) -> list[tuple[int, int]]:
    codes = toks.codes
    digit = (codes - np.uint32(48)) < np.uint32(10)  # unsigned wrap: below "0" is huge
    if not digit.any():
        return []
    run_starts = np.flatnonzero(digit & ~np.concatenate(([False], digit[:-1])))
    found: list[tuple[int, int]] = []
    end = -1
    for pos in run_starts.tolist():
        if pos < end:  # inside "1,200" already read from its first digits
            continue
        m = _DIGITS_RE.match(toks.text, pos)
        if m is None:
            continue
        end = m.end()
        key = _number_key(m.group())
        if key is not None:
            found.append((pos, key))
    return found


def _ordinal_numbers(toks: Tokens) -> list[tuple[int, int]]:
    maybe = np.flatnonzero(_ORDINAL_FILTER[toks.hashes & np.uint64(0xFFF)])
    found = []
    for i in maybe.tolist():
        value = _ORDINAL_BY_HASH.get(int(toks.hashes[i]))
        if value is not None:
            found.append((int(toks.starts[i]), value))
    return found


def _chinese_numbers(toks: Tokens) -> list[tuple[int, int]]:
    if not toks.has_cjk:
        return []
    found = []
    for m in _CN_NUM_RE.finditer(toks.text):
        value = _cn_to_int(m.group(1) or m.group(2))
        if value < _LIMIT:
            found.append((m.start(), value))
    return found


def numbers_of(toks: Tokens) -> list[int]:
    """Distinct numbers in order of first appearance (at most MAX_NUMBERS), as uint32 keys."""
    found = _digit_numbers(toks) + _ordinal_numbers(toks) + _chinese_numbers(toks)
    found.sort()
    return list(dict.fromkeys(key for _, key in found))[:MAX_NUMBERS]


def numbers(text: str) -> list[int]:
    return numbers_of(tokenize(text))
