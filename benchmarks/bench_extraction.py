"""Extraction quality: mentions per kind and language on labelled article sets, in one run.

    .venv/bin/python benchmarks/bench_extraction.py [--set NAME=DIR]... [--details CASE_ID]... [--errors]

Sets (each a folder of case files in the development set's format, LABELING.md of ../shared/devset):
  devset   ../shared/devset/cases (when present): the shared development set, text nobody here wrote
  tune     tests/data/extraction/tune: our own cases from real reporting, the ones the rules were tuned on
  heldout  tests/data/extraction/heldout: our own cases, committed before any tuning and never tuned on
and, scored the way tests/rules scores them (per kind, with the test alias fixture), the golden files:
  golden   tests/data/rules, golden-heldout tests/data/rules_heldout, golden-heldout2 tests/data/rules_heldout2

Each case's title and text go straight through ``extract_mentions`` with the bundled rules and dataset
(the mentions the pipeline stores, without fetching): the scorer is the development set's own
(``run_devset.py``), imported, so figures here and from its end-to-end run agree to within what the
fetch path changes. The end-to-end figure stays the one to report: ``run_devset.py --sources feed``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's code, whichever is installed (two checkouts compare side by side)
SHARED_DEVSET = ROOT.parent / "shared" / "devset"
KINDS = ("approval_batch", "company_approval", "cumulative_total", "regulation_event")


def _scorer():
    """The development set's own scorer (stdlib only), so that the figures mean the same thing."""
    path = SHARED_DEVSET / "run_devset.py"
    if not path.exists():
        sys.exit(f"needs {path} for its scorer")
    spec = importlib.util.spec_from_file_location("run_devset", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cases(folder: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def predict(cases: dict[str, dict], rules, aliases) -> tuple[list[dict], float]:
    from monitor.rules import extract_mentions

    out: list[dict] = []
    started = time.perf_counter()
    for cid, case in cases.items():
        published = dt.date.fromisoformat(case["published"][:10])
        text = "\n\n".join(p for p in case["text"].split("\n\n") if p.strip())
        for m in extract_mentions(text, title=case["title"], published=published, language=case["lang"],
                                  rules=rules, aliases=aliases, budget_seconds=5.0):
            row = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(m).items()}
            row["document"] = {"url": f"http://eval/a/{cid}.html"}
            out.append(row)
    return out, time.perf_counter() - started


def score(name: str, cases: dict[str, dict], scorer, names, rules, aliases, args) -> dict:
    mentions, seconds = predict(cases, rules, aliases)
    counts, fps, misses, _fields, (clean, negatives) = scorer.score_mentions(mentions, cases, names)
    rows = {}
    for group in (*KINDS, "lang:en", "lang:zh", "micro"):
        c = counts.get(group, collections.Counter())
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        rows[group] = (tp, fp, fn, p, r, 2 * p * r / (p + r) if p + r else 0.0)
    trad = {cid for cid, c in cases.items() if _traditional(c["title"] + c["text"])}
    if trad:
        sub = {cid: cases[cid] for cid in trad}
        c, *_rest = scorer.score_mentions([m for m in mentions if scorer.case_of(m["document"]["url"], sub)], sub, names)
        t = c.get("micro", collections.Counter())
        p = t["tp"] / (t["tp"] + t["fp"]) if t["tp"] + t["fp"] else 1.0
        r = t["tp"] / (t["tp"] + t["fn"]) if t["tp"] + t["fn"] else 1.0
        rows["traditional"] = (t["tp"], t["fp"], t["fn"], p, r, 2 * p * r / (p + r) if p + r else 0.0)
    print(f"\n== {name}: {len(cases)} cases ({len(trad)} Traditional), {len(cases) / seconds:.0f} cases/s")
    print(f"{'group':<18}{'TP':>5}{'FP':>5}{'FN':>5}{'P':>7}{'R':>7}{'F1':>7}")
    for group, (tp, fp, fn, p, r, f1) in rows.items():
        print(f"{group:<18}{tp:>5}{fp:>5}{fn:>5}{p:>7.2f}{r:>7.2f}{f1:>7.2f}")
    print(f"hard negatives clean: {clean}/{negatives}")
    if args.errors:
        for f in fps:
            print(f"  FP {f['case']} {f['kind']} {f['value']}  «{f['snippet'][:150]}»  [{f['rule']}]")
        for m in misses:
            print(f"  FN {m['case']} {m['kind']} {m['expected']}")
    for cid in args.details:
        if cid in cases:
            case = cases[cid]
            print(f"\n--- {cid}: {case['title']}\n{case['text']}\nexpected: "
                  f"{json.dumps(case['expected_mentions'], ensure_ascii=False)}\noptional: "
                  f"{json.dumps(case.get('optional_mentions', []), ensure_ascii=False)}\nnotes: {case['notes']}")
            for m in mentions:
                if scorer.case_of(m["document"]["url"], {cid: case}):
                    print(f"  got {m['kind']} {scorer.describe(m, names)} [{m['rule']}] «{m['snippet'][:120]}»")
    return rows


def _traditional(text: str) -> bool:
    # Characters that exist only in Traditional script and are common in this reporting.
    return sum(text.count(ch) for ch in "備譽網這們據與個務however".replace("however", "")) >= 3


def evaluate(name: str, cases: dict[str, dict], details: tuple[str, ...] = (), errors: bool = False) -> dict:
    """Score one set with the bundled rules and dataset; prints its table, returns its rows."""
    scorer = _scorer()
    rules, aliases = _bundled()
    names = scorer.Names([ROOT / "config/known/dataset.toml"], cases)
    args = argparse.Namespace(details=list(details), errors=errors)
    return score(name, cases, scorer, names, rules, aliases, args)


def _bundled():
    from monitor.dataset import load_dataset
    from monitor.rules import load_rules
    from monitor.run.reading import alias_index

    return load_rules(ROOT / "config/rules.toml"), alias_index(load_dataset(ROOT / "config/known/dataset.toml"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], metavar="NAME=DIR", help="score only these sets")
    parser.add_argument("--details", action="append", default=[], metavar="CASE_ID")
    parser.add_argument("--errors", action="store_true", help="list every false positive and miss")
    args = parser.parse_args()
    sets = dict(s.split("=", 1) for s in args.set) or {
        "devset": SHARED_DEVSET / "cases",
        "tune": ROOT / "tests/data/extraction/tune",
        "heldout": ROOT / "tests/data/extraction/heldout",
    }
    scorer = _scorer()
    rules, aliases = _bundled()
    loaded = {name: load_cases(Path(folder)) for name, folder in sets.items() if Path(folder).is_dir()}
    every = {cid: c for cases in loaded.values() for cid, c in cases.items()}
    names = scorer.Names([ROOT / "config/known/dataset.toml"], every)
    for name, cases in loaded.items():
        if cases:
            score(name, cases, scorer, names, rules, aliases, args)
    if not args.set:
        golden_tables(rules)


def golden_tables(rules) -> None:
    """The golden files' per-kind table, as tests/rules prints it, with the language split added."""
    from tests.rules.golden import cases as golden_cases, fixture_aliases, score as golden_score

    aliases = fixture_aliases()
    for label, folder in (("golden", "rules"), ("golden-heldout", "rules_heldout"), ("golden-heldout2", "rules_heldout2")):
        every = golden_cases(ROOT / "tests" / "data" / folder)
        print(f"\n== {label}: {len(every)} cases (tests/data/{folder})")
        print(f"{'group':<18}{'TP':>5}{'FP':>5}{'FN':>5}{'P':>7}{'R':>7}{'F1':>7}")
        groups = {"": every, "lang:en": [c for c in every if c.language == "en"],
                  "lang:zh": [c for c in every if c.language == "zh"]}
        for group, chosen in groups.items():
            scores, _ = golden_score(chosen, rules, aliases)
            rows = scores.items() if not group else [(group, _sum(scores.values()))]
            for kind, sc in rows:
                f1 = 2 * sc.precision * sc.recall / (sc.precision + sc.recall) if sc.precision + sc.recall else 0.0
                print(f"{kind:<18}{sc.tp:>5}{sc.fp:>5}{sc.fn:>5}{sc.precision:>7.2f}{sc.recall:>7.2f}{f1:>7.2f}")


def _sum(scores):
    from tests.rules.golden import Score

    return Score(sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores))


if __name__ == "__main__":
    main()
