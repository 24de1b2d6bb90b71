"""No httpx, socket or zlib exception leaves the Fetcher: everything becomes a FetchError."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.errors import FetchError
from monitor.fetch import Fetcher
from tests.support.httpserver import Response


def _httpx_errors() -> list[type[Exception]]:
    found: list[type[Exception]] = []
    pending: list[type[Exception]] = [httpx.HTTPError, httpx.InvalidURL, httpx.StreamError]
    while pending:
        kind = pending.pop()
        found.append(kind)
        pending.extend(kind.__subclasses__())
    # Only the ones a transport can raise: status errors need a response object.
    return sorted({k for k in found if k is not httpx.HTTPStatusError}, key=lambda k: k.__name__)


class _Raising(httpx.AsyncBaseTransport):
    """A transport (third-party seam, not our code) that fails the way httpx's own may fail."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise self.error


def _instance(kind: type[Exception]) -> Exception:
    if issubclass(kind, httpx.RequestError):
        return kind("boom", request=httpx.Request("GET", "http://x/"))
    if issubclass(kind, httpx.StreamError) and kind is not httpx.StreamError:
        return kind()
    return kind("boom")


@pytest.mark.parametrize("kind", _httpx_errors(), ids=lambda k: k.__name__)
def test_every_httpx_error_becomes_a_fetch_error(kind, fetch, limits):
    with pytest.raises(FetchError) as info:
        fetch("http://93.184.216.34/", transport=_Raising(_instance(kind)), limits=limits)
    assert str(info.value)
    assert info.value.url == "http://93.184.216.34/"


@pytest.mark.parametrize("error", [ConnectionResetError(104, "reset"), OSError("weird"), TimeoutError()])
def test_raw_os_errors_from_a_transport_become_fetch_errors(error, fetch):
    with pytest.raises(FetchError):
        fetch("http://93.184.216.34/", transport=_Raising(error))


JUNK = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{path}",
    st.sampled_from(["http://", "https://", "HTTP://", "http:/", "http:", "ftp://", ""]),
    st.one_of(
        st.text(max_size=25),
        st.sampled_from(["[::1", "[::ffff:127.0.0.1]", "2130706433", "a" * 70 + ".com", "ex ample.com", "x:99999",
                         "xn--zz", "\u202e.com", "host\x00name", "ok.example:0", "@", ":@:"]),
    ),
    st.text(max_size=25),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=JUNK)
def test_junk_urls_end_in_a_fetch_error_or_a_result(server, limits, url):
    # Every request goes to the local server whatever the host says, so no DNS and no network.
    server.route("/", Response(body=b"root"))

    async def go() -> None:
        async with Fetcher(limits, transport=server.transport()) as fetcher:
            await fetcher.get(url, allow_private=True)

    try:
        asyncio.run(go())
    except FetchError:
        pass


def test_get_outside_async_with_is_a_programming_error():
    async def go() -> None:
        await Fetcher().get("http://93.184.216.34/")

    with pytest.raises(RuntimeError, match="outside 'async with'"):
        asyncio.run(go())
