"""Feed-farm benchmark (issue 2, Performance): monitor run-once against lemon24/reader on one local farm.

    .venv/bin/python benchmarks/bench_feedfarm.py            # 1,000 feeds x 50 entries, 50 ms latency
    .venv/bin/python benchmarks/bench_feedfarm.py --quick    # 100 feeds x 50 entries
    .venv/bin/python benchmarks/bench_feedfarm.py --busy-core          # the same with one core kept busy
    .venv/bin/python benchmarks/bench_feedfarm.py --daemon 15          # monitor daemon: 1,000 feeds every 5 min
    .venv/bin/python benchmarks/bench_feedfarm.py --daemon 3 --interval 1 --feeds 100   # a short trial

Every client runs as its own process and is measured from outside: wall time, CPU (user+sys from
``os.wait4``, which includes children the client reaped, such as a parse pool), the client's own
peak RSS (its own VmHWM, sampled from /proc: ``ru_maxrss`` would start from this benchmark's RSS,
which the child inherits until it executes) and the peak of the RSS summed over its process tree
(sampled from /proc), because a parse pool's memory counts too. The farm (benchmarks/farm.py) is a separate process, so its
CPU is charged to nobody. Figures go to stdout and to benchmarks/results/feedfarm-<time>.json.

``--busy-core`` (issue 19: "the cold ratio <= 0.6x while one core is kept busy by another process")
starts a process that does nothing but spin (``while True: pass``; pinned to one CPU with
``--busy-core-cpu N``) before monitor's runs and kills it after reader's, so every side-by-side run,
cold and warm, competes with it; the table marks those runs "+busy", the targets add the 0.6x one, and
the JSON says how much CPU the spinner got. It is killed in a ``finally`` (and by the kernel, through
PR_SET_PDEATHSIG, should this benchmark itself be killed). feedparser and the Fetcher alone run before it.

``--daemon MINUTES`` (issue 19: "1,000 feeds on a 5-minute interval for 15 minutes against the farm, CPU
seconds per hour and requests per host in flight never above per_host") replaces the side-by-side runs:
the farm listens on 127.0.0.1 .. 127.0.0.<--hosts> (loopback only), the feeds are spread over those host
names in a config with ``interval = "<--interval>m"`` and ``[fetch] per_host = <--per-host>``, and
``monitor daemon`` runs on it into a fresh database for MINUTES, then gets SIGTERM. Reported: CPU of the
daemon's process tree (os.wait4 of the daemon, plus any descendant it left unreaped: this benchmark
becomes their subreaper, kills, reaps and charges them) per hour, in all and in the steady state after
the cold cycle (from /proc samples); the peak summed RSS/PSS of the tree; the cold cycle's wall from the
daemon's log; feed requests per interval; and, from the farm, the most requests in flight per Host
header. Any host above per_host, a daemon that exits by itself or must be killed: exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

import tomli_w

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "results"
READER_VENV = RESULTS / "venv-reader"
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")
LOG_LINE = re.compile(r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),(?P<ms>\d{3}) \w+ (?P<logger>[\w.]+): (?P<message>.*)$")

sys.path[:0] = [str(HERE), str(REPO)]
from farm import farm_stats, reset_farm, start_farm, stop_farm  # noqa: E402

# Runs inside the reader venv: one update of every feed (scheduled=False, as monitor's warm run makes
# every source due), the same farm, `workers` threads. Prints one JSON object.
READER_DRIVER = """
import json, sys, time
from reader import make_reader
db, port, n, workers = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
reader = make_reader(db)
for i in range(n):
    reader.add_feed(f"http://127.0.0.1:{port}/feed/{i}.xml", exist_ok=True)
started, cpu = time.perf_counter(), time.process_time()
new = modified = unmodified = errors = 0
for result in reader.update_feeds_iter(workers=workers, scheduled=False):
    if isinstance(result.value, Exception):
        errors += 1
    elif result.value is not None:
        new += result.value.new
        modified += result.value.modified
        unmodified += result.value.unmodified
print(json.dumps({"update_wall": time.perf_counter() - started, "update_cpu": time.process_time() - cpu,
                  "new_entries": new, "updated_entries": modified, "unmodified_entries": unmodified,
                  "errors": errors, "entries_in_db": reader.get_entry_counts().total}))
