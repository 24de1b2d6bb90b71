"""Retry-After values a server may send that are no number we can use (issue 20, points 1 and 8).

Through the Fetcher against a real server on 127.0.0.1, sleeps recorded instead of waited.
"""

from __future__ import annotations

import pytest

from monitor.errors import FetchError
from monitor.fetch.retry import RETRY_AFTER_CEILING
from tests.support.httpserver import Response


@pytest.mark.parametrize("value", ["\u00b2", "\u00b9\u00b3", "1.5", "-5", "soon"])
def test_a_retry_after_that_is_no_ascii_number_is_ignored_not_an_invalid_url(server, fetch, sleeps, value):
    # "²" and "¹³" pass str.isdigit() and float() refuses them; none of these is delta-seconds.
    server.route("/f", Response(503, headers={"Retry-After": value}))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/f"))
    assert str(info.value).startswith("HTTP 503"), str(info.value)
    assert info.value.retry_after is None
    assert server.count("/f") == 3 and len(sleeps.calls) == 2  # the backoff of our own, not the server's


@pytest.mark.parametrize("value", ["99999999999999", "9" * 400, "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_an_enormous_retry_after_is_reported_finite(server, fetch, sleeps, value):
    server.route("/f", Response(429, headers={"Retry-After": value}))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/f"))
    assert info.value.retry_after == RETRY_AFTER_CEILING
    assert server.count("/f") == 1 and sleeps.calls == []
