"""The feed farm: N generated feeds of M entries on 127.0.0.1, for the feed-farm benchmark.

Run it as its own process so its CPU is not charged to the client being measured::

    .venv/bin/python benchmarks/farm.py --feeds 1000 --entries 50 --latency 0.05
    .venv/bin/python benchmarks/farm.py --hosts 4     # also on 127.0.0.2-127.0.0.4, the same port

It prints one JSON line ``{"port": ..., "hosts": [...]}`` on stdout when it is listening. Routes:
``/feed/<i>.xml`` (even i: RSS 2.0, odd i: Atom), ``/stats`` (request counters as JSON),
``/reset`` (zero the counters). Every feed answers after ``--latency`` seconds, carries an ETag and
a Last-Modified, and answers 304 to a matching If-None-Match or a not-older If-Modified-Since.
Content is deterministic (seeded per feed), so two runs and two clients see the same bytes. What the entries
say: ``--content news`` (default; benchmarks/farm_content.py) or ``salad`` (the first farm's cue-word heaps).

``--hosts N`` listens on 127.0.0.1 .. 127.0.0.N (all of 127/8 is loopback on Linux; never any other
address), so that one farm stands for N hosts. ``/stats`` then also says, per Host header (what a
client's per-host limit keys on: address and port), how many requests came and the most that were
in flight at once (counted from the moment the request reached its handler until the handler
returned, so never more than the client had in flight), and how many times each feed was asked for
(``feed_requests``: {times: feeds}).
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
from typing import Any
from xml.sax.saxutils import escape

from aiohttp import web

import farm_content

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


def feed_body(index: int, entries: int, origin: str, content: str = "news") -> bytes:
    """``content``: "news" (ordinary news, about one entry in ten approval reporting: farm_content.py) or
    "salad" (the first farm's heaps of cue words, kept to compare with figures measured on it)."""
    rng = random.Random(index)
    if content == "news":
        language = farm_content.feed_language(index)
        entries_ = [farm_content.entry(rng, language) for _ in range(entries)]
    elif content == "salad":
        language = "en"
        noun = "story" if index % 2 == 0 else "entry"
        entries_ = [farm_content.Entry(f"Farm feed {index} {noun} {n}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                                       description(rng), None)
                    for n in range(entries)]
    else:
        raise ValueError(f"unknown farm content {content!r}: news or salad")
    if index % 2 == 0:
        return _rss(index, entries_, origin, language)
    return _atom(index, entries_, origin, language)


def _published(entry: farm_content.Entry, index: int, n: int) -> dt.datetime:
    return entry.published or BASE - dt.timedelta(hours=n * 3 + index % 5)


def _rss(index: int, entries: list[farm_content.Entry], origin: str, language: str) -> bytes:
    items = []
    for n, entry in enumerate(entries):
        published = email.utils.format_datetime(_published(entry, index, n), usegmt=True)
        items.append(f"<item><title>{escape(entry.title)}</title>"
                     f"<link>{origin}/story/{index}/{n}.html?utm_source=rss</link>"
                     f'<guid isPermaLink="false">farm-{index}-{n}</guid><pubDate>{published}</pubDate>'
                     f"<description>{escape(entry.html)}</description></item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Farm feed {index}</title><link>{origin}/</link><description>generated</description>"
            f"<language>{language}</language>" + "".join(items) + "</channel></rss>").encode("utf-8")


def _atom(index: int, entries: list[farm_content.Entry], origin: str, language: str) -> bytes:
    items = []
    for n, entry in enumerate(entries):
        published = _published(entry, index, n).isoformat()
        items.append(f"<entry><title>{escape(entry.title)}</title>"
                     f"<id>urn:farm:{index}:{n}</id><link href=\"{origin}/story/{index}/{n}.html\"/>"
                     f"<updated>{published}</updated><published>{published}</published>"
                     f'<summary type="html">{escape(entry.html)}</summary></entry>')
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">'
            f"<title>Farm feed {index}</title><id>urn:farm:{index}</id><updated>{BASE.isoformat()}</updated>"
            + "".join(items) + "</feed>").encode("utf-8")


@dataclass
class Farm:
    feeds: int
    entries: int
    latency: float
    origin: str = "http://127.0.0.1"
    content: str = "news"
    bodies: dict[int, tuple[bytes, str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=lambda: {"requests": 0, "ok": 0, "not_modified": 0, "bytes": 0})
    # per Host header (host:port): requests, in flight now, the most in flight at once since the last reset
    host_requests: dict[str, int] = field(default_factory=dict)
    in_flight: dict[str, int] = field(default_factory=dict)
    max_in_flight: dict[str, int] = field(default_factory=dict)
    feed_requests: dict[int, int] = field(default_factory=dict)  # feed index -> requests since the last reset

    def body(self, index: int) -> tuple[bytes, str]:
        if index not in self.bodies:
            body = feed_body(index, self.entries, self.origin, self.content)
            self.bodies[index] = (body, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')
        return self.bodies[index]

    @web.middleware
    async def count_in_flight(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Requests in flight per Host header, over every route but the benchmark's own /stats and /reset."""
        if request.path in ("/stats", "/reset"):
            return await handler(request)
        host = request.host
        self.host_requests[host] = self.host_requests.get(host, 0) + 1
        now = self.in_flight[host] = self.in_flight.get(host, 0) + 1
        self.max_in_flight[host] = max(self.max_in_flight.get(host, 0), now)
        try:
            return await handler(request)
        finally:
            self.in_flight[host] -= 1

    async def feed(self, request: web.Request) -> web.Response:
        self.counts["requests"] += 1
        try:
            index = int(request.match_info["index"])
        except ValueError:
            raise web.HTTPNotFound() from None
        if not 0 <= index < self.feeds:
            raise web.HTTPNotFound()
        self.feed_requests[index] = self.feed_requests.get(index, 0) + 1
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

    def snapshot(self) -> dict[str, Any]:
        times: dict[int, int] = {}
        for count in self.feed_requests.values():
            times[count] = times.get(count, 0) + 1
        times[0] = self.feeds - len(self.feed_requests)
        return {**self.counts,
                "hosts": {host: {"requests": n, "max_in_flight": self.max_in_flight.get(host, 0),
                                 "in_flight": self.in_flight.get(host, 0)}
                          for host, n in sorted(self.host_requests.items())},
                "feed_requests": {str(k): v for k, v in sorted(times.items()) if v}}

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(self.snapshot())

    async def reset(self, request: web.Request) -> web.Response:
        for key in self.counts:
            self.counts[key] = 0
        self.host_requests.clear()
        self.feed_requests.clear()
        # what is in flight now stays in flight; the peak starts again from it
        self.max_in_flight = {host: n for host, n in self.in_flight.items() if n}
        return web.json_response(self.snapshot())


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


def farm_hosts(hosts: int) -> list[str]:
    """127.0.0.1 .. 127.0.0.N: loopback addresses only (127/8 is loopback on Linux)."""
    if not 1 <= hosts <= 254:
        raise ValueError(f"hosts must be 1-254 (127.0.0.1 .. 127.0.0.254), got {hosts}")
    return [f"127.0.0.{i}" for i in range(1, hosts + 1)]


async def _listen(app: web.Application, addresses: list[str], port: int) -> tuple[web.AppRunner, int]:
    """One site per address, all on one port (the first one's, when port is 0); a few tries when that port
    is taken on another address."""
    for attempt in range(5):
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            first = web.TCPSite(runner, addresses[0], port, backlog=1024)
            await first.start()
            bound = runner.addresses[0][1]
            for address in addresses[1:]:
                await web.TCPSite(runner, address, bound, backlog=1024).start()
            return runner, bound
        except OSError:
            await runner.cleanup()
            if port or attempt == 4:
                raise
    raise AssertionError("unreachable")


async def serve(farm: Farm, port: int, hosts: int = 1) -> None:
    addresses = farm_hosts(hosts)
    app = web.Application(middlewares=[farm.count_in_flight])
    app.router.add_get("/feed/{index}.xml", farm.feed)
    app.router.add_get("/stats", farm.stats)
    app.router.add_get("/reset", farm.reset)
    runner, bound = await _listen(app, addresses, port)
    farm.origin = f"http://127.0.0.1:{bound}"
    for index in range(farm.feeds):  # generate up front: the clients' timings must not include our CPU
        farm.body(index)
    print(json.dumps({"port": bound, "hosts": addresses}), flush=True)
    await asyncio.Event().wait()  # until the parent terminates us


def start_farm(feeds: int, entries: int, latency: float, *, hosts: int = 1, content: str = "news",
               startup_timeout: float = 120) -> tuple[subprocess.Popen[bytes], int]:
    """Start the farm as a child process; returns it and its port once it listens (bodies generated).
    ``hosts``: it listens on 127.0.0.1 .. 127.0.0.<hosts>, the same port on each."""
    farm_hosts(hosts)  # a bad count fails here, not in the child
    proc = subprocess.Popen([sys.executable, __file__, "--feeds", str(feeds), "--entries", str(entries),
                             "--latency", str(latency), "--hosts", str(hosts), "--content", content], stdout=subprocess.PIPE)
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


def farm_stats(port: int, *, reset: bool = False) -> dict[str, Any]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{'reset' if reset else 'stats'}", timeout=10) as answer:
        return json.loads(answer.read())


def reset_farm(port: int) -> dict[str, Any]:
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
    parser.add_argument("--hosts", type=int, default=1, help="listen on 127.0.0.1 .. 127.0.0.N (one port)")
    parser.add_argument("--content", choices=("news", "salad"), default="news",
                        help="news: ordinary news, one entry in ten approval reporting (farm_content.py); "
                             "salad: the first farm's heaps of cue words")
    args = parser.parse_args(argv)
    try:
        asyncio.run(serve(Farm(args.feeds, args.entries, args.latency, content=args.content), args.port, args.hosts))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
