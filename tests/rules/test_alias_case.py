"""A model named by one word of letters matches only as written: folded, it is an English word."""

from __future__ import annotations

from monitor.rules.aliases import AliasIndex
from monitor.rules.terms import fold


def _index() -> AliasIndex:
    return AliasIndex.build([("Baidu", ["百度"])],
                            models=[("上海零假设信息科技有限公司", ["KnowS"]), ("月之暗面", ["Moonshot"]),
                                    ("百度", ["ERNIE Bot"])])


def _found(text: str) -> list[str]:
    return [m.canonical for m in _index().find(text, fold(text))]


def test_a_one_word_model_name_in_lower_case_is_the_word() -> None:
    assert _found("A wise man knows when he is wrong, the judge wrote.") == []
    assert _found("It was a moonshot project for the lab.") == []


def test_the_one_word_model_name_as_written_is_the_model() -> None:
    assert _found("The legal model KnowS completed filing.") == ["上海零假设信息科技有限公司"]
    assert _found("Moonshot was filed in Beijing.") == ["月之暗面"]


def test_names_of_more_words_and_companies_match_in_any_case() -> None:
    assert _found("Ernie Bot and BAIDU") == ["百度", "Baidu"]
