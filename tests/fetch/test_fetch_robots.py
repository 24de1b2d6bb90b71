"""robots.txt through the same Fetcher, and the per-host politeness delay."""

from __future__ import annotations

import asyncio

import pytest

from monitor.errors import BlockedURLError
from monitor.fetch import Fetcher
from monitor.fetch.robots import HostThrottle
from tests.support.httpserver import Response

ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: monitor\nDisallow: /no-monitor\nDisallow: /private/\n"


def test_robots_disallows_one_path_and_allows_the_rest(server, limits):
    server.route("/robots.txt", Response(body=ROBOTS))
    server.route("/news/1.html", Response(body=b"article"))
    server.route("/no-monitor", Response(body=b"secret"))

    async def go() -> tuple[bytes, str]:
        async with Fetcher(limits) as fetcher:
            ok = await fetcher.get(server.url("/news/1.html"), allow_private=True, check_robots=True)
            with pytest.raises(BlockedURLError) as info:
                await fetcher.get(server.url("/no-monitor"), allow_private=True, check_robots=True)
            return ok.body, str(info.value)

    body, message = asyncio.run(go())
    assert body == b"article" and message == "disallowed by robots.txt"
    assert server.count("/no-monitor") == 0
    assert server.count("/robots.txt") == 1  # cached per origin


def test_robots_is_ignored_unless_asked(server, fetch):
    server.route("/robots.txt", Response(body="User-agent: *\nDisallow: /\n"))
    server.route("/feed.xml", Response(body=b"feed"))
    assert fetch(server.url("/feed.xml")).body == b"feed"
    assert server.count("/robots.txt") == 0


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (500, True), (401, False), (403, False)])
def test_robots_failures_follow_google(server, fetch, status, allowed):
    server.route("/robots.txt", Response(status))
    server.route("/a", Response(body=b"a"))
    if allowed:
        assert fetch(server.url("/a"), check_robots=True).body == b"a"
    else:
        with pytest.raises(BlockedURLError, match="disallowed by robots.txt"):
            fetch(server.url("/a"), check_robots=True)


def test_robots_fetch_for_many_articles_of_one_host_happens_once(server, limits):
    server.route("/robots.txt", Response(body=ROBOTS, delay=0.2))
    for n in range(6):
        server.route(f"/n/{n}", Response(body=b"x"))

    async def go() -> None:
        async with Fetcher(limits) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url(f"/n/{n}"), allow_private=True, check_robots=True)
                                   for n in range(6)))

    asyncio.run(go())
    assert server.count("/robots.txt") == 1


def test_host_throttle_spaces_requests_per_host():
    now = [100.0]
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    throttle = HostThrottle(2.0, clock=lambda: now[0], sleep=fake_sleep)

    async def go() -> list[float]:
        first = [await throttle.wait("http://a.example/1") for _ in range(3)]
        other = await throttle.wait("http://b.example/1")
        now[0] += 10.0
        later = await throttle.wait("http://a.example/2")
        return [*first, other, later]

    assert asyncio.run(go()) == [0.0, 2.0, 4.0, 0.0, 0.0]
    assert waits == [2.0, 4.0]