"""


def fetch_bodies(port: int, feeds: int) -> list[tuple[bytes, dict[str, str]]]:
    """Every feed body with its headers, fetched once (not timed) for the parse-alone figures."""
    import httpx

    async def run() -> list[tuple[bytes, dict[str, str]]]:
        slots = asyncio.Semaphore(32)
        async with httpx.AsyncClient(trust_env=False, timeout=60) as client:
            async def one(i: int) -> tuple[bytes, dict[str, str]]:
                async with slots:
                    answer = await client.get(f"http://127.0.0.1:{port}/feed/{i}.xml")
                    answer.raise_for_status()
                    return answer.content, dict(answer.headers)
            return list(await asyncio.gather(*(one(i) for i in range(feeds))))

    return asyncio.run(run())


def feedparser_alone(bodies: list[tuple[bytes, dict[str, str]]]) -> dict[str, float]:
    """feedparser over every body in this process: default options, sanitize_html=False, monitor's options,
    then monitor's options through monitor's SAX driver (expat with buffered text: monitor.sources.feedsax)."""
    import feedparser

    from monitor.sources import feedsax

    monitor_options = {"sanitize_html": False, "resolve_relative_uris": False}
    variants = {"default": {}, "no_sanitize": {"sanitize_html": False}, "monitor_options": monitor_options,
                "monitor_driver": monitor_options}
    figures: dict[str, float] = {}
    stock = list(feedparser.api.PREFERRED_XML_PARSERS)
    for name, options in variants.items():
        feedparser.api.PREFERRED_XML_PARSERS[:] = stock
        if name == "monitor_driver":
            feedsax.install()
        cpu, entries = time.process_time(), 0
        for body, headers in bodies:
            entries += len(feedparser.parse(body, response_headers=headers, **options).entries)
        spent = time.process_time() - cpu
        figures[f"{name}_cpu_s"] = round(spent, 3)
        figures[f"{name}_us_per_entry"] = round(spent / max(entries, 1) * 1e6, 1)
        figures["entries"] = entries
    feedparser.api.PREFERRED_XML_PARSERS[:] = stock
    return figures


async def fetch_alone(port: int, feeds: int) -> list[dict[str, Any]]:
    """monitor's Fetcher with nothing else: CPU for every feed, per concurrency and transport."""
    import httpx

    from monitor.fetch import Fetcher, FetchLimits

    figures = []
    for transport_name, concurrency, per_host in (("httpx", 32, 16), ("httpx", 64, 64), ("aiohttp", 32, 16),
                                                  ("aiohttp", 64, 64)):
        # None: the Fetcher's own (aiohttp, monitor/fetch/transport.py); httpx's transport for comparison
        transport = None
        if transport_name == "httpx":  # with the pool limits the Fetcher would give its own httpx client
            transport = httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=concurrency,
                                                                     max_keepalive_connections=concurrency))
        limits = FetchLimits(concurrency=concurrency, per_host=per_host, total_timeout=120)
        wall, cpu = time.perf_counter(), time.process_time()
        async with Fetcher(limits, transport=transport) as fetcher:
            results = await asyncio.gather(*(fetcher.get(f"http://127.0.0.1:{port}/feed/{i}.xml", allow_private=True)
                                             for i in range(feeds)), return_exceptions=True)
        failed = sum(isinstance(r, BaseException) for r in results)
        figures.append({"transport": transport_name, "concurrency": concurrency, "per_host": per_host,
                        "wall_s": round(time.perf_counter() - wall, 3), "cpu_s": round(time.process_time() - cpu, 3),
                        "failed": failed})
    return figures


@dataclass
class Run:
    label: str
    wall: float
    cpu: float
    rss_mb: float  # peak RSS of the client process itself (VmHWM), its workers not included
    tree_rss_mb: float  # peak of the summed RSS of the client and its descendants
    tree_pss_mb: float = 0.0  # peak of the summed PSS: shared pages (libraries) counted once, not per process
    entries: int = 0
    requests: int = 0
    not_modified: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def cpu_per_entry_us(self) -> float | None:
        return self.cpu / self.entries * 1e6 if self.entries else None


def _proc_bytes(path: str, field: bytes) -> int:
    """A "Field:  N kB" line of a /proc file, in bytes; 0 when the process is gone."""
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _pss(pid: int) -> int:
    return _proc_bytes(f"/proc/{pid}/smaps_rollup", b"Pss:")


def _hwm(pid: int) -> int:
    """Peak RSS of one process so far (VmHWM)."""
    return _proc_bytes(f"/proc/{pid}/status", b"VmHWM:")


def _tree_usage(root: int, pids: set[int] | None = None) -> tuple[int, int, float]:
    """(RSS bytes, PSS bytes, CPU seconds) summed over ``root`` and its live descendants, from /proc;
    ``pids``, when given, gets the tree's process ids."""
    parents: dict[int, int] = {}
    usage: dict[int, tuple[int, float]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(name)] = int(fields[1])
        # fields[11], fields[12]: utime, stime; fields[13], fields[14]: of children already reaped
        ticks = sum(int(f) for f in fields[11:15])
        usage[int(name)] = (int(fields[21]) * PAGE, ticks / TICKS)
    rss = cpu = 0.0
    pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        if pids is not None and pid in usage:
            pids.add(pid)
        r, c = usage.get(pid, (0, 0.0))
        rss, cpu, pss = rss + r, cpu + c, pss + (_pss(pid) if pid in usage else 0)
        stack.extend(child for child, parent in parents.items() if parent == pid)
    return int(rss), pss, cpu


