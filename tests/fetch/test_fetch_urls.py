"""canonical_url and check_public_url, as tables; junk never raises anything but our errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.errors import BlockedURLError, FetchError
from monitor.fetch.urls import canonical_url, check_public_url

CANONICAL = [
    # (url, base, expected)
    ("HTTP://Example.COM/Path/Case", None, "http://example.com/Path/Case"),
    ("http://example.com:80/a", None, "http://example.com/a"),
    ("https://example.com:443/a", None, "https://example.com/a"),
    ("https://example.com:8443/a", None, "https://example.com:8443/a"),
    ("http://example.com", None, "http://example.com/"),
    ("http://example.com/a#section-2", None, "http://example.com/a"),
    ("http://example.com/a?utm_source=x&utm_medium=rss&id=7", None, "http://example.com/a?id=7"),
    ("http://example.com/a?UTM_Campaign=x&b=2&a=1", None, "http://example.com/a?a=1&b=2"),
    ("http://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ref=5&spm=6", None, "http://example.com/a"),
    ("http://example.com/a?from=rss&p=1", None, "http://example.com/a?p=1"),
    ("http://example.com/search?from=2024-01-01", None, "http://example.com/search?from=2024-01-01"),
    ("http://example.com/a?b=2&a=1&a=0", None, "http://example.com/a?a=0&a=1&b=2"),
    ("http://example.com/a?q=%E6%96%B0%E9%97%BB", None, "http://example.com/a?q=%E6%96%B0%E9%97%BB"),
    ("http://example.com/a?", None, "http://example.com/a"),
    ("../news/2024/x.html?utm_source=feed", "http://example.com/cn/list/index.html",
     "http://example.com/cn/news/2024/x.html"),
    ("/a/b", "https://News.Example.com:443/x/y", "https://news.example.com/a/b"),
    ("//cdn.example.com/a", "https://example.com/", "https://cdn.example.com/a"),
    ("  http://example.com/a  ", None, "http://example.com/a"),
    ("http://[2001:DB8::1]:80/a", None, "http://[2001:db8::1]/a"),
    ("http://example.com./a", None, "http://example.com/a"),
    ("http://user@Example.com/a", None, "http://user@example.com/a"),
]


@pytest.mark.parametrize(("url", "base", "expected"), CANONICAL)
def test_canonical_url(url, base, expected):
    assert canonical_url(url, base) == expected


def test_canonical_url_is_idempotent_on_the_table():
    for _url, _base, expected in CANONICAL:
        assert canonical_url(expected) == expected


BLOCKED = [
    "http://127.0.0.1/", "http://127.0.0.2:8080/x", "http://localhost/", "http://LOCALHOST./",
    "http://10.1.2.3/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://169.254.1.1/", "http://0.0.0.0/", "http://224.0.0.1/",
    "http://240.0.0.1/", "http://255.255.255.255/", "http://192.0.2.10/",
    "http://[::1]/", "http://[::]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd00:ec2::254]/",
    "http://[ff02::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:7f00:1]/", "http://[2002:7f00:1::]/", "http://[64:ff9b::a00:1]/",
    "http://2130706433/", "http://0x7f000001/", "http://017700000001/", "http://127.1/",
]


@pytest.mark.parametrize("url", BLOCKED)
def test_internal_addresses_are_refused(url):
    with pytest.raises(BlockedURLError, match="^a private address "):
        check_public_url(url, allow_private=False)


def test_metadata_and_names_say_why():
    with pytest.raises(BlockedURLError) as info:
        check_public_url("http://169.254.169.254/", allow_private=False)
    assert str(info.value) == "a private address 169.254.169.254 refused (cloud metadata)"
    with pytest.raises(BlockedURLError) as info:
        check_public_url("http://localhost:8080/", allow_private=False)
    assert str(info.value) == "a private address 127.0.0.1 refused (loopback, resolved from localhost)"
    with pytest.raises(BlockedURLError) as info:
        check_public_url("http://[::ffff:10.0.0.1]/", allow_private=False)
    assert str(info.value) == "a private address ::ffff:a00:1 refused (private, inside an IPv6 address)"


@pytest.mark.parametrize("url", ["http://93.184.216.34/", "https://8.8.8.8:8443/x", "http://[2606:4700::1111]/",
                                 "HTTPS://1.1.1.1"])
def test_public_addresses_pass(url):
    check_public_url(url, allow_private=False)


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://localhost:1/", "http://[::1]/", "http://10.0.0.1/"])
def test_allow_private_lets_internal_addresses_through(url):
    check_public_url(url, allow_private=True)


@pytest.mark.parametrize("url", ["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/",
                                 "data:text/html,hi", "example.com/no-scheme"])
@pytest.mark.parametrize("allow_private", [False, True])
def test_other_schemes_are_refused_always(url, allow_private):
    with pytest.raises(BlockedURLError, match="only http and https"):
        check_public_url(url, allow_private=allow_private)


def test_unresolvable_name_is_a_fetch_error_not_a_block():
    with pytest.raises(FetchError) as info:
        check_public_url("http://no-such-host.invalid/", allow_private=False)
    assert type(info.value) is FetchError
    assert str(info.value) == "DNS lookup failed for no-such-host.invalid"


@pytest.mark.parametrize("url", ["http:///path", "http://[::1/", "http://example.com:99999/", "http://:80/"])
def test_malformed_urls_are_fetch_errors(url):
    with pytest.raises(FetchError, match="^invalid URL"):
        check_public_url(url, allow_private=True)


# Junk that looks a little like URLs: schemes, hosts with odd characters, brackets, ports, unicode.
junk_urls = st.builds(
    lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "//", "http:", "http:///"]),
    st.one_of(st.text(max_size=30), st.sampled_from(["[::1", "[zz]", "1.2.3.4.5", "xn--", "a" * 70, "ex ample.com"])),
    st.one_of(st.just(""), st.builds(lambda p: f":{p}", st.text("0123456789-x", max_size=7))),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None)
@given(junk_urls)
def test_check_public_url_raises_only_our_errors_on_junk(url):
    try:
        check_public_url(url, allow_private=True)  # no DNS: the parse and scheme paths
    except FetchError:
        pass


@settings(max_examples=300, deadline=None)
@given(junk_urls, st.one_of(st.none(), st.sampled_from(["http://example.com/a/", "junk", ""])))
def test_canonical_url_raises_only_value_error_on_junk(url, base):
    try:
        result = canonical_url(url, base)
    except ValueError:
        return
    assert isinstance(result, str)
