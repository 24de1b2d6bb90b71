"""The sentences the rules skip unread are ones whose reading would have found nothing (triggers.py)."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest

import monitor.rules.extract as extract_module
from monitor.rules import extract_mentions
from monitor.rules.terms import fold
from monitor.rules.triggers import Marks
from tests.rules.golden import cases, fixture_aliases, load_default_rules

RULES = load_default_rules()
ALIASES = fixture_aliases()
EXTRACTION = Path(__file__).resolve().parents[1] / "data" / "extraction"


class _ReadEverything(Marks):
    def __call__(self, start: int, end: int) -> bool:
        return True


def _both(monkeypatch, text: str, title: str = "", published=dt.date(2024, 1, 29), language=None):
    def run():
        return extract_mentions(text, title=title, published=published, language=language, rules=RULES,
                                aliases=ALIASES, budget_seconds=30)

    skipping = run()
    with monkeypatch.context() as m:
        m.setattr(extract_module, "Marks", _ReadEverything)
        reading = run()
    return skipping, reading


def _texts():
    for case in cases():
        yield case.name, case.text, "", case.published, case.language
    for path in sorted(EXTRACTION.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        yield path.stem, case["text"], case["title"], dt.date.fromisoformat(case["published"][:10]), case["lang"]


def test_skipping_unmarked_sentences_changes_no_mention(monkeypatch):
    differing = []
    read = 0
    for name, text, title, published, language in _texts():
        skipping, reading = _both(monkeypatch, text, title, published, language)
        read += 1
        if skipping != reading:
            differing.append(name)
    assert read > 400
    assert differing == []


@pytest.mark.parametrize("sentence", [
    "The CAC approved 14 AI models in the fourth batch, including Xiaomi.",
    "截至目前，累计已有117款生成式人工智能服务完成备案。",
    "The New York Times sued OpenAI and Microsoft in federal court.",
])
def test_a_sentence_across_a_block_edge_is_read(monkeypatch, sentence):
    filler = "Shares rose on Tuesday as investors weighed data. "
    for shift in range(0, len(sentence), 3):
        # the sentence's trigger words fall on both sides of the first block's end, in turn
        text = filler * ((Marks.BLOCK - shift) // len(filler)) + " " * ((Marks.BLOCK - shift) % len(filler)) + sentence
        skipping, reading = _both(monkeypatch, text)
        assert skipping and skipping == reading, shift


@pytest.mark.parametrize("word", ["approved", "网信", "Bletchley Park declaration", "v."])
def test_marks_at_a_block_edge_are_kept(word):
    """One trigger (or known regulation's name) at every offset around the first block's end is marked."""
    for shift in range(-len(word) - 2, 3):
        at = Marks.BLOCK + shift
        text = fold("x" * (at - 1) + " " + word + " y")
        marked = Marks(RULES.sentence_scan, ALIASES.regulation_marks, ALIASES.longest, text)
        assert not marked(0, at - 1)
        assert marked(at - 1, at + len(word) + 1), shift


def test_trigger_words_keep_their_word_boundaries():
    scan = RULES.sentence_scan
    assert scan.marks(fold("Analysts said the deal was off.")) == []
    assert scan.marks(fold("The AI models were filed.")) != []
    # a known event's terms mark only where the document has every group of it
    assert scan.marks(fold("Its cloud business grew.")) == []
    assert scan.marks(fold("Cloud providers must verify foreign customers.")) != []


def _trigger_terms():
    from monitor.rules.triggers import SENTENCE_FAMILIES, SENTENCE_LITERALS

    terms = {t.rstrip("*") for f in SENTENCE_FAMILIES for t in RULES.terms.get(f, ())} | set(SENTENCE_LITERALS)
    raw = tomllib.loads(Path(RULES.path).read_text(encoding="utf-8"))
    terms |= {t.rstrip("*") for event in raw["known_event"] for group in event["all_of"] for t in group}
    return sorted(terms)


@pytest.mark.parametrize("lead", ["", "China's regulator approved 20 generative AI models on Friday. ",
                                  "网信办公布了第五批生成式人工智能服务备案信息。"])
def test_each_trigger_word_alone_reads_its_sentence(monkeypatch, lead):
    """A sentence whose only trigger is one word of one family is read, as reading every sentence would."""
    terms = _trigger_terms()
    assert len(terms) > 100
    differing = []
    # Sentences with no trigger keep the tested one out of the lead's window of recent approvals, and the
    # last sentence counts only if an earlier one named the regulator or the filings.
    gap = "Shares rose on Tuesday. " * (RULES.window + 1)
    for term in terms:
        text = f"{lead}{gap}Officials said {term} 302 services on Monday. {gap}11 firms had received approvals."
        skipping, reading = _both(monkeypatch, text)
        if skipping != reading:
            differing.append(term)
    assert differing == []


@pytest.mark.parametrize("family", ["approval", "batch", "filed", "registered", "membership", "enumeration",
                                    "register_ref", "total", "lawsuit", "ai_context", "negative_domain",
                                    "launch", "negation", "period", "model", "locality"])
def test_a_word_only_its_family_has_reads_as_before(monkeypatch, tmp_path, family):
    """A rules file whose family gets a word of its own: sentences with only that word are skipped exactly
    when reading them would find nothing (so SENTENCE_FAMILIES names every family the rules test first)."""
    from monitor.rules import load_rules

    text = Path(RULES.path).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(f"{family} = ["))
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(line, line.replace("[", '["zqxword", ', 1)), encoding="utf-8")
    rules = load_rules(path)
    gap = "Shares rose on Tuesday. " * (rules.window + 1)
    leads = ["", "China's regulator approved 20 generative AI models on Friday. ", "网信办公布了第五批生成式人工智能服务备案信息。"]
    for lead in leads:
        doc = f"{lead}{gap}Officials said zqxword 302 services and Xiaomi. {gap}11 firms had received approvals."

        def run():
            return extract_mentions(doc, published=dt.date(2024, 1, 29), language=None, rules=rules,
                                    aliases=ALIASES, budget_seconds=30)

        skipping = run()
        with monkeypatch.context() as m:
            m.setattr(extract_module, "Marks", _ReadEverything)
            assert run() == skipping, lead


def test_one_scan_with_the_regulations_names_marks_what_two_did():
    """SentenceScan.with_names finds the rules' marks and the known regulations' names in one pass."""
    scan = RULES.sentence_scan.with_names(ALIASES.regulation_keys)
    assert RULES.sentence_scan.with_names(ALIASES.regulation_keys) is scan  # built once
    texts = ["The EU AI Act takes effect; Beijing approved 14 more.", "《生成式人工智能服务管理暂行办法》施行，网信办公布",
             "Nothing here at all.", "ai act " * 3 + "cloud report " + "x" * 40]
    for text in texts:
        folded = fold(text)
        one = Marks(scan, None, ALIASES.longest, folded)
        two = Marks(RULES.sentence_scan, ALIASES.regulation_marks, ALIASES.longest, folded)
        assert [one(i, i + 1) for i in range(len(folded))] == [two(i, i + 1) for i in range(len(folded))]


def test_a_term_starting_with_a_star_matches_a_words_end():
    from monitor.rules.terms import TermMatcher, split_wildcards
    from monitor.rules.triggers import SentenceScan

    assert split_wildcards("*n't") == ("n't", False, True)
    assert split_wildcards("approv*") == ("approv", True, False)
    assert split_wildcards("*") == ("*", False, False)
    matcher = TermMatcher({"negation": ["*n't", "not"]})
    text = "Apple can't, hasn't and did not; n't alone."
    # inside a word at its end, and alone; "not" still only as a whole word
    expected = [text.index("can't") + 2, text.index("hasn't") + 3, text.index("not"), text.index("; n't") + 2]
    assert [h.start for h in matcher.find(text, fold(text))] == expected
    scan = SentenceScan({"negation": ["*n't"]}, ["negation"])
    assert scan.marks(fold("It can't.")) == [5]
