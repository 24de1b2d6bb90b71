"""Servers that break the protocol, and bounded concurrency as the server sees it."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from monitor.errors import FetchError, ResponseTooLarge
from monitor.fetch import Fetcher
from tests.support.httpserver import Response


def test_connection_reset_mid_body_is_a_fetch_error(server, fetch, sleeps):
    server.route("/reset", Response(body=b"z" * 50_000, reset_after=1000))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/reset"))
    assert "after 3 attempts" in str(info.value)
    assert str(info.value).startswith(("connection reset", "connection closed before the whole response"))
    assert server.count("/reset") == 3 and len(sleeps.calls) == 2


def test_short_body_under_a_larger_content_length(server, fetch):
    server.route("/short", Response(body=b"only this", content_length=5000))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/short"))
    assert str(info.value) == "connection closed before the whole response arrived after 3 attempts"


def test_content_length_smaller_than_the_body_gives_the_declared_bytes_or_a_clear_error(server, fetch, sleeps):
    """aiohttp reads bytes past the declared length as the start of a next response, and refuses them
    when they arrive in the same read as the body (timing decides): either outcome is acceptable for a
    server that breaks HTTP, a crash or the extra bytes are not."""
    server.route("/long", Response(body=b"0123456789 and more", content_length=10))
    server.route("/next", Response(body=b"next"))
    for _ in range(5):
        try:
            assert fetch(server.url("/long")).body == b"0123456789"
        except FetchError as exc:
            assert str(exc).startswith("server sent a malformed HTTP response: Bad status line"), str(exc)
            assert "\n" not in str(exc)
        assert fetch(server.url("/next")).body == b"next"


def test_connection_refused(fetch, limits):
    with pytest.raises(FetchError) as info:
        fetch("http://127.0.0.1:1/", limits=dataclasses.replace(limits, retries=0))
    assert str(info.value) == "connection refused"


def test_endless_body_is_cut_at_the_cap(server, fetch):
    # A feed that keeps growing: bounded to 20 MB so the server side ends too.
    server.route("/endless", Response(chunks=lambda: (b"<item>more</item>" * 64 for _ in range(20_000))))
    with pytest.raises(ResponseTooLarge):
        fetch(server.url("/endless"))


def test_corrupt_gzip_is_a_fetch_error(server, fetch):
    server.route("/bad.gz", Response(body=b"this is not gzip at all", content_encoding="gzip"))
    with pytest.raises(FetchError, match="^corrupt gzip body"):
        fetch(server.url("/bad.gz"))


def test_unknown_content_encoding_is_refused(server, fetch):
    server.route("/br", Response(body=b"\x0b\x02\x80hello\x03", content_encoding="br"))
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetch(server.url("/br"))


def test_raw_deflate_is_decoded(server, fetch):
    import zlib

    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = compressor.compress(b"deflated words " * 100) + compressor.flush()
    server.route("/d", Response(body=raw, content_encoding="deflate"))
    assert fetch(server.url("/d")).body == b"deflated words " * 100


def test_per_host_limit_holds_at_the_server(server, limits):
    for n in range(12):
        server.route(f"/p/{n}", Response(body=b"x", delay=0.1))

    async def go() -> None:
        async with Fetcher(dataclasses.replace(limits, per_host=2, concurrency=16)) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url(f"/p/{n}"), allow_private=True) for n in range(12)))

    asyncio.run(go())
    assert len(server.requests) == 12
    assert server.max_in_flight == 2


def test_global_limit_holds_across_hosts(server, limits):
    # 127.0.0.1 and localhost are two hosts to the fetcher, one server to the test.
    for n in range(8):
        server.route(f"/g/{n}", Response(body=b"x", delay=0.1))
    urls = [f"http://{host}:{server.port}/g/{n}" for n in range(4) for host in ("127.0.0.1", "localhost")]

    async def go() -> None:
        async with Fetcher(dataclasses.replace(limits, per_host=4, concurrency=3)) as fetcher:
            await asyncio.gather(*(fetcher.get(url, allow_private=True) for url in urls))

    asyncio.run(go())
    assert server.max_in_flight == 3


def test_a_trickling_response_does_not_block_the_server(server, limits):
    server.route("/trickle", Response(body=b"t" * 10, trickle=20))
    server.route("/quick", Response(body=b"q"))

    async def go() -> float:
        async with Fetcher(limits) as fetcher:
            slow = asyncio.create_task(fetcher.get(server.url("/trickle"), allow_private=True))
            loop = asyncio.get_running_loop()
            started = loop.time()
            await fetcher.get(server.url("/quick"), allow_private=True)
            quick = loop.time() - started
            assert (await slow).body == b"t" * 10
            return quick

    assert asyncio.run(go()) < 0.5


@pytest.mark.parametrize("reply", [b"NOT HTTP AT ALL\r\n\r\n", b"HTTP/1.1 200 OK\r\nBroken header line\r\n\r\n"],
                         ids=["status-line", "header"])
def test_a_malformed_response_is_a_fetch_error_that_says_so(reply, fetch, sleeps):
    """A server that answers garbage: the transport's parser error becomes our FetchError, retried."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)
    port = listener.getsockname()[1]

    def answer_garbage() -> None:
        with listener:
            for _ in range(3):  # one attempt and two retries
                try:
                    conn, _ = listener.accept()
                except OSError:
                    return
                with conn:
                    conn.recv(65536)
                    conn.sendall(reply)

    thread = threading.Thread(target=answer_garbage, daemon=True)
    thread.start()
    with pytest.raises(FetchError) as info:
        fetch(f"http://127.0.0.1:{port}/feed")
    thread.join(10)
    assert str(info.value).startswith("server sent a malformed HTTP response: ")
    assert str(info.value).endswith("after 3 attempts")
