"""`monitor serve` under load: the findings page and /api/findings over 10,000 findings (issue 18).

    .venv/bin/python benchmarks/bench_web.py [--findings 10000] [--seconds 10] [--connections 8] [--workers 2]
                                             [--db URL] [--threads]

Builds a database of N findings through the storage API (documents saved, then analysed: two pieces of
evidence each, stories of five documents), starts `monitor serve` as a real process on a free loopback
port, and loads each URL for a fixed time with a local load generator: wrk when installed (C, one thread,
so it takes little of the machine's two cores), else a pool of Python threads with httpx. Prints and
writes benchmarks/results/bench_web.json: requests/s, p50 and p99 latency per URL, and the server's CPU
time per request (its processes' user + system time over the run / requests: a figure that other load on
the machine does not inflate much, unlike requests/s). Target: >= 200 requests/s and p99 < 200 ms. Default database: SQLite in a temp directory; --db postgresql://... for
PostgreSQL (the schema must be empty).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOW = dt.datetime(2024, 6, 1, 9, 0, tzinfo=dt.timezone.utc)
KINDS = ("new_company", "new_batch", "new_regulation_event", "new_total", "conflict")
BATCH = 250  # documents analysed per transaction, as monitor.run.analysis batches them


def build(db_url: str, directory: Path, findings: int) -> Path:
    """A config and a database of ``findings`` findings with two pieces of evidence each; returns the config."""
    from monitor.config import load_config
    from monitor.dedup.signature import story_signatures
    from monitor.records import Document, Finding
    from storage import Store
    from storage.analysis import DocumentAnalysis
    from tests.support.configs import feed, write_config
    from tests.web.support import mention_for

    outlets = [f"outlet{i}" for i in range(8)]
    path = write_config(directory, db_url, [feed(name, f"http://127.0.0.1:9/{name}.xml") for name in outlets])
    store = Store.open(db_url)
    store.sync_sources(load_config(str(path)).sources)
    # Document i supports findings i and i-1: every finding has two reports, from two outlets.
    documents = [Document(source=outlets[i % len(outlets)], url=f"https://{outlets[i % len(outlets)]}.example.com/{i}",
                          guid=f"g{i}", title=f"第{i}号报道：生成式人工智能服务备案 report {i}",
                          published=NOW - dt.timedelta(minutes=findings - i),
                          text=f"Invented report {i} about approvals and filings, story {i // 5}.")
                 for i in range(findings)]
    started = time.perf_counter()
    for start in range(0, findings, 1000):
        store.save_documents(documents[start:start + 1000], now=NOW)
    ids = {d.url: d.id for d in store.list_documents()}

    def finding(i: int) -> Finding:
        kind = KINDS[i % len(KINDS)]
        return Finding(key=f"{kind}:bench-{i}", kind=kind, summary=f"Bench finding {i}: 北京某科技有限公司 approved",  # type: ignore[arg-type]
                       company=f"公司{i}" if kind == "new_company" else None, total=i if kind == "new_total" else None,
                       batch=i if kind == "new_batch" else None,  # distinct ordinals: distinct batches
                       count=i % 40 + 1 if kind == "new_batch" else None, date=NOW.date())

    for start in range(0, findings, BATCH):
        chunk = documents[start:start + BATCH]
        signatures = story_signatures([(d.title, d.text) for d in chunk])
        analyses = []
        for offset, (doc, signature) in enumerate(zip(chunk, signatures)):
            i = start + offset
            raised = [finding(j) for j in (i, i - 1) if j >= 0]
            pairs = tuple((f, mention_for(f)) for f in raised)
            analyses.append(DocumentAnalysis(document_id=ids[doc.url], signature=signature, cluster_id=i // 5,
                                             mentions=tuple(m for _, m in pairs), findings=pairs))
        store.save_analyses(analyses, now=NOW + dt.timedelta(seconds=start))
    count = store.count_findings()
    if store.engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load: planner statistics and the visibility map.
        # Without them PostgreSQL sorted all 10,000 findings for each page (9 ms instead of 0.3 ms).
        from sqlalchemy import text

        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in ("findings", "evidence", "documents", "sources"):
                connection.execute(text(f"VACUUM ANALYZE {table}"))
    store.close()
    print(f"built {count} findings with evidence in {time.perf_counter() - started:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)
    return path


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of ``pid`` and its child processes (the workers), from /proc."""
    total = 0.0
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    for each in [pid, *map(int, children)]:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def start_server(config: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--config", str(config), "--port", "0",
                                "--workers", str(workers)],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
    if not match:
        process.kill()
        raise SystemExit(f"monitor serve did not start: {line}{process.stderr.read()}")
    return process, match.group(1)


def _ms(text: str) -> float:
    """wrk's latency ("812.00us", "12.34ms", "1.02s", "1.50m") in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"unreadable wrk latency {text!r}")
    return float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[match.group(2)]


def with_wrk(url: str, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # The "Latency Distribution" lines alone: the thread stats above them end in percentages too.
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)$", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)$", out, re.M).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"requests_per_s": rate, "p50_ms": p50, "p99_ms": p99, "requests": requests,
            "errors": int(errors.group(1)) if errors else 0}


def with_threads(url: str, seconds: int, connections: int) -> dict[str, float]:
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        with httpx.Client(timeout=10) as client:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                status = client.get(url).status_code
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)
                    errors += status != 200

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    begun = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {"requests_per_s": len(latencies) / (time.monotonic() - begun), "p50_ms": cuts[49], "p99_ms": cuts[98],
            "requests": len(latencies), "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="monitor serve --workers (default 2: both cores)")
    parser.add_argument("--db", help="database URL (default: SQLite in a temp directory)")
    parser.add_argument("--threads", action="store_true", help="the Python load generator even where wrk is installed")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        config = build(args.db or f"sqlite:///{directory / 'monitor.db'}", directory, args.findings)
        process, base = start_server(config, args.workers)
        load = with_threads if args.threads or shutil.which("wrk") is None else with_wrk
        results: dict[str, object] = {"findings": args.findings, "database": "postgresql" if args.db else "sqlite",
                                      "generator": load.__name__.replace("with_", ""), "connections": args.connections,
                                      "workers": args.workers,
                                      "seconds": args.seconds, "cores": os.cpu_count(), "urls": {}}
        try:
            for path in ("/", "/api/findings"):
                load(base + path, 2, args.connections)  # warm-up: connections, caches, templates
                cpu_before = cpu_seconds(process.pid)
                figures = load(base + path, args.seconds, args.connections)
                figures["cpu_ms_per_request"] = 1000 * (cpu_seconds(process.pid) - cpu_before) / figures["requests"]
                figures["load_average"] = os.getloadavg()[0]  # other work on the machine: requests/s depend on it
                results["urls"][path] = figures  # type: ignore[index]
                print(f"{path:15} {figures['requests_per_s']:7.0f} req/s  p50 {figures['p50_ms']:6.1f} ms  "
                      f"p99 {figures['p99_ms']:6.1f} ms  server CPU {figures['cpu_ms_per_request']:.1f} ms/request "
                      f"({figures['requests']:.0f} requests, {figures['errors']:.0f} errors; "
                      f"load average {figures['load_average']:.1f})")
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=30)
        out = ROOT / "benchmarks" / "results"
        out.mkdir(parents=True, exist_ok=True)
        (out / "bench_web.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
