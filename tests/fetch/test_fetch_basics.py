"""Fetcher against the real local server: bodies, validators, retries, timeouts, size caps."""

from __future__ import annotations

import dataclasses
import time

import pytest

from monitor.errors import FetchError, ResponseTooLarge
from tests.support.httpserver import Response

LAST_MODIFIED = "Wed, 17 Jan 2024 08:00:00 GMT"


def test_200_returns_body_headers_and_final_url(server, fetch):
    server.route("/feed.xml", Response(body="<rss>新闻</rss>", content_type="application/rss+xml; charset=utf-8"))
    result = fetch(server.url("/feed.xml"))
    assert (result.status, result.body, result.not_modified) == (200, "<rss>新闻</rss>".encode(), False)
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.url == server.url("/feed.xml")
    assert result.elapsed > 0
    seen = server.requests_to("/feed.xml")[0]
    assert seen.headers["user-agent"].startswith("monitor/")
    assert seen.headers["accept-encoding"] == "gzip, deflate"


def test_etag_round_trip_gives_304_not_modified(server, fetch):
    server.route("/f", Response(body=b"<rss/>", etag='"v1"'))
    first = fetch(server.url("/f"))
    assert first.etag == '"v1"' and first.body == b"<rss/>"
    second = fetch(server.url("/f"), etag=first.etag)
    assert second.not_modified and second.status == 304 and second.body == b""
    assert second.etag == '"v1"'
    assert server.requests_to("/f")[1].headers["if-none-match"] == '"v1"'
    assert "if-none-match" not in server.requests_to("/f")[0].headers


def test_changed_etag_gives_new_body_and_validator(server, fetch):
    server.route("/f", Response(body=b"new", etag='"v2"'))
    result = fetch(server.url("/f"), etag='"v1"')
    assert (result.not_modified, result.body, result.etag) == (False, b"new", '"v2"')


def test_last_modified_sent_back_as_if_modified_since(server, fetch):
    server.route("/f", Response(body=b"x", last_modified=LAST_MODIFIED))
    first = fetch(server.url("/f"))
    assert first.last_modified == LAST_MODIFIED and first.etag is None
    second = fetch(server.url("/f"), last_modified=first.last_modified)
    assert second.not_modified and second.last_modified == LAST_MODIFIED
    assert server.requests_to("/f")[1].headers["if-modified-since"] == LAST_MODIFIED


def test_extra_request_headers_are_sent(server, fetch):
    server.route("/f", Response(body=b"x"))
    fetch(server.url("/f"), headers={"Accept-Language": "zh-CN"})
    assert server.requests_to("/f")[0].headers["accept-language"] == "zh-CN"


def test_500_then_200_is_retried_and_succeeds(server, fetch, sleeps):
    server.route("/f", Response(500), Response(body=b"ok"))
    assert fetch(server.url("/f")).body == b"ok"
    assert server.count("/f") == 2
    assert sleeps.calls == [0.25]  # full jitter: random() 0.5 * base 0.5 * 2**0


def test_500_forever_fails_after_retries_with_a_readable_message(server, fetch, sleeps):
    server.route("/f", Response(500))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/f"))
    assert str(info.value) == "HTTP 500 Internal Server Error after 3 attempts"
    assert info.value.status == 500 and info.value.url == server.url("/f")
    assert server.count("/f") == 3
    assert sleeps.calls == [0.25, 0.5]  # exponential: base * 2**attempt, times the jitter 0.5


def test_backoff_is_capped_by_backoff_max(server, fetch, sleeps, limits):
    server.route("/f", Response(503))
    with pytest.raises(FetchError):
        fetch(server.url("/f"), limits=dataclasses.replace(limits, retries=5, backoff_max=1.0))
    assert sleeps.calls == [0.25, 0.5, 0.5, 0.5, 0.5]


def test_404_is_not_retried(server, fetch, sleeps):
    with pytest.raises(FetchError) as info:
        fetch(server.url("/missing"))
    assert str(info.value) == "HTTP 404 Not Found" and info.value.status == 404
    assert server.count("/missing") == 1 and sleeps.calls == []


def test_429_with_retry_after_seconds_waits_that_long(server, fetch, sleeps):
    server.route("/f", Response(429, headers={"Retry-After": "1"}), Response(body=b"ok"))
    assert fetch(server.url("/f")).body == b"ok"
    assert sleeps.calls == [1.0]
    assert server.count("/f") == 2


def test_retry_after_as_http_date_is_honoured(server, fetch, sleeps):
    from email.utils import formatdate

    server.route("/f", Response(503, headers={"Retry-After": formatdate(time.time() + 5, usegmt=True)}),
                 Response(body=b"ok"))
    fetch(server.url("/f"))
    assert len(sleeps.calls) == 1 and 3.0 < sleeps.calls[0] <= 5.0


def test_retry_after_beyond_the_limit_fails_now_with_the_hint(server, fetch, sleeps):
    server.route("/f", Response(429, headers={"Retry-After": "3600"}))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/f"))
    assert info.value.retry_after == 3600.0
    assert "retry in 3600 s" in str(info.value) and "429" in str(info.value)
    assert server.count("/f") == 1 and sleeps.calls == []


def test_server_slower_than_the_timeout(server, fetch, limits):
    server.route("/slow", Response(body=b"late", delay=5.0))
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        fetch(server.url("/slow"), limits=dataclasses.replace(limits, total_timeout=0.5))
    assert str(info.value) == "timed out after 0.5 s (total)"
    assert time.monotonic() - started < 3.0


def test_trickling_body_ends_at_the_total_timeout(server, fetch, limits):
    # 200 bytes at 20 bytes/s would take 10 s; each read gap is short, only the total bound stops it.
    server.route("/trickle", Response(body=b"x" * 200, trickle=20))
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 0\.8 s \(total\)"):
        fetch(server.url("/trickle"), limits=dataclasses.replace(limits, total_timeout=0.8))
    assert 0.7 < time.monotonic() - started < 3.0
    assert server.count("/trickle") == 1


def test_body_over_the_cap_is_refused(server, fetch):
    server.route("/big", Response(chunks=lambda: (b"y" * 10_000 for _ in range(1000))))  # 10 MB, no length
    with pytest.raises(ResponseTooLarge) as info:
        fetch(server.url("/big"))
    assert str(info.value) == "response larger than 100 KB"


def test_gzip_body_is_decoded(server, fetch):
    server.route("/gz", Response(body="压缩的新闻 " * 500, gzip=True))
    assert fetch(server.url("/gz")).body == ("压缩的新闻 " * 500).encode()


def test_gzip_bomb_is_stopped_at_the_cap(server, fetch, limits):
    server.route("/bomb", Response.bomb(100 * 1024 * 1024))  # ~100 KB on the wire, 100 MB inflated
    with pytest.raises(ResponseTooLarge) as info:
        fetch(server.url("/bomb"), limits=dataclasses.replace(limits, max_bytes=1_000_000))
    assert str(info.value) == "gzip body inflates past 1 MB"
    assert server.count("/bomb") == 1


def test_declared_1_gb_is_refused_before_reading(server, fetch):
    server.route("/huge", Response(body=b"short", content_length=1_000_000_000))
    with pytest.raises(ResponseTooLarge) as info:
        fetch(server.url("/huge"))
    assert str(info.value) == "response larger than 100 KB (Content-Length 1000 MB)"
    assert server.count("/huge") == 1  # refused, not retried
