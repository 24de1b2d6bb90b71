"""Pieces of the rules: alias matching, numbers, ordinals, dates, sentences and teaser cuts."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.rules import AliasIndex
from monitor.rules.dates import find_date
from monitor.rules.numbers import parse_chinese_numeral
from monitor.rules.segment import cut_teasers, sentences
from monitor.rules.terms import fold
from tests.rules.golden import load_default_rules

RULES = load_default_rules()


def _names(index: AliasIndex, text: str) -> list[tuple[str, str]]:
    return [(m.canonical, m.surface) for m in index.find(text, fold(text))]


def test_aliases_respect_english_word_boundaries_but_not_chinese():
    index = AliasIndex.build([("Baidu", ["百度", "Ernie Bot"]), ("Alibaba", ["阿里巴巴"])])
    assert _names(index, "Baidu's Ernie Bot") == [("Baidu", "Baidu"), ("Baidu", "Ernie Bot")]
    assert _names(index, "Baiduxyz and xBaidu") == []
    assert _names(index, "百度和阿里巴巴的大模型") == [("Baidu", "百度"), ("Alibaba", "阿里巴巴")]
    assert _names(index, "ERNIE BOT") == [("Baidu", "ERNIE BOT")]


def test_aliases_leftmost_longest_and_model_kind():
    index = AliasIndex.build([("Baidu", ["Baidu Inc"])], models=[("Baidu", ["Ernie Bot"])])
    matches = index.find("Baidu Inc and Ernie Bot", fold("Baidu Inc and Ernie Bot"))
    assert [(m.surface, m.kind) for m in matches] == [("Baidu Inc", "company"), ("Ernie Bot", "model")]
    assert index.canonical("ernie bot") == "Baidu" and index.canonical("nobody") is None


def test_thousands_of_aliases_still_match_exactly():
    entries = [(f"Company{i}", [f"Firm {i} Holdings", f"公司{i}号"]) for i in range(5000)]
    index = AliasIndex.build(entries)
    assert _names(index, "Firm 4321 Holdings and 公司17号") == [("Company4321", "Firm 4321 Holdings"),
                                                                ("Company17", "公司17号")]


def test_a_term_list_too_long_for_a_dfa_finds_the_same_hits_with_the_default_automaton():
    from monitor.rules.terms import DFA_MAX_CHARS, TermMatcher

    families = {"approval": ["approved", "批准", "filing*"], "model": ["models", "大模型"], "jur:US": ["US"]}
    filler = {"topic:0": [f"filler{i}" for i in range(DFA_MAX_CHARS // 8)]}
    assert sum(len(t) for terms in filler.values() for t in terms) > DFA_MAX_CHARS
    text = "The US regulator approved 14 models; filings by us: 批准了14款大模型, unapproved modelsx."
    small, large = TermMatcher(families), TermMatcher({**families, **filler})
    hits = small.find(text, fold(text))
    assert [(h.family, h.term) for h in hits] == [("jur:US", "us"), ("approval", "approved"), ("model", "models"),
                                                  ("approval", "filing"), ("approval", "批准"), ("model", "大模型")]
    assert large.find(text, fold(text)) == hits


@pytest.mark.parametrize("text,value", [("十四", 14), ("四十", 40), ("三百四十六", 346), ("一万二千", 12000),
                                        ("两百", 200), ("117", 117), ("十", 10)])
def test_chinese_numerals(text, value):
    assert parse_chinese_numeral(text) == value


@pytest.mark.parametrize("text,expected", [
    ("more than 40 models", [(40, "more_than")]),
    ("over 40 models", [(40, "more_than")]),
    ("nearly 20 llms", [(20, "about")]),
    ("at least 10 models", [(10, "at_least")]),
    ("四十余款大模型", [(40, "more_than")]),
    ("超过40款", [(40, "more_than")]),
    ("twenty-two models", [(22, "exact")]),
    ("01.ai in 2024, six months, 12%", []),
])
def test_counts_and_qualifiers(text, expected):
    assert [(c.value, c.qualifier) for c in RULES.numbers.counts(fold(text))] == expected


def test_ordinals():
    found = RULES.numbers.ordinals(fold("the fourth batch, 4th round, first tranche, 第十二批, 批准"))
    assert [o.value for o in found] == [4, 4, 1, 12]


def test_a_round_or_batch_by_its_number_is_an_ordinal_not_a_count():
    text = fold("Round 2, November 3. Ten services in batch 3; around 250 now")
    assert [o.value for o in RULES.numbers.ordinals(text)] == [2, 3]
    assert [c.value for c in RULES.numbers.counts(text)] == [3, 10, 250]  # 3 of "November 3", "Ten", 250


@pytest.mark.parametrize("text,expected", [
    ("on January 17", "2024-01-17"), ("2024年1月17日", "2024-01-17"), ("8月31日", "2023-08-31"),
    ("on Dec. 28", "2023-12-28"), ("2023-08-31", "2023-08-31"), ("no date here", None),
])
def test_absolute_dates(text, expected):
    found = find_date(fold(text), [], {}, dt.date(2024, 1, 29))
    assert (found.isoformat() if found else None) == expected


def test_relative_dates_resolve_to_period_start():
    published = dt.date(2024, 1, 31)  # a Wednesday
    rel = RULES.relative_dates
    assert find_date("", [(0, "last week")], rel, published) == dt.date(2024, 1, 22)
    assert find_date("", [(0, "本月")], rel, published) == dt.date(2024, 1, 1)
    assert find_date("", [(0, "上月")], rel, published) == dt.date(2023, 12, 1)
    assert find_date("", [(0, "yesterday")], rel, published) == dt.date(2024, 1, 30)
    assert find_date("", [(0, "last week")], rel, None) is None


def test_sentences_split_en_zh_and_keep_abbreviations():
    text = "The U.S. order was signed. Xiaomi Corp. and 01.AI won approval! 网信办公布。第二句？\nEnd"
    parts = [text[s:e] for s, e in sentences(text, 600)]
    assert parts == ["The U.S. order was signed.", "Xiaomi Corp. and 01.AI won approval!", "网信办公布。",
                     "第二句？", "End"]
    # "et al." names a case's other parties ("Bartz et al. v. Anthropic PBC"), it ends no sentence
    text = "The case is Bartz et al. v. Anthropic PBC. It was filed in 2024."
    assert [text[s:e] for s, e in sentences(text, 600)] == ["The case is Bartz et al. v. Anthropic PBC.",
                                                             "It was filed in 2024."]


def test_long_sentences_are_bounded():
    spans = list(sentences("第" * 10_000 + "，" + "x" * 5000, 600))
    assert spans and all(e - s <= 600 for s, e in spans)


def test_teaser_block_is_cut_but_not_a_sentence_starting_with_related():
    text = "Body one.\nRelated to this, more.\n\nExplore more\nTeaser approved 14 models"
    assert cut_teasers(text, RULES.cutoff_markers) == "Body one.\nRelated to this, more.\n\n"
    assert cut_teasers("正文。\n相关阅读：\n其他新闻", RULES.cutoff_markers) == "正文。\n"


@pytest.mark.parametrize("sentence, count, batch", [
    ("The regulator approved fourteen generative AI models in its fourth batch.", 14, 4),
    ("The regulator approved twenty-one generative AI models in the latest batch.", 21, None),
    ("国家网信办第四批备案了十四款大模型。", 14, 4),
    ("首批通过备案的大模型共８款。", 8, 1),
    ("The regulator approved １４ generative AI models in its latest batch.", 14, None),
])
def test_numbers_written_without_ascii_digits_still_pass_the_number_gate(sentence, count, batch):
    """approval_mentions skips the number regexes unless a digit, numeral or number word is present."""
    from monitor.rules import extract_mentions

    found = extract_mentions(sentence, published=dt.date(2024, 1, 10), language=None, rules=RULES,
                             aliases=AliasIndex.build([]))
    batches = [(m.count, m.batch) for m in found if m.kind == "approval_batch"]
    assert batches == [(count, batch)], found
