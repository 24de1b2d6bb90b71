"""The feed farm: N generated feeds of M entries on 127.0.0.1, for the feed-farm benchmark.

Run it as its own process so its CPU is not charged to the client being measured::

    .venv/bin/python benchmarks/farm.py --feeds 1000 --entries 50 --latency 0.05

It prints one JSON line ``{"port": ...}`` on stdout when it is listening. Routes:
``/feed/<i>.xml`` (even i: RSS 2.0, odd i: Atom), ``/stats`` (request counters as JSON),
``/reset`` (zero the counters). Every feed answers after ``--latency`` seconds, carries an ETag and
a Last-Modified, and answers 304 to a matching If-None-Match or a not-older If-Modified-Since.
Content is deterministic (seeded per feed), so two runs and two clients see the same bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import email.utils
import hashlib
import json
import random
import subprocess
import sys
import threading
import urllib.request
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from aiohttp import web

BASE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
LAST_MODIFIED = email.utils.format_datetime(BASE, usegmt=True)
WORDS = ("regulator", "approval", "model", "filing", "algorithm", "provider", "generative", "service", "security",
         "assessment", "province", "company", "batch", "registration", "platform", "users", "data", "training",
         "review", "guidance", "draft", "measures", "public", "opinion", "deep", "synthesis", "label", "content",
         "the", "of", "and", "a", "to", "in", "for", "on", "with", "new", "rules", "announced", "officials", "said")


def description(rng: random.Random) -> str:
    """A 1-3 KB HTML description: paragraphs, a link, some emphasis, like a real feed teaser."""
    target = rng.randint(1000, 3000)
    parts: list[str] = []
    size = 0
    while size < target:
        words = [rng.choice(WORDS) for _ in range(rng.randint(25, 60))]
        if rng.random() < 0.5:
            i = rng.randrange(len(words))
            words[i] = f"<b>{words[i]}</b>"
        if rng.random() < 0.3:
            i = rng.randrange(len(words))
            words[i] = f'<a href="/topic/{words[i]}">{words[i]}</a>'
        paragraph = "<p>" + " ".join(words).capitalize() + ".</p>"
        parts.append(paragraph)
        size += len(paragraph)
    return "".join(parts)


def feed_body(index: int, entries: int, origin: str) -> bytes:
    rng = random.Random(index)
    if index % 2 == 0:
        return _rss(index, entries, origin, rng)
    return _atom(index, entries, origin, rng)


def _rss(index: int, entries: int, origin: str, rng: random.Random) -> bytes:
    items = []
    for n in range(entries):
        published = email.utils.format_datetime(BASE - dt.timedelta(hours=n * 3 + index % 5), usegmt=True)
        items.append(f"<item><title>Farm feed {index} story {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}</title>"
                     f"<link>{origin}/story/{index}/{n}.html?utm_source=rss</link>"
                     f'<guid isPermaLink="false">farm-{index}-{n}</guid><pubDate>{published}</pubDate>'
                     f"<description>{escape(description(rng))}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Farm feed {index}</title><link>{origin}/</link><description>generated</description>"
            f"<language>en</language>" + "".join(items) + "</channel></rss>").encode("utf-8")


def _atom(index: int, entries: int, origin: str, rng: random.Random) -> bytes:
    items = []
    for n in range(entries):
        published = (BASE - dt.timedelta(hours=n * 3 + index % 5)).isoformat()
        items.append(f"<entry><title>Farm feed {index} entry {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}</title>"
                     f"<id>urn:farm:{index}:{n}</id><link href=\"{origin}/story/{index}/{n}.html\"/>"
                     f"<updated>{published}</updated><published>{published}</published>"
                     f'<summary type="html">{escape(description(rng))}</summary></entry>')
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">'
            f"<title>Farm feed {index}</title><id>urn:farm:{index}</id><updated>{BASE.isoformat()}</updated>"
            + "".join(items) + "</feed>").encode("utf-8")


@dataclass
class Farm:
    feeds: int
    entries: int
    latency: float
    origin: str = "http://127.0.0.1"
    bodies: dict[int, tuple[bytes, str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: {"requests": 0, "ok": 0, "not_modified": 0, "bytes": 0})

    def body(self, index: int) -> tuple[bytes, str]:
        if index not in self.bodies:
            body = feed_body(index, self.entries, self.origin)
            self.bodies[index] = (body, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')
        return self.bodies[index]

    async def feed(self, request: web.Request) -> web.Response:
        self.counts["requests"] += 1
        try:
            index = int(request.match_info["index"])
        except ValueError:
            raise web.HTTPNotFound() from None
        if not 0 <= index < self.feeds:
            raise web.HTTPNotFound()
        await asyncio.sleep(self.latency)
        body, etag = self.body(index)
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if _fresh(request, etag):
            self.counts["not_modified"] += 1
            return web.Response(status=304, headers=headers)
        self.counts["ok"] += 1
        self.counts["bytes"] += len(body)
        kind = "application/rss+xml" if index % 2 == 0 else "application/atom+xml"
        return web.Response(body=body, headers=headers, content_type=kind, charset="utf-8")

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.counts)

    async def reset(self, request: web.Request) -> web.Response:
        for key in self.counts:
            self.counts[key] = 0
        return web.json_response(self.counts)


def _fresh(request: web.Request, etag: str) -> bool:
    """RFC 9110: If-None-Match wins over If-Modified-Since when both are sent."""
    match = request.headers.get("If-None-Match")
    if match is not None:
        return any(tag.strip().removeprefix("W/") == etag for tag in match.split(","))
    since = request.headers.get("If-Modified-Since")
    if since:
        try:
            return email.utils.parsedate_to_datetime(since) >= BASE
        except (TypeError, ValueError):
            return False
    return False


async def serve(farm: Farm, port: int) -> None:
    app = web.Application()
    app.router.add_get("/feed/{index}.xml", farm.feed)
    app.router.add_get("/stats", farm.stats)
    app.router.add_get("/reset", farm.reset)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=1024)
    await site.start()
    bound = runner.addresses[0][1]
    farm.origin = f"http://127.0.0.1:{bound}"
    for index in range(farm.feeds):  # generate up front: the clients' timings must not include our CPU
        farm.body(index)
    print(json.dumps({"port": bound}), flush=True)
    await asyncio.Event().wait()  # until the parent terminates us


def start_farm(feeds: int, entries: int, latency: float, *, startup_timeout: float = 120) -> tuple[subprocess.Popen[bytes], int]:
    """Start the farm as a child process; returns it and its port once it listens (bodies generated)."""
    proc = subprocess.Popen([sys.executable, __file__, "--feeds", str(feeds), "--entries", str(entries),
                             "--latency", str(latency)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    timer = threading.Timer(startup_timeout, proc.kill)  # a hung start must not hang the benchmark
    timer.start()
    try:
        line = proc.stdout.readline()
    finally:
        timer.cancel()
    if not line:
        proc.wait()
        raise RuntimeError(f"the farm did not start (exit status {proc.returncode})")
    return proc, int(json.loads(line)["port"])


def stop_farm(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def farm_stats(port: int, *, reset: bool = False) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{'reset' if reset else 'stats'}", timeout=10) as answer:
        return json.loads(answer.read())


def reset_farm(port: int) -> dict[str, int]:
    """The counters since the last reset, then zeroed."""
    counts = farm_stats(port)
    farm_stats(port, reset=True)
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(Farm(args.feeds, args.entries, args.latency), args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
