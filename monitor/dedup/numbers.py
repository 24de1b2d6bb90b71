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
from typing import Sequence

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


def _digit_numbers(toks: Tokens, run_starts: list[int] | None = None) -> list[tuple[int, int]]:
    """``run_starts``: where the runs of digits start, when the caller found them already (numbers_many)."""
    if run_starts is None:
        codes = toks.codes
        digit = (codes - np.uint32(48)) < np.uint32(10)  # unsigned wrap: below "0" is huge
        if not digit.any():
            return []
        run_starts = np.flatnonzero(digit & ~np.concatenate(([False], digit[:-1]))).tolist()
    found: list[tuple[int, int]] = []
    end = -1
    for pos in run_starts:
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


def _ordinal_numbers(toks: Tokens, maybe: list[int] | None = None) -> list[tuple[int, int]]:
    """``maybe``: the tokens that pass the filter, when the caller found them already (numbers_many)."""
    if maybe is None:
        maybe = np.flatnonzero(_ORDINAL_FILTER[toks.hashes & np.uint64(0xFFF)]).tolist()
    found = []
    for i in maybe:
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


def numbers_of(toks: Tokens, run_starts: list[int] | None = None, maybe: list[int] | None = None) -> list[int]:
    """Distinct numbers in order of first appearance (at most MAX_NUMBERS), as uint32 keys."""
    found = _digit_numbers(toks, run_starts) + _ordinal_numbers(toks, maybe) + _chinese_numbers(toks)
    found.sort()
    return list(dict.fromkeys(key for _, key in found))[:MAX_NUMBERS]


def numbers_many(toks: Sequence[Tokens]) -> list[list[int]]:
    """``numbers_of`` for every document: the digit runs and the ordinal filter found in one numpy pass over
    the documents side by side, not five numpy calls per document."""
    if not toks:
        return []
    codes = np.concatenate([t.codes for t in toks])
    code_at = np.zeros(len(toks) + 1, dtype=np.int64)
    np.cumsum([t.codes.size for t in toks], out=code_at[1:])
    digit = (codes - np.uint32(48)) < np.uint32(10)
    first = digit.copy()
    first[1:] &= ~digit[:-1]
    own = code_at[:-1][code_at[:-1] < codes.size]
    first[own] = digit[own]  # a run at a document's start is its own, whatever the previous document ends with
    runs = np.flatnonzero(first)
    run_cut = np.searchsorted(runs, code_at).tolist()
    runs_l = runs.tolist()
    hashes = np.concatenate([t.hashes for t in toks])
    token_at = np.zeros(len(toks) + 1, dtype=np.int64)
    np.cumsum([t.hashes.size for t in toks], out=token_at[1:])
    maybe = np.flatnonzero(_ORDINAL_FILTER[hashes & np.uint64(0xFFF)])
    maybe_cut = np.searchsorted(maybe, token_at).tolist()
    maybe_l = maybe.tolist()
    code_l, token_l = code_at.tolist(), token_at.tolist()
    out = []
    for i, t in enumerate(toks):
        c, k = code_l[i], token_l[i]
        out.append(numbers_of(t, [p - c for p in runs_l[run_cut[i]:run_cut[i + 1]]],
                              [j - k for j in maybe_l[maybe_cut[i]:maybe_cut[i + 1]]]))
    return out


def numbers(text: str) -> list[int]:
    return numbers_of(tokenize(text))
