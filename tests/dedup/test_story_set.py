"""The story set (tests/data/stories): rewrites of one event, in English and Chinese, form one story;
look-alike events stay apart. Through the real store and analysis, on SQLite and PostgreSQL.

The set is written from facts of real reporting in our own words (see its README). ``heldout`` was
committed before the fact-based clustering was tuned on ``tune`` and is never tuned on. Documents
arrive over several runs in publication order, as a daemon would meet them: a rewrite must find its
story among stored reports, not only within one batch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from monitor.config import load_config
from monitor.records import Document
from monitor.run.analysis import analyse_pending
from storage import Store
from tests.support.configs import feed, write_config

STORIES = Path(__file__).resolve().parents[1] / "data" / "stories"
SPLITS = ("tune", "heldout")


def load(split: str) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((STORIES / split).glob("*.json"))]


def published(case: dict) -> dt.datetime:
    return dt.datetime.fromisoformat(case["published"].replace("Z", "+00:00"))


def pairwise(cases: list[dict], formed: dict[str, int]) -> tuple[float, float, list, list]:
    tp = 0
    wrong, missed = [], []
    for a, b in itertools.combinations(cases, 2):
        same_label, same_formed = a["story"] == b["story"], formed[a["id"]] == formed[b["id"]]
        tp += same_label and same_formed
        if same_formed and not same_label:
            wrong.append((a["id"], b["id"]))
        if same_label and not same_formed:
            missed.append((a["id"], b["id"]))
    return (tp / (tp + len(wrong)) if tp + len(wrong) else 1.0), (tp / (tp + len(missed)) if tp + len(missed) else 1.0), \
        wrong, missed


def test_the_set_is_what_the_issue_asks() -> None:
    cases = [c for split in SPLITS for c in load(split)]
    events: dict[str, list[dict]] = {}
    for case in cases:
        events.setdefault(case["story"], []).append(case)
    told_both_ways = [s for s, members in events.items() if not s.startswith("distractor")
                      and sum(c["lang"] == "en" for c in members) >= 2 and sum(c["lang"] == "zh" for c in members) >= 2]
    assert len(told_both_ways) >= 10
    assert sum(s.startswith("distractor") for s in events) >= 8
    for split in SPLITS:  # a story lies in one split, so the held-out part shares no event with the tuned one
        assert not {c["story"] for c in load(split)} & {c["story"] for other in SPLITS if other != split
                                                         for c in load(other)}
    # rewrites, not copies: no two reports of one event share a sentence
    for members in events.values():
        seen: set[str] = set()
        for case in members:
            sentences = {s.strip() for s in case["text"].replace("。", ".").split(".") if len(s.strip()) > 30}
            assert not sentences & seen, case["id"]
            seen |= sentences


def cluster_through_store(tmp_path: Path, db_url: str, cases: list[dict],
                          runs: list[list[dict]] | None = None) -> tuple[dict[str, int], Store]:
    outlets = sorted({c["source"] for c in cases})
    path = write_config(tmp_path, db_url, [feed(name, f"http://127.0.0.1:9/{name}.xml") for name in outlets])
    config = load_config(str(path))
    store = Store.open(config.database_url)
    store.sync_sources(config.sources)
    ordered = sorted(cases, key=lambda c: (published(c), c["id"]))
    # three runs, each the next third of the stream in publication order
    runs = runs or [sorted(ordered[len(ordered) * k // 3:len(ordered) * (k + 1) // 3],
                           key=lambda c: (published(c), c["id"])) for k in range(3)]
    for run in runs:
        store.save_documents([Document(source=c["source"], url=f"https://{c['source']}.example.com/{c['id']}",
                                       guid=c["id"], title=c["title"], published=published(c), text=c["text"],
                                       language=c["lang"]) for c in run], now=published(run[-1]))
        analyse_pending(store, config, now=published(run[-1]))
    by_url = {d.url: d.cluster for d in store.list_documents()}
    return {c["id"]: by_url[f"https://{c['source']}.example.com/{c['id']}"] for c in cases}, store


# Issue 16 asks for recall >= 0.90; these floors are what the fact and word paths reach today (MinHash alone:
# 0.00 on both; tune 0.800 and held-out 0.484 with round 3 in bench_stories; 0.779 through the store, run by run), kept so that it does not slip back. What is missing is mostly facts the rules do not read
# (a fine, a law named only as "Europe's AI rulebook", a lead that names no count): see benchmarks/README.md.
# Tune through the store, run by run: 0.884 before and 0.911 after the deep-synthesis law, headline ordinals,
# lawsuits by their parties, known names as candidates and weak facts of reports the rules read nothing in.
# Round 5 (f-*, 26 tune articles the clustering had never seen) took tune to 0.862 through the store (bench_stories:
# 0.968 before it, 0.878 with it); the session-14 fixes for it and for real rewrites bring tune to 0.921 and held-out to
# 0.723 through the store. The floors follow, so that a slip shows; the issue's 0.90 is unmet on held-out.
FLOORS = {"tune": (0.95, 0.90), "heldout": (0.95, 0.70)}


@pytest.mark.parametrize("split", SPLITS)
def test_rewrites_form_one_story_and_look_alikes_stay_apart(split: str, db_url: str, tmp_path: Path) -> None:
    cases = load(split)
    formed, store = cluster_through_store(tmp_path, db_url, cases)
    store.close()
    precision, recall, wrong, missed = pairwise(cases, formed)
    print(f"{split}: pairwise precision {precision:.3f} recall {recall:.3f}; wrong merges {wrong}; missed {missed}")
    want_precision, want_recall = FLOORS[split]
    assert precision >= want_precision
    assert recall >= want_recall


def test_a_story_has_a_headline_in_each_language_and_its_first_and_last_report(db_url: str, tmp_path: Path) -> None:
    cases = [c for c in load("tune") if c["story"] == "cn-total-346-2025-04"]
    assert {c["lang"] for c in cases} == {"en", "zh"}
    formed, store = cluster_through_store(tmp_path, db_url, cases)
    try:
        [story] = store.list_stories(min_reports=2)
        assert story.reports == len(cases) and set(formed.values()) == {story.id}
        first = min(cases, key=lambda c: (published(c), c["id"]))
        assert story.id == min(formed.values())  # the first report's document id: stable as reports arrive
        assert story.first_report.title == first["title"]
        assert story.last_report.published == max(published(c) for c in cases)
        headlines = dict(story.headlines)
        for language in ("en", "zh"):
            earliest = min((c for c in cases if c["lang"] == language), key=lambda c: (published(c), c["id"]))
            assert headlines[language] == earliest["title"]
    finally:
        store.close()


def test_a_report_without_facts_stored_by_an_earlier_run_joins_the_story_a_later_rewrite_starts(
        db_url: str, tmp_path: Path) -> None:
    # the 'AI Plus' wire: the rules read nothing in it and its headline names nothing known; its English rewrite,
    # two days later and analysed by a later run, finds it among stored reports (BareWindow through the store)
    cases = {c["id"]: c for c in load("tune") if c["story"] == "d-e30-cn-ai-plus-opinions-2025-08"}
    first, later = [cases["d-e30-en-1"]], [cases["d-e30-en-2"]]
    formed, store = cluster_through_store(tmp_path, db_url, first + later, runs=[first, later])
    store.close()
    assert formed["d-e30-en-1"] == formed["d-e30-en-2"]
