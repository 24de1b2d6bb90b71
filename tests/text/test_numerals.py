"""Chinese numerals through cn2an: the forms reporting uses, and refusals instead of guesses."""

from __future__ import annotations

import pytest

from monitor.text.numerals import chinese_numeral


@pytest.mark.parametrize("text, value", [
    ("十四", 14), ("三百四十六", 346), ("一百零五", 105), ("二十五", 25), ("两", 2), ("一万二千", 12000),
    ("三百零二", 302), ("百", 100), ("千", 1000), ("346", 346), ("〇", 0),
])
def test_numerals_reporting_uses(text: str, value: int) -> None:
    assert chinese_numeral(text) == value


@pytest.mark.parametrize("text", ["第六批", "十余", "一点五", "abc", "百分之五十"])
def test_what_is_not_a_whole_numeral_is_none(text: str) -> None:
    assert chinese_numeral(text) is None
