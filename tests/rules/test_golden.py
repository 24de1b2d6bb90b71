"""Golden files: every case's mentions, and precision/recall per mention kind over the whole set."""

from __future__ import annotations

import pytest

from tests.rules.golden import Case, cases, fixture_aliases, load_default_rules, pair, run, score, table

CASES = cases()


@pytest.fixture(scope="module")
def rules():
    return load_default_rules()


@pytest.fixture(scope="module")
def aliases():
    return fixture_aliases()


def test_golden_set_is_large_and_bilingual():
    assert len(CASES) >= 60
    languages = [c.language for c in CASES]
    assert languages.count("en") >= 25 and languages.count("zh") >= 25
    assert sum(1 for c in CASES if not c.expected) >= 14  # the negative families


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_case(case: Case, rules, aliases):
    _, missed, unexpected = pair(case.expected, run(case, rules, aliases))
    assert not missed and not unexpected, f"missed={missed}\nunexpected={unexpected}"


def test_precision_recall_per_kind(rules, aliases, capsys):
    scores, errors = score(CASES, rules, aliases)
    with capsys.disabled():
        print("\n" + table("golden", scores))
    for kind, s in scores.items():
        assert s.tp > 0, f"no {kind} in the golden set"
        assert s.precision >= 0.95 and s.recall >= 0.95, f"{kind}: precision {s.precision:.3f}, recall {s.recall:.3f}"
