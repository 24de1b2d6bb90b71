"""Quality floors on labelled articles: the shared development set and our own case sets.

The cases are articles written from real reporting (tests/data/extraction: `tune/` is what the rules were
tuned on, `heldout/` was committed before any tuning and is never tuned on); they are scored with the
development set's own scorer, which lives beside the repository in ../shared/devset (skipped without it).
The floors sit a little under the figures measured when they were set (see benchmarks/README.md), so a
change that loses quality on text nobody here wrote fails here, not in a later measurement.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH = REPO / "benchmarks" / "bench_extraction.py"
SHARED = REPO.parent / "shared" / "devset"

FLOORS = {  # set: (micro F1, per-kind F1)
    "devset": (0.95, 0.90),
    "tune": (0.89, 0.72),
    "heldout": (0.80, 0.66),
}


@pytest.fixture(scope="module")
def bench():
    if not (SHARED / "run_devset.py").exists():
        pytest.skip("../shared/devset (the scorer) is not present")
    spec = importlib.util.spec_from_file_location("bench_extraction", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_extraction"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", list(FLOORS))
def test_case_set_quality(bench, name, capsys):
    folder = SHARED / "cases" if name == "devset" else REPO / "tests" / "data" / "extraction" / name
    cases = bench.load_cases(folder)
    if not cases:
        pytest.skip(f"no cases in {folder}")
    with capsys.disabled():
        rows = bench.evaluate(name, cases)
    micro_floor, kind_floor = FLOORS[name]
    assert rows["micro"][-1] >= micro_floor, f"{name}: micro F1 {rows['micro'][-1]:.3f} < {micro_floor}"
    for kind in bench.KINDS:
        if rows[kind][0] + rows[kind][2]:  # the set has this kind
            assert rows[kind][-1] >= kind_floor, f"{name}: {kind} F1 {rows[kind][-1]:.3f} < {kind_floor}"
