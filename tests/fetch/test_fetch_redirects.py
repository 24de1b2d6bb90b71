"""Redirects followed by hand: every hop checked against the private-address policy, loops caught."""

from __future__ import annotations

import pytest

from monitor.errors import BlockedURLError, FetchError
from monitor.fetch.urls import PrivateAccess
from tests.support.httpserver import Response


def test_redirect_chain_is_followed_to_the_final_url(server, fetch):
    server.route("/a", Response.redirect("/b", 301))
    server.route("/b", Response.redirect(server.url("/c") + "#frag", 307))
    server.route("/c", Response(body=b"final"))
    result = fetch(server.url("/a"))
    assert result.body == b"final" and result.url == server.url("/c")
    assert [r.path for r in server.requests] == ["/a", "/b", "/c"]


def test_validators_are_sent_on_every_hop(server, fetch):
    server.route("/old", Response.redirect("/new", 301))
    server.route("/new", Response(body=b"x", etag='"e"'))
    assert fetch(server.url("/old"), etag='"e"').not_modified


def test_redirect_loop_is_detected(server, fetch):
    server.route("/a", Response.redirect("/b"))
    server.route("/b", Response.redirect("/a"))
    with pytest.raises(FetchError, match=r"^redirect loop: .*/a was already visited$"):
        fetch(server.url("/a"))
    assert server.count("/a") == 1 and server.count("/b") == 1


def test_more_than_five_redirects_is_refused(server, fetch):
    for n in range(10):
        server.route(f"/r{n}", Response.redirect(f"/r{n + 1}"))
    with pytest.raises(FetchError) as info:
        fetch(server.url("/r0"))
    assert str(info.value) == "more than 5 redirects"
    assert server.count("/r5") == 1 and server.count("/r6") == 0  # 1 request + 5 redirects followed


def test_five_redirects_are_allowed(server, fetch):
    for n in range(5):
        server.route(f"/r{n}", Response.redirect(f"/r{n + 1}"))
    server.route("/r5", Response(body=b"end"))
    assert fetch(server.url("/r0")).body == b"end"


PUBLIC = "http://93.184.216.34"  # a public address literal: the policy passes it without DNS


def test_redirect_to_a_private_address_is_refused(server, fetch):
    server.route("/go", Response.redirect(f"http://127.0.0.2:{server.port}/x"))
    with pytest.raises(BlockedURLError) as info:
        fetch(f"{PUBLIC}/go", allow_private=False, transport=server.transport())
    assert str(info.value) == "redirect to a private address 127.0.0.2 refused (loopback)"
    assert [r.path for r in server.requests] == ["/go"]  # the private hop was never requested


@pytest.mark.parametrize("target", ["http://localhost/admin", "http://169.254.169.254/latest/meta-data/",
                                    "http://[::ffff:10.0.0.1]/", "http://2130706433/", "http://[fd00:ec2::254]/"])
def test_redirects_to_internal_targets_are_refused(server, fetch, target):
    server.route("/go", Response.redirect(target))
    with pytest.raises(BlockedURLError, match="^redirect to a private address"):
        fetch(f"{PUBLIC}/go", allow_private=False, transport=server.transport())


def test_public_redirects_are_followed_with_the_policy_on(server, fetch):
    server.route("/go", Response.redirect(f"{PUBLIC}/there"))
    server.route("/there", Response(body=b"ok"))
    result = fetch(f"{PUBLIC}/go", allow_private=False, transport=server.transport())
    assert result.body == b"ok" and result.url == f"{PUBLIC}/there"


def test_redirect_to_another_private_host_is_refused_when_the_source_allows_only_its_own(server, fetch):
    # allow_private=True is the requested URL's own host (127.0.0.1), not the private network.
    server.route("/go", Response.redirect(f"http://127.0.0.2:{server.port}/x"))
    with pytest.raises(BlockedURLError) as info:
        fetch(server.url("/go"), allow_private=True)
    assert str(info.value).startswith("redirect to a private address 127.0.0.2 refused (loopback)")
    assert "allow_private_hosts" in str(info.value)


@pytest.mark.parametrize("named", ["127.0.0.2", "127.0.0.0/8"])
def test_redirect_to_a_private_host_the_source_names_is_followed(server, fetch, named):
    server.route("/go", Response.redirect(f"http://127.0.0.2:{server.port}/x"))
    try:
        fetch(server.url("/go"), allow_private=PrivateAccess.for_source(server.url("/go"), [named]))
    except BlockedURLError:  # pragma: no cover - the failure this test exists to catch
        pytest.fail("a named private host must not be refused")
    except FetchError:
        pass  # nothing listens on 127.0.0.2 here, or it answers 404: either is fine


def test_initial_private_url_is_refused_without_a_request(server, fetch):
    with pytest.raises(BlockedURLError) as info:
        fetch(server.url("/f"), allow_private=False)
    assert str(info.value) == "a private address 127.0.0.1 refused (loopback)"
    assert server.requests == []


def test_redirect_to_another_scheme_is_refused(server, fetch):
    server.route("/go", Response.redirect("file:///etc/passwd"))
    with pytest.raises(BlockedURLError) as info:
        fetch(server.url("/go"))
    assert str(info.value) == "redirect to a URL with scheme 'file' refused (only http and https)"


def test_connection_goes_to_the_vetted_address_not_a_second_lookup(server, fetch, monkeypatch):
    """DNS rebinding: the name answers public to the check; the connect must not ask again."""
    import socket

    import httpx

    real = socket.getaddrinfo
    answers = iter(["93.184.216.34"])  # a second lookup would get StopIteration, failing the test

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    hosts: list[str] = []
    inner = server.transport()

    class Recording(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            hosts.append(request.url.host)
            return await inner.handle_async_request(request)

        async def aclose(self) -> None:
            await inner.aclose()

    server.route("/story", Response(body=b"ok"))
    result = fetch("http://news.example:8080/story", allow_private=False, transport=Recording())
    assert result.body == b"ok" and result.url == "http://news.example:8080/story"
    assert hosts == ["93.184.216.34"]
    assert server.requests_to("/story")[0].headers["host"] == "news.example:8080"
