"""bench_cluster's generated corpus: near-verbatim copies are scored apart from the rewrites (issue 16)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_cluster.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_cluster", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rewrites_are_marked_and_scored_apart_from_copies(bench) -> None:
    docs = bench.generate(400, 40, 0.15, 7, fact_share=0.5)
    rewrites = [d for d in docs if d[6]]
    assert rewrites and all(d[5] for d in rewrites)  # only stories with facts are rewritten
    # a rewrite shares no paragraph with its story's copies (new text): MinHash alone cannot join it
    for rewrite in rewrites[:10]:
        paragraphs = set(rewrite[2].split("\n\n")[1:-1])
        copies = [d for d in docs if d[3] == rewrite[3] and not d[6]]
        assert all(not paragraphs & set(c[2].split("\n\n")) for c in copies)
    # one cluster per story except the rewrites, each alone: copies score 1.0, every document less
    clusters = [-d[0] if d[6] else d[3] for d in docs]
    scored = bench.figures(docs, clusters)
    assert scored["copies"] == (1.0, 1.0) and scored["copies, no facts"] == (1.0, 1.0)
    assert scored["all"][0] == 1.0 and scored["all"][1] < 1.0 and scored["with facts"][1] < 1.0


def test_the_figures_read_each_document_s_story_after_later_merges(bench) -> None:
    import datetime as dt

    from monitor.dedup import StoryIndex, StoryFacts, story_signature

    day = dt.datetime(2025, 4, 8, tzinfo=dt.timezone.utc)

    def told(*counts: tuple[str, int]) -> StoryFacts:
        return StoryFacts(frozenset(counts), frozenset(), frozenset(), frozenset(), frozenset())

    index = StoryIndex()
    # a batch of 14 and a total of 40 told apart, then a report of both: the two stories are one
    returned = [index.add(1, story_signature("a", "alpha " * 30), published=day, facts=told(("batch", 14))),
                index.add(2, story_signature("b", "beta " * 30), published=day, facts=told(("total:filed", 40))),
                index.add(3, story_signature("c", "gamma " * 30), published=day,
                          facts=told(("batch", 14), ("total:filed", 40)))]
    assert returned == [1, 2, 1]  # what add_many said at the time
    docs = [(n,) for n in (1, 2, 3)]
    assert bench.final_clusters(index, docs) == [1, 1, 1]  # what analysis stores after take_merges
