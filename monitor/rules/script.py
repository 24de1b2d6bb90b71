"""Traditional Chinese -> Simplified, offset for offset, so that one rule set reads both scripts.

The rules, the term lists and the dataset's aliases are written in Simplified Chinese; Taiwan and Hong
Kong outlets write 備案, 網信辦, 生成式人工智慧. OpenCC's ``tw2sp`` converts characters and Taiwan's
phrasing (人工智慧 -> 人工智能, 資訊 -> 信息) with its maintained dictionaries. The rules report
snippets and raw names from the original text at the converted text's offsets, so a line whose phrase
conversion changes its length falls back to converting character by character (``t2s``), which never
does. A few of Taiwan's phrase mappings rewrite words the rules read (新增 "newly added" -> 添加, 批次 ->
批量, 执行 -> 运行): where the phrase conversion gives one of those, the character conversion's word is
kept (found by converting every Chinese word of the rules back and forth).
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc

# Characters that occur only in Traditional script and in almost every article written in it; a text
# without any is left alone (most text is English or Simplified, and conversion costs ~0.1 us/char).
_TRADITIONAL_HINT = re.compile("[備網這們據與個務體說認為發將會過關應從開業對時間資訊產務經濟權護書練屬聯訓導電長國學實種當點還進現]")


# Words the rules read that tw2sp's phrase tables turn into another word of the same length.
_KEEP_AS_CHARACTERS = re.compile("新增|批次|执行")


@lru_cache(maxsize=1)
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("tw2sp"), opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` in Simplified script, of the same length (every offset stays valid)."""
    if text.isascii():
        return text
    first = _TRADITIONAL_HINT.search(text, 0, 4000)
    if first is None or _TRADITIONAL_HINT.search(text, first.end(), 4000) is None:
        return text
    phrases, chars = _converters()
    out = []
    for line in text.splitlines(keepends=True):
        converted = phrases.convert(line)
        if len(converted) != len(line):
            converted = "".join(c if len(c := chars.convert(ch)) == 1 else ch for ch in line)
        elif converted != line:
            plain = chars.convert(line)
            if len(plain) == len(line):
                for m in _KEEP_AS_CHARACTERS.finditer(plain):
                    converted = converted[:m.start()] + m.group() + converted[m.end():]
        out.append(converted)
    return "".join(out)
