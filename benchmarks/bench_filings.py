"""Parse time and peak memory of the regulator's lists: a 2,000-row workbook and a 40-page PDF.

    .venv/bin/python benchmarks/bench_filings.py [--repeat N]

The files are built from the real rows of ../shared/data/cac/genai_filing.json (repeated, with
distinct filing numbers, to reach the size) with the same writers as tests/filings; each parse runs in
a fresh process, so its peak RSS (ru_maxrss, imports included) is its own. Targets (issue 17):
workbook under 1 s, PDF under 5 s, both under 150 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _batch(rows: int) -> dict:
    from tests.filings.builders import releases

    source = [r for b in releases() for r in b["rows"] if r["序号"] != "序号" and "适用场景" not in r]
    header = ["序号", "属地", "大模型名称", "备案单位", "备案编号", "备案时间"]
    out = []
    for index in range(rows):
        row = source[index % len(source)]
        number = (row.get("备案编号") or row.get("备案号")).rstrip("-") + f"-{index:05d}"
        out.append({"序号": str(index + 1), "属地": row["属地"], "大模型名称": row.get("大模型名称") or row.get("模型名称"),
                    "备案单位": row["备案单位"], "备案编号": number, "备案时间": row["备案时间"]})
    return {"name": f"bench {rows}", "header": header, "rows": out}


def _child(path: str, file_format: str) -> None:
    from monitor.filings.parse import parse_attachment

    body = Path(path).read_bytes()
    started = time.perf_counter()  # the format's library is imported on first use: its import is counted in
    parsed = parse_attachment(body, name=Path(path).name)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"format": parsed.format, "rows": len(parsed.entries), "seconds": seconds, "peak_mb": peak}))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(*args.child)
        return 0
    from tests.filings.builders import build

    # 2,000 rows of the workbook; the PDF at its typesetting (about 29 rows a page) is 40 pages at 1,150 rows.
    cases = [("xlsx", 2000), ("xls", 2000), ("pdf", 1150)]
    with tempfile.TemporaryDirectory() as tmp:
        for file_format, rows in cases:
            path = Path(tmp) / f"list.{file_format}"
            path.write_bytes(build(_batch(rows), file_format))
            if file_format == "pdf":
                from pdfminer.pdfpage import PDFPage

                with open(path, "rb") as handle:
                    pages = sum(1 for _ in PDFPage.get_pages(handle))
            else:
                pages = None
            runs = [json.loads(subprocess.run([sys.executable, __file__, "--child", str(path), file_format],
                                              check=True, capture_output=True, text=True).stdout)
                    for _ in range(args.repeat)]
            best = min(r["seconds"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            size = path.stat().st_size / 1024
            where = f", {pages} pages" if pages else ""
            print(f"{file_format:5} {runs[0]['rows']} rows{where}, {size:.0f} KB: best of {args.repeat} "
                  f"{best:.2f} s, peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
