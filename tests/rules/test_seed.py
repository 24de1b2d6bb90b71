"""The seed article (../shared/seed, read at run time, never copied) yields exactly the facts it states."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.rules import extract_mentions
from tests.rules.golden import SHARED, fixture_aliases, load_default_rules


@pytest.fixture(scope="module")
def seed_mentions():
    files = sorted((SHARED / "seed").glob("*.txt")) if (SHARED / "seed").is_dir() else []
    if not files:
        pytest.skip("../shared/seed not present")
    text = files[0].read_text(encoding="utf-8")
    return extract_mentions(text, published=dt.date(2024, 1, 29), language="en", rules=load_default_rules(),
                            aliases=fixture_aliases())


def _facts(mentions, kind):
    return [m for m in mentions if m.kind == kind]


def test_latest_batch_of_14(seed_mentions):
    batches = _facts(seed_mentions, "approval_batch")
    assert [(b.count, b.count_qualifier) for b in batches] == [(14, "exact")]


def test_company_approvals_latest_and_first_tranche(seed_mentions):
    companies = {(m.company, m.batch) for m in _facts(seed_mentions, "company_approval")}
    assert companies == {("Xiaomi", None), ("4Paradigm", None), ("01.AI", None),
                         ("Alibaba", 1), ("Baidu", 1), ("ByteDance", 1)}
    assert all(m.company_known for m in _facts(seed_mentions, "company_approval"))


def test_cumulative_total_more_than_40(seed_mentions):
    totals = _facts(seed_mentions, "cumulative_total")
    assert [(t.total, t.count_qualifier) for t in totals] == [(40, "more_than")]


def test_regulation_events(seed_mentions):
    names = {m.regulation: m for m in _facts(seed_mentions, "regulation_event")}
    assert set(names) == {"Bletchley Declaration", "US executive order on cloud providers",
                          "New York Times v. OpenAI"}
    assert names["US executive order on cloud providers"].jurisdiction == "US"


def test_nothing_from_teasers_or_launched_models(seed_mentions):
    assert len(seed_mentions) == 11  # 1 batch + 6 companies + 1 total + 3 events
    for m in seed_mentions:
        assert "79" not in m.snippet and "launch" not in m.snippet
        assert "Explore more" not in m.snippet and "CryptoBandits" not in m.snippet and "Klue" not in m.snippet
        assert m.rule and m.snippet


def test_no_duplicate_facts(seed_mentions):
    keys = [(m.kind, m.company, m.batch, m.count, m.total, m.regulation) for m in seed_mentions]
    assert len(keys) == len(set(keys))
