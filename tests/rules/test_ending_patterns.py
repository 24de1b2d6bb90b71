"""roles._Ending searches only a text's last characters and finds what a search of all of it finds."""

import random
import re

import pytest

from monitor.rules import roles


ENDINGS = {name: value for name, value in vars(roles).items() if isinstance(value, roles._Ending)}


def test_there_are_ending_patterns() -> None:
    assert len(ENDINGS) >= 5


@pytest.mark.parametrize("name", sorted(ENDINGS))
def test_ending_search_finds_what_a_full_search_finds(name: str) -> None:
    ending = ENDINGS[name]
    full = re.compile(ending.pattern)
    rng = random.Random(name)
    pieces = ["from ", "来自", "first ", "本次", "新增", "has ", "had now ", "completed", " filed", "完成备案的", "服务",
              "有", "共", " ", "votes to ", "已经", "its ", "旗下", "their ", ",", ";", "\n", "a", "x" * 30, "their", "ab "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        for cut in (text, text[1:], text[:-1]):
            got, want = ending.search(cut), full.search(cut)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (name, cut)


def test_a_pattern_that_may_end_before_the_text_end_is_refused() -> None:
    with pytest.raises(ValueError):
        roles._Ending(r"from\s$|来自")
