"""Article-body quality on ../shared/textbench: monitor's extraction against trafilatura alone.

    .venv/bin/python benchmarks/bench_textbench.py [--worst N] [--only monitor|trafilatura]

The benchmark's own measure (its score.py, imported from the benchmark folder, not copied) scores
three splits: the pages at even positions of the sorted page ids (the half the extraction was tuned
on), the odd positions (held out while tuning) and all 120. Also prints extraction speed on one core
(CPU time of ``extract_article`` over every page, decoding included). Predictions go to
``benchmarks/results/textbench-*.json``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import time
from pathlib import Path
from types import ModuleType

from monitor.text import decode_html, extract_article

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".." / "shared" / "textbench"
RESULTS = ROOT / "benchmarks" / "results"


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("textbench_score", BENCH / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def f1(scorer: ModuleType, truth: dict, pred: dict, ids: list[str]) -> tuple[float, float, float]:
    """score.py's figure over ``ids`` only (the same arithmetic as its main())."""
    rows = {k: scorer.page_counts(truth[k].get("articleBody", ""), pred.get(k, "")) for k in ids}
    ps = [scorer.precision(*c) for c in rows.values() if c[0] + c[1] > 0]
    rs = [scorer.recall(*c) for c in rows.values() if c[0] + c[2] > 0]
    p, r = statistics.mean(ps) if ps else 0.0, statistics.mean(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def monitor_text(body: bytes, url: str) -> str:
    return extract_article(decode_html(body, "text/html"), url).text


def trafilatura_text(body: bytes, url: str) -> str:
    """trafilatura alone, as a user would call it: its own decoding, default options."""
    import trafilatura

    return trafilatura.extract(body, url=url) or ""


def trafilatura_precision_text(body: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(body, url=url, favor_precision=True) or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages of monitor's run")
    parser.add_argument("--only", choices=("monitor", "trafilatura", "trafilatura-precision"))
    args = parser.parse_args()
    scorer = load_scorer()
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)
    pages = {k: (BENCH / "html" / f"{k}.html.gz").read_bytes() for k in ids}
    splits = {"tuned (even)": ids[0::2], "held out (odd)": ids[1::2], "all": ids}
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    runs = {"monitor": monitor_text, "trafilatura": trafilatura_text,
            "trafilatura-precision": trafilatura_precision_text}
    for name, extract in runs.items():
        if args.only and name != args.only:
            continue
        extract(gzip.decompress(pages[ids[0]]), truth[ids[0]]["url"])  # warm imports
        pred: dict[str, str] = {}
        cpu = 0.0
        for k in ids:
            body = gzip.decompress(pages[k])
            start = time.process_time()
            pred[k] = extract(body, truth[k]["url"])
            cpu += time.process_time() - start
        (RESULTS / f"textbench-{name}-{stamp}.json").write_text(
            json.dumps({k: {"articleBody": v} for k, v in pred.items()}, ensure_ascii=False), encoding="utf-8")
        figures = "  ".join(f"{label}: P={p:.3f} R={r:.3f} F1={f:.3f}"
                            for label, ids_ in splits.items() for p, r, f in [f1(scorer, truth, pred, ids_)])
        print(f"{name:22s} {figures}  empty={sum(1 for v in pred.values() if not v)}  "
              f"{len(ids) / cpu:.1f} pages/s CPU ({cpu / len(ids) * 1000:.1f} ms/page)")
        if args.worst and name == "monitor":
            def page_f1(k: str) -> float:
                tp, fp, fn = scorer.page_counts(truth[k].get("articleBody", ""), pred[k])
                return 2 * tp / (2 * tp + fp + fn or 1)
            for k in sorted(ids, key=page_f1)[: args.worst]:
                tp, fp, fn = scorer.page_counts(truth[k].get("articleBody", ""), pred[k])
                half = "even" if ids.index(k) % 2 == 0 else "odd"
                print(f"  {k[:16]} {half}  tp={tp:.2f} fp={fp:.2f} fn={fn:.2f}  {truth[k].get('url', '')}")


if __name__ == "__main__":
    main()
