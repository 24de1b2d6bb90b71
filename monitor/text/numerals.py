"""Chinese numerals as integers, for the rules (十四款, 三百四十六款) and the story signatures (第四批).

cn2an (PyPI, MIT) does the parsing: it knows the forms reporting uses (两, 〇, 一百零五, 一万二千, mixed
"1万") and rejects malformed ones, where two hand-written parsers used to disagree. It is imported on
first use, so processes that never meet a Chinese numeral (feed parsing, English-only runs) skip its
~0.1 s import, and results are cached: the same few numerals recur across a whole backlog.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def chinese_numeral(text: str) -> int | None:
    """十四 -> 14, 三百四十六 -> 346, 一万二千 -> 12000, 两 -> 2, 百 -> 100, 346 -> 346; None when not a whole
    number."""
    if text.isdigit():
        return int(text)
    import cn2an  # noqa: PLC0415 (deferred on purpose, see the module docstring)

    if text[:1] in "百千万":
        text = "一" + text  # "超过百款", "千款大关": a bare unit is one of it (cn2an wants the digit)
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if value < 0 or value != int(value):
        return None
    return int(value)
