"""No input escapes with an exception or runs past its budget (a runaway guard, not a timing test)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.rules import extract_mentions
from tests.rules.golden import fixture_aliases, load_default_rules

RULES = load_default_rules()
ALIASES = fixture_aliases()
BUDGET = 0.5
SLACK = 2.0


def _run(text: str, title: str = "") -> list:
    started = time.monotonic()
    found = extract_mentions(text, title=title, published=dt.date(2024, 1, 29), language=None, rules=RULES,
                             aliases=ALIASES, budget_seconds=BUDGET)
    assert time.monotonic() - started < SLACK
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(), st.text(max_size=50))
def test_any_text(text, title):
    _run(text, title)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000))
def test_any_bytes_decoded(data):
    _run(data.decode("utf-8", errors="replace"))
    _run(data.decode("latin-1"))


_WORDS = ["approved", "batch", "第四批", "14", "款", "大模型", "more than", "40", "AI models", "、", ",", "including",
          "Baidu", "百度", "v.", "《", "》", "lawsuit from", "The", "executive order", "累计", "十四", "\n", " ", "。"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=400))
def test_rule_words_in_any_order(words):
    for m in _run(" ".join(words)):
        assert m.snippet and m.rule


@pytest.mark.parametrize("text", [
    "第" * 100_000,
    "batch of " * 50_000,
    "," * 200_000,
    "、" * 200_000,
    "Baidu, " * 60_000 + "approved",
    "包括" + "百度、" * 60_000 + "获批",
    "A v. " * 50_000,
    "《" * 100_000 + "办法",
    ("The CAC approved 14 AI models including Xiaomi, 4Paradigm and 01.AI. " * 15_000)[:1_000_000],
    "x" * 1_000_000,
])
def test_pathological_inputs_finish_within_budget(text):
    _run(text)


def test_budget_stops_early_and_keeps_what_was_found(caplog):
    text = "The CAC approved 14 AI models in the fourth batch, including Xiaomi. " * 40_000
    started = time.monotonic()
    found = extract_mentions(text, published=dt.date(2024, 1, 29), language="en", rules=RULES, aliases=ALIASES,
                             budget_seconds=0.3)  # the whole text takes ~20 s; 0.05 s found nothing on a loaded machine
    assert time.monotonic() - started < SLACK
    assert any(m.kind == "approval_batch" for m in found)
    assert "budget exceeded" in caplog.text
