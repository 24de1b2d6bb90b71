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