def measure(label: str, argv: list[str], *, timeout: float = 900) -> tuple[Run, str, str]:
    """Run argv to completion; its stdout and stderr are returned. Killed after ``timeout`` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=REPO)
        peak, peak_pss, peak_own, done = [0], [0], [0], threading.Event()
        cpu_samples: list[tuple[float, float]] = []  # (epoch, tree CPU seconds): splits CPU by stage

        def sample() -> None:
            while not done.wait(0.25):  # a /proc scan costs CPU on this machine too
                rss, pss, cpu = _tree_usage(proc.pid)
                peak[0], peak_pss[0], peak_own[0] = max(peak[0], rss), max(peak_pss[0], pss), max(peak_own[0], _hwm(proc.pid))
                cpu_samples.append((time.time(), cpu))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        killer.cancel()
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{label}: exit status {proc.returncode}\n{stderr[-3000:]}")
    run = Run(label, wall, usage.ru_utime + usage.ru_stime, peak_own[0] / 2**20, max(peak[0], 0) / 2**20,
              tree_pss_mb=peak_pss[0] / 2**20)
    run.extra["epoch_started"] = time.time() - wall
    run.extra["cpu_samples"] = cpu_samples
    return run, stdout, stderr


def stage_split(stderr: str, started: float, wall: float) -> dict[str, float | None]:
    """Seconds from start to the last source done (startup + collect), then to 'analysis done', from -v logs."""
    last_source = analysis_done = None
    for line in stderr.splitlines():
        match = LOG_LINE.match(line)
        if not match:
            continue
        stamp = time.mktime(time.strptime(match["time"], "%Y-%m-%d %H:%M:%S")) + int(match["ms"]) / 1000
        if match["logger"] == "monitor.run.analysis" and "analysis done" in match["message"]:
            analysis_done = stamp
        elif match["logger"].startswith(("monitor.run.collect", "httpx", "monitor.fetch")):
            last_source = stamp
    collect = round(last_source - started, 2) if last_source else None
    analysis = round(analysis_done - last_source, 2) if analysis_done and last_source else None
    return {"startup_and_collect_s": collect, "analysis_s": analysis,
            "analysis_share_of_wall": round(analysis / wall, 3) if analysis else None,
            "last_source_epoch": last_source}


def cpu_at(samples: list[tuple[float, float]], epoch: float | None) -> float | None:
    """Tree CPU seconds at ``epoch``: the first sample taken after it (samples are 0.25 s apart)."""
    if epoch is None:
        return None
    later = [cpu for stamp, cpu in samples if stamp >= epoch]
    return round(later[0], 2) if later else None


def monitor_pair(port: int, feeds: int, workdir: Path, concurrency: int, per_host: int) -> tuple[Run, Run]:
    """Cold run into a fresh database, then a warm run (every source made due again, every feed 304)."""
    db = workdir / f"monitor-c{concurrency}-h{per_host}.db"
    config = workdir / f"monitor-c{concurrency}-h{per_host}.toml"
    data = {"database_url": f"sqlite:///{db}", "rules": str(REPO / "config" / "rules.toml"),
            "dataset": str(REPO / "config" / "known" / "dataset.toml"),
            "fetch": {"concurrency": concurrency, "per_host": per_host, "total_timeout": 120.0, "retries": 1},
            "source": [{"name": f"farm-{i}", "kind": "feed", "url": f"http://127.0.0.1:{port}/feed/{i}.xml",
                        "interval": "30m", "allow_private_network": True} for i in range(feeds)]}
    config.write_text(tomli_w.dumps(data), encoding="utf-8")
    # -v: INFO logs with timestamps on stderr tell where collecting ends and analysis begins
    argv = [sys.executable, "-m", "monitor", "-v", "run-once", "--config", str(config), "--json"]
    runs = []
    for phase in ("cold", "warm"):
        if phase == "warm":
            with sqlite3.connect(db) as conn:
                conn.execute("UPDATE sources SET next_due_at = NULL")
        reset_farm(port)
        run, stdout, stderr = measure(f"monitor {phase} c{concurrency}/h{per_host}", argv)
        report = json.loads(stdout)
        totals = report["totals"]
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        run.entries = totals["new"] + totals["updated"]
        run.extra |= stage_split(stderr, run.extra["epoch_started"], run.wall)
        samples = run.extra.pop("cpu_samples")
        run.extra["collect_cpu_s"] = cpu_at(samples, run.extra.pop("last_source_epoch"))
        run.extra |= {"totals": totals, "documents_in_db": stored, "analysis": report.get("analysis"),
                     "failed": [s for s in report["sources"] if s.get("status") == "failed"][:3]}
        _farm_counts(run, port)
        runs.append(run)
    return runs[0], runs[1]


def _farm_counts(run: Run, port: int) -> None:
    counts = reset_farm(port)
    run.requests, run.not_modified = counts["requests"], counts["not_modified"]


def _die_with_parent(sig: int = signal.SIGKILL) -> None:
    """In a child before exec: the kernel sends it ``sig`` when this benchmark dies (Linux PR_SET_PDEATHSIG),
    a second guard besides the ``finally`` blocks that stop every helper."""
    import ctypes

    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(sig), 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


BURN = "while True:\n    pass\n"


@contextmanager
def busy_core(cpu: int | None) -> Iterator[dict[str, Any]]:
    """A process that keeps one core busy while the block runs; always killed at the end. The dict it
    yields gets the spinner's wall and CPU seconds (from os.wait4) when the block ends."""
    figures: dict[str, Any] = {"pinned_cpu": cpu}
    proc = subprocess.Popen([sys.executable, "-c", BURN], preexec_fn=_die_with_parent, stdin=subprocess.DEVNULL)
    started = time.perf_counter()
    try:
        if cpu is not None:
            os.sched_setaffinity(proc.pid, {cpu})
        print(f"one core kept busy by pid {proc.pid}" + (f" on CPU {cpu}" if cpu is not None else ""), flush=True)
        yield figures
    finally:
        proc.kill()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        figures |= {"wall_s": round(wall, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
                    "cores": round((usage.ru_utime + usage.ru_stime) / wall, 2) if wall else None}


def ensure_reader_venv() -> Path:
    python = READER_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {READER_VENV} and installing reader (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(READER_VENV)], check=True)
        # reader's vendored feedparser imports sgmllib, which reader 3.26 does not declare as a dependency
        subprocess.run([str(python), "-m", "pip", "install", "-q", "reader", "sgmllib3k"], check=True)
    return python


