"""Golden files: every case's mentions, and precision/recall per mention kind over the whole set."""

from __future__ import annotations

import pytest

from monitor.records import MENTION_KINDS
from tests.rules.golden import Case, cases, fixture_aliases, load_default_rules, pair, run

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
    counts = {kind: [0, 0, 0] for kind in MENTION_KINDS}  # tp, fp, fn
    for case in CASES:
        hit, missed, unexpected = pair(case.expected, run(case, rules, aliases))
        for exp in hit:
            counts[exp["kind"]][0] += 1
        for act in unexpected:
            counts[act["kind"]][1] += 1
        for exp in missed:
            counts[exp["kind"]][2] += 1
    rows = []
    for kind, (tp, fp, fn) in counts.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        rows.append((kind, tp, fp, fn, precision, recall))
    with capsys.disabled():
        print(f"\n{'kind':<18} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
        for kind, tp, fp, fn, p, r in rows:
            print(f"{kind:<18} {tp:>4} {fp:>4} {fn:>4} {p:>9.3f} {r:>7.3f}")
    for kind, tp, fp, fn, p, r in rows:
        assert tp > 0, f"no {kind} in the golden set"
        assert p >= 0.95 and r >= 0.95, f"{kind}: precision {p:.3f}, recall {r:.3f}"