def reader_pair(port: int, feeds: int, workdir: Path, workers: int) -> tuple[Run, Run]:
    python = ensure_reader_venv()
    driver = workdir / "reader_driver.py"
    driver.write_text(READER_DRIVER, encoding="utf-8")
    db = workdir / "reader.sqlite"
    runs = []
    for phase in ("cold", "warm"):
        reset_farm(port)
        run, stdout, _ = measure(f"reader {phase}", [str(python), str(driver), str(db), str(port), str(feeds), str(workers)])
        report = json.loads(stdout)
        run.entries = report["new_entries"] if phase == "cold" else report["new_entries"] + report["updated_entries"]
        run.extra |= report
        _farm_counts(run, port)
        runs.append(run)
    return runs[0], runs[1]


def stage_split_only(run: Run) -> dict[str, Any]:
    keys = ("startup_and_collect_s", "collect_cpu_s", "analysis_s", "analysis_share_of_wall")
    return {key: run.extra.get(key) for key in keys} | {"collect_cpu_us_per_entry": collect_us(run)}


def collect_us(run: Run) -> float | None:
    """CPU per stored entry of start-up + fetch + parse + store (the stage reader also does)."""
    cpu = run.extra.get("collect_cpu_s")
    return round(cpu / run.entries * 1e6) if cpu is not None and run.entries else None


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def print_table(runs: list[Run]) -> None:
    print(f"\n{'run':34} {'wall s':>8} {'CPU s':>8} {'us/entry':>9} {'RSS MB':>7} {'tree MB':>8} {'tree PSS':>9} "
          f"{'entries':>8} {'req':>6} {'304':>6}")
    for r in runs:
        print(f"{r.label:34} {r.wall:8.2f} {r.cpu:8.2f} {_fmt(r.cpu_per_entry_us, '9.0f')} {r.rss_mb:7.0f} "
              f"{r.tree_rss_mb:8.0f} {r.tree_pss_mb:9.0f} {r.entries:8d} {r.requests:6d} {r.not_modified:6d}")


def verdicts(cold: Run, warm: Run, r_cold: Run, r_warm: Run, fp_default_us: float,
             busy: bool = False) -> list[dict[str, Any]]:
    rss = max(cold.tree_rss_mb, warm.tree_rss_mb)
    pss = max(cold.tree_pss_mb, warm.tree_pss_mb)
    collect_wall = cold.extra.get("startup_and_collect_s") or cold.wall
    collect_cpu_us = collect_us(cold) or 0.0
    checks = [("cold wall <= 0.6 x reader cold, one core kept busy by another process", cold.wall, 0.6 * r_cold.wall,
               f"{cold.wall / r_cold.wall:.2f}x")] if busy else []
    checks += [
        ("cold wall <= 0.5 x reader cold" + (" (one core busy)" if busy else ""), cold.wall, 0.5 * r_cold.wall,
         f"{cold.wall / r_cold.wall:.2f}x"),
        ("  of which start-up + collect (fetch, parse, store: reader's job) <= 0.5 x reader cold", collect_wall,
         0.5 * r_cold.wall, f"{collect_wall / r_cold.wall:.2f}x"),
        ("warm wall <= 0.5 x reader warm", warm.wall, 0.5 * r_warm.wall, f"{warm.wall / r_warm.wall:.2f}x"),
        ("CPU/entry <= feedparser default", cold.cpu_per_entry_us or 0, fp_default_us,
         f"{_fmt(cold.cpu_per_entry_us, '.0f')} vs {fp_default_us:.0f} us"),
        ("  of which fetch, parse, store CPU/entry <= feedparser default", collect_cpu_us, fp_default_us,
         f"{collect_cpu_us:.0f} vs {fp_default_us:.0f} us"),
        ("peak memory (tree RSS, shared pages counted per process) < 250 MB", rss, 250.0, f"{rss:.0f} MB"),
        ("  the same as PSS (shared pages counted once) < 250 MB", pss, 250.0, f"{pss:.0f} MB"),
    ]
    return [{"target": name, "value": round(value, 3), "limit": round(limit, 3), "detail": detail,
             "pass": value <= limit} for name, value, limit, detail in checks]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--quick", action="store_true", help="100 feeds x 50 entries")
    parser.add_argument("--content", choices=("news", "salad"), default="news",
                        help="what the entries say: news (ordinary news, about one in ten approval reporting in "
                             "English or Chinese; benchmarks/farm_content.py) or salad (every sentence a heap of "
                             "cue words: the farm before 2026-12-08, to compare with figures measured on it)")
    parser.add_argument("--fetch", default="64:64",
                        help="monitor [fetch] concurrency:per_host pairs to measure, comma-separated (config "
                             "validation allows per_host <= 128; the farm is one host standing for many); the "
                             "fastest cold run is judged")
    parser.add_argument("--reader-workers", type=int, default=16)
    parser.add_argument("--skip-reader", action="store_true")
    parser.add_argument("--skip-feedparser", action="store_true")
    parser.add_argument("--busy-core", action="store_true",
                        help="keep one core busy with a spinning process during the side-by-side runs")
    parser.add_argument("--busy-core-cpu", type=int, default=None, metavar="N",
                        help="pin the spinning process to CPU N (default: not pinned)")
    daemon = parser.add_argument_group("daemon mode (instead of the side-by-side runs)")
    daemon.add_argument("--daemon", type=float, default=None, metavar="MINUTES",
                        help="run `monitor daemon` against the farm for MINUTES, then SIGTERM")
    daemon.add_argument("--interval", type=int, default=5, metavar="MINUTES",
                        help="every source's interval in the daemon's config (whole minutes, >= 1; default 5)")
    daemon.add_argument("--hosts", type=int, default=4,
                        help="the farm listens on 127.0.0.1 .. 127.0.0.N and the sources are spread over them")
    daemon.add_argument("--per-host", type=int, default=1,
                        help="[fetch] per_host for the daemon (default 1: with the daemon's two job threads "
                             "and one feed per job, 2 could never be exceeded)")
    daemon.add_argument("--concurrency", type=int, default=64, help="[fetch] concurrency for the daemon")
    daemon.add_argument("--prefill", action="store_true",
                        help="store every feed with one run-once first and make every source due again: the "
                             "daemon's first cycle is then all 304s (the steady state), not the cold one")
    daemon.add_argument("--sample-every", type=float, default=2.0, metavar="SECONDS",
                        help="how often the daemon's process tree is read from /proc")
    daemon.add_argument("--stop-timeout", type=float, default=600.0, metavar="SECONDS",
                        help="SIGKILL (and fail) when the daemon has not stopped this long after SIGTERM")
    args = parser.parse_args(argv)
    if args.daemon is not None and (args.daemon <= 0 or args.interval < 1):
        parser.error("--daemon needs a positive number of minutes and --interval at least 1")
    if args.quick:
        args.feeds, args.entries = 100, 50
    return args


# -- the daemon (issue 19: "1,000 feeds on a 5-minute interval for 15 minutes against the farm, CPU seconds
#    per hour and requests per host in flight never above per_host") ---------------------------------------

JOB_DONE = re.compile(r"source (?:job done|job failed: .*?|backing off) source=(?P<source>\S+)(?: url=\S+)? "
                      r"status=(?P<status>\S+)")


def _set_child_subreaper() -> bool:
    """Orphans of our children (a pool worker the daemon left behind) become ours, to reap and charge."""
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # 36: PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _children_of(parent: int) -> list[int]:
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    if int(handle.read().rsplit(b")", 1)[1].split()[1]) == parent:
                        out.append(int(name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def daemon_config(path: Path, db: Path, port: int, args: argparse.Namespace) -> dict[str, Any]:
    """The config `monitor daemon` reads: every feed of the farm, spread round-robin over its host names."""
    hosts = [f"127.0.0.{i}" for i in range(1, args.hosts + 1)]
    data = {"database_url": f"sqlite:///{db}", "rules": str(REPO / "config" / "rules.toml"),
            "dataset": str(REPO / "config" / "known" / "dataset.toml"),
            "fetch": {"concurrency": args.concurrency, "per_host": args.per_host, "total_timeout": 120.0,
                      "retries": 1},
            "source": [{"name": f"farm-{i}", "kind": "feed", "url": f"http://{hosts[i % len(hosts)]}:{port}/feed/{i}.xml",
                        "interval": f"{args.interval}m", "allow_private_network": True} for i in range(args.feeds)]}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return data


def _log_stamp(match: re.Match[str]) -> float:
    return time.mktime(time.strptime(match["time"], "%Y-%m-%d %H:%M:%S")) + int(match["ms"]) / 1000


def daemon_log(stderr: str, sources: int, epoch_started: float) -> dict[str, Any]:
    """From the daemon's INFO log: when it started, when every source had run once (the cold cycle),
    job outcomes, and APScheduler's warnings (missed or skipped runs)."""
    started = None
    first_done: dict[str, float] = {}
    statuses: dict[str, int] = {}
    jobs = missed = skipped = errors = 0
    for line in stderr.splitlines():
        match = LOG_LINE.match(line)
        if not match:
            continue
        message = match["message"]
        if "was missed by" in message:
            missed += 1
        elif "maximum number of running instances" in message:
            skipped += 1
        if " ERROR " in line[:40]:
            errors += 1
        if message.startswith("daemon started with") and started is None:
            started = _log_stamp(match)
        done = JOB_DONE.match(message)
        if done:
            jobs += 1
            statuses[done["status"]] = statuses.get(done["status"], 0) + 1
            first_done.setdefault(done["source"], _log_stamp(match))
    cold_end = max(first_done.values()) if len(first_done) >= sources else None
    return {"started_after_s": round(started - epoch_started, 2) if started else None,
            "sources_run": len(first_done), "jobs_done": jobs, "statuses": statuses,
            "missed_runs": missed, "skipped_runs": skipped, "error_lines": errors,
            "cold_cycle_s": round(cold_end - started, 1) if cold_end and started else None,
            "cold_cycle_end_s": round(cold_end - epoch_started, 1) if cold_end else None}


def _at(series: list[tuple[float, float]], t: float) -> float | None:
    """The value of the first sample taken at or after ``t`` seconds (None past the last one)."""
    for stamp, value in series:
        if stamp >= t:
            return value
    return None


def prefill(config: Path, db: Path) -> dict[str, Any]:
    """--prefill: one `monitor run-once` stores every feed first (not charged to the daemon), and every source
    is made due again, so that the daemon's first cycle is all 304s: the steady state from the start."""
    run, stdout, _ = measure("prefill run-once", [sys.executable, "-m", "monitor", "run-once", "--config", str(config),
                                                  "--json"], timeout=1800)
    totals = json.loads(stdout)["totals"]
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sources SET next_due_at = NULL")
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    print(f"prefilled by run-once: {documents} documents in {run.wall:.1f} s ({run.cpu:.1f} s CPU)", flush=True)
    return {"wall_s": round(run.wall, 1), "cpu_s": round(run.cpu, 1), "totals": totals, "documents": documents}


def _never_left_running(proc: subprocess.Popen[bytes]) -> None:
    """After an error or ^C: kill the daemon if it was not stopped and reaped."""
    if proc.returncode is None:
        proc.kill()
        try:
            os.wait4(proc.pid, 0)
        except ChildProcessError:
            pass
        proc.returncode = -9


def daemon_bench(args: argparse.Namespace) -> int:
    """`monitor daemon` against the farm for ``args.daemon`` minutes, then SIGTERM; figures from outside."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    interval, minutes = args.interval * 60.0, args.daemon
    figures: dict[str, Any] = {"mode": "daemon", "feeds": args.feeds, "entries": args.entries, "latency": args.latency,
                               "interval_min": args.interval, "content": args.content, "minutes": minutes, "hosts": args.hosts,
                               "per_host": args.per_host, "concurrency": args.concurrency,
                               "cpus": os.cpu_count(), "python": sys.version.split()[0],
                               "load_average_at_start": os.getloadavg()}
    subreaper = _set_child_subreaper()
    began = time.perf_counter()
    failures: list[str] = []
    farm, port = start_farm(args.feeds, args.entries, args.latency, hosts=args.hosts, content=args.content)
    proc: subprocess.Popen[bytes] | None = None
    try:
        print(f"farm on 127.0.0.1-127.0.0.{args.hosts}, port {port}: {args.feeds} feeds x {args.entries} entries, "
              f"{args.latency * 1000:.0f} ms; daemon for {minutes:g} min, interval {args.interval} min, "
              f"per_host {args.per_host}", flush=True)
        # the ExitStack closes first: the daemon is stopped before its directory goes
        with tempfile.TemporaryDirectory(prefix="feedfarm-daemon-") as tmp, ExitStack() as stack:
            workdir = Path(tmp)
            config = workdir / "daemon.toml"
            daemon_config(config, workdir / "daemon.db", port, args)
            env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}  # the config says all
            if args.prefill:
                figures["prefill"] = prefill(config, workdir / "daemon.db")
            reset_farm(port)
            # ours before the daemon (the farm; orphans of the prefill's run-once, such as multiprocessing's
            # resource tracker, reparented to us): not the daemon's, never charged to it
            before = set(_children_of(os.getpid()))
            log_path = workdir / "daemon.log"
            with open(log_path, "wb") as log:
                epoch_started = time.time()
                started = time.perf_counter()
                proc = subprocess.Popen([sys.executable, "-m", "monitor", "daemon", "--config", str(config)],
                                        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=REPO,
                                        env=env, preexec_fn=lambda: _die_with_parent(signal.SIGTERM))
                stack.callback(_never_left_running, proc)
            cpu_series: list[tuple[float, float]] = []  # (seconds since start, tree CPU s)
            farm_series: list[tuple[float, float]] = []  # (seconds since start, feed requests served)
            peak_rss = peak_pss = 0
            descendants: set[int] = set()
            deadline = started + minutes * 60
            next_farm = 0.0
            exited = None
            while (now := time.perf_counter()) < deadline:  # bounded by the deadline
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    exited = (status, usage)
                    failures.append(f"the daemon exited by itself after {now - started:.0f} s "
                                    f"(status {os.waitstatus_to_exitcode(status)})")
                    break
                pids: set[int] = set()
                rss, pss, cpu = _tree_usage(proc.pid, pids)
                descendants |= pids - {proc.pid}
                peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
                cpu_series.append((now - started, cpu))
                if now >= next_farm:
                    farm_series.append((time.perf_counter() - started, farm_stats(port)["requests"]))
                    next_farm = now + 5
                time.sleep(max(0.0, min(args.sample_every, deadline - time.perf_counter())))
            stopping = time.perf_counter()
            if exited is None:
                last = _tree_usage(proc.pid)
                cpu_series.append((stopping - started, last[2]))
                farm_series.append((stopping - started, farm_stats(port)["requests"]))
                proc.send_signal(signal.SIGTERM)
                stop_deadline = stopping + args.stop_timeout
                while time.perf_counter() < stop_deadline:
                    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                    if pid:
                        exited = (status, usage)
                        break
                    time.sleep(0.2)
                if exited is None:
                    failures.append(f"the daemon did not stop within {args.stop_timeout:g} s of SIGTERM: killed")
                    proc.kill()
                    _, status, usage = os.wait4(proc.pid, 0)
                    exited = (status, usage)
            status, usage = exited
            ended = time.perf_counter()
            proc.returncode = code = os.waitstatus_to_exitcode(status)
            if code != 0 and not failures:
                failures.append(f"the daemon exited with status {code}")
            cpu = usage.ru_utime + usage.ru_stime  # the daemon and every descendant it reaped
            # what it did not reap: its orphans are ours now (subreaper); stop them, reap them, charge them
            leftovers = [pid for pid in _children_of(os.getpid()) if pid not in before and pid != farm.pid]
            leftover_cpu = 0.0
            for pid in leftovers:
                try:
                    os.kill(pid, signal.SIGKILL)
                    _, _, left = os.wait4(pid, 0)
                    leftover_cpu += left.ru_utime + left.ru_stime
                except (ProcessLookupError, ChildProcessError):
                    continue
            cpu += leftover_cpu
            for pid in before - {farm.pid}:  # the prefill's orphans, if they ended by now: no zombies left
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    continue
            stats = farm_stats(port)
            stderr = log_path.read_text(encoding="utf-8", errors="replace")
            (RESULTS / f"feedfarm-daemon-{time.strftime('%Y%m%d-%H%M%S')}.log").write_text(stderr, encoding="utf-8")
        run_s, stop_s = stopping - started, ended - stopping
        log = daemon_log(stderr, args.feeds, epoch_started)
        # CPU per hour over the whole run (start-up and the cold cycle included), and in the steady state:
        # the whole intervals after the one in which the cold cycle ended
        cold_end = log["cold_cycle_end_s"]
        steady_from = (int(cold_end // interval) + 1) * interval if cold_end is not None else None
        steady_to = int(run_s // interval) * interval
        steady = None
        if steady_from is not None and steady_to > steady_from:
            a, b = _at(cpu_series, steady_from), _at(cpu_series, steady_to)
            if a is not None and b is not None:
                steady = {"from_s": steady_from, "to_s": steady_to, "cpu_s": round(b - a, 2),
                          "cpu_s_per_hour": round((b - a) / (steady_to - steady_from) * 3600, 1)}
        cycles = []
        for k in range(int(run_s // interval) + (run_s % interval > 5)):  # no window of a second's rounding
            a, b = _at(farm_series, k * interval) or 0, _at(farm_series, min((k + 1) * interval, run_s))
            cycles.append({"from_s": k * interval, "to_s": round(min((k + 1) * interval, run_s), 1),
                           "feed_requests": None if b is None else int(b - a)})
        hosts = stats.get("hosts", {})
        over = {h: v["max_in_flight"] for h, v in hosts.items() if v["max_in_flight"] > args.per_host}
        if over:
            failures.append(f"per_host {args.per_host} exceeded: most in flight per host {over}")
        if len(hosts) < args.hosts:
            failures.append(f"only {len(hosts)} of {args.hosts} hosts were asked for anything")
        figures |= {
            "run_s": round(run_s, 1), "stop_s": round(stop_s, 1), "exit_status": code,
            "cpu_s": round(cpu, 2), "cpu_s_leftover_children": round(leftover_cpu, 2),
            "cpu_s_tree_sampled_before_stop": round(cpu_series[-1][1], 2) if cpu_series else None,
            "cpu_s_per_hour": round(cpu / (run_s + stop_s) * 3600, 1), "steady": steady,
            "peak_tree_rss_mb": round(peak_rss / 2**20, 1), "peak_tree_pss_mb": round(peak_pss / 2**20, 1),
            "descendants_seen": len(descendants), "subreaper": subreaper, "leftover_children": len(leftovers),
            "farm": stats, "cycles": cycles, "log": log, "failures": failures,
            "load_average_at_end": os.getloadavg(),
            "cpu_series": [(round(t, 1), round(c, 2)) for t, c in cpu_series[::max(1, len(cpu_series) // 300)]],
        }
    finally:
        if proc is not None:
            _never_left_running(proc)
        stop_farm(farm)
    print_daemon(figures)
    figures["seconds"] = round(time.perf_counter() - began, 1)
    out = RESULTS / f"feedfarm-daemon-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nfigures written to {out.relative_to(REPO)} ({figures['seconds']} s in all)")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


def print_daemon(f: dict[str, Any]) -> None:
    log, steady = f["log"], f["steady"]
    print(f"\nmonitor daemon, {f['feeds']} feeds x {f['entries']} entries over {f['hosts']} hosts, every "
          f"{f['interval_min']} min, {f['run_s']:.0f} s then SIGTERM (stopped in {f['stop_s']:.1f} s, "
          f"exit status {f['exit_status']})")
    print(f"  CPU: {f['cpu_s']:.1f} s in all = {f['cpu_s_per_hour']:.0f} s per hour (cold cycle included)" +
          (f"; steady state {steady['cpu_s']:.1f} s over {steady['to_s'] - steady['from_s']:.0f} s = "
           f"{steady['cpu_s_per_hour']:.0f} s per hour" if steady else ""))
    print(f"  peak tree RSS {f['peak_tree_rss_mb']:.0f} MB, PSS {f['peak_tree_pss_mb']:.0f} MB; "
          f"{f['descendants_seen']} descendant processes seen, {f['leftover_children']} left behind")
    first = "first cycle (all 304: prefilled)" if f.get("prefill") else "cold cycle"
    print(f"  {first} (every source once): {log['cold_cycle_s']} s after 'daemon started' "
          f"({log['sources_run']} of {f['feeds']} sources ran; {log['jobs_done']} jobs {log['statuses']}; "
          f"missed runs {log['missed_runs']}, skipped {log['skipped_runs']}, ERROR lines {log['error_lines']})")
    print("  feed requests per interval: " + ", ".join(
        f"{c['from_s'] / 60:g}-{c['to_s'] / 60:g} min: {c['feed_requests']}" for c in f["cycles"]))
    farm = f["farm"]
    print(f"  farm: {farm['requests']} feed requests ({farm['ok']} 200, {farm['not_modified']} 304), times each feed "
          f"was asked for {{times: feeds}}: {farm.get('feed_requests')}")
    for host, v in farm.get("hosts", {}).items():
        verdict = "PASS" if v["max_in_flight"] <= f["per_host"] else "FAIL"
        print(f"  {verdict}  {host}: {v['requests']} requests, at most {v['max_in_flight']} in flight "
              f"(per_host {f['per_host']})")


def _interrupted(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")  # so that every finally runs: helpers stopped, farm stopped


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)
    if args.daemon is not None:
        return daemon_bench(args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    pairs = [tuple(int(x) for x in item.split(":")) for item in args.fetch.split(",") if item]
    began = time.perf_counter()
    farm, port = start_farm(args.feeds, args.entries, args.latency, content=args.content)
    figures: dict[str, Any] = {"feeds": args.feeds, "entries": args.entries, "latency": args.latency,
                               "content": args.content,
                               "cpus": os.cpu_count(), "python": sys.version.split()[0]}
    runs: list[Run] = []
    try:
        print(f"farm on 127.0.0.1:{port}: {args.feeds} feeds x {args.entries} entries, {args.latency * 1000:.0f} ms",
              flush=True)
        with tempfile.TemporaryDirectory(prefix="feedfarm-") as tmp:
            workdir = Path(tmp)
            if not args.skip_feedparser:
                bodies = fetch_bodies(port, args.feeds)
                figures["feedparser"] = feedparser_alone(bodies)
                del bodies
                figures["fetch_alone"] = asyncio.run(fetch_alone(port, args.feeds))
                reset_farm(port)
                print(json.dumps(figures["feedparser"]), json.dumps(figures["fetch_alone"]), sep="\n", flush=True)
            if not args.skip_reader:
                ensure_reader_venv()  # not while the spinner runs
            load = busy_core(args.busy_core_cpu) if args.busy_core else nullcontext(None)
            with load as burner:
                monitor_runs = []
                for concurrency, per_host in pairs:
                    cold, warm = monitor_pair(port, args.feeds, workdir, concurrency, per_host)
                    monitor_runs.append((cold, warm))
                    runs += [cold, warm]
                    print_table([cold, warm])
                cold, warm = min(monitor_runs, key=lambda pair: pair[0].wall)
                print(f"monitor cold stages: {json.dumps(stage_split_only(cold))}", flush=True)
                if not args.skip_reader:
                    r_cold, r_warm = reader_pair(port, args.feeds, workdir, args.reader_workers)
                    runs += [r_cold, r_warm]
            if burner is not None:
                figures["busy_core"] = burner
                for run in runs:
                    run.label += " +busy"
                print(f"busy core: {json.dumps(burner)}", flush=True)
    finally:
        stop_farm(farm)
    print_table(runs)
    figures["runs"] = [asdict(r) | {"cpu_per_entry_us": r.cpu_per_entry_us} for r in runs]
    if not args.skip_reader and "feedparser" in figures:
        fp_us = figures["feedparser"]["default_us_per_entry"]
        checks = verdicts(cold, warm, r_cold, r_warm, fp_us, busy=args.busy_core)
        figures["targets"] = checks
        figures["cold_ratio"] = round(cold.wall / r_cold.wall, 3)
        if args.busy_core:
            figures["cold_ratio_busy_core"] = figures["cold_ratio"]
        print(f"\nmonitor/reader{' with one core kept busy' if args.busy_core else ''}: "
              f"cold {cold.wall / r_cold.wall:.2f}x wall, {cold.cpu / r_cold.cpu:.2f}x CPU; "
              f"warm {warm.wall / r_warm.wall:.2f}x wall, {warm.cpu / r_warm.cpu:.2f}x CPU")
        print(f"feedparser default parse of every entry: {figures['feedparser']['default_cpu_s']:.1f} s CPU = "
              f"{figures['feedparser']['default_cpu_s'] / cold.cpu:.0%} of monitor's cold CPU "
              f"(monitor's own options: {figures['feedparser']['monitor_options_cpu_s']:.1f} s, "
              f"and through monitor's SAX driver: {figures['feedparser']['monitor_driver_cpu_s']:.1f} s = "
              f"{figures['feedparser']['monitor_driver_us_per_entry']:.0f} us per entry)")
        for check in checks:
            print(f"  {'PASS' if check['pass'] else 'FAIL'}  {check['target']}: {check['detail']}")
    figures["seconds"] = round(time.perf_counter() - began, 1)
    out = RESULTS / f"feedfarm-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    print(f"\nfigures written to {out.relative_to(REPO)} ({figures['seconds']} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
