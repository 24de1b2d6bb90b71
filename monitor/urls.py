"""URL policy: one canonical spelling per page, and refusal of addresses we must never fetch.

``canonical_url`` is the identity the rest of the pipeline stores documents under, so two spellings of
the same article (tracking parameters, default port, fragment, query order) collapse into one.
``check_public_url`` is the guard against server-side request forgery: links come from third-party
feeds and pages, and must not make us fetch the metadata service or a service on our own network.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from urllib.parse import unquote_plus, urljoin, urlsplit, urlunsplit

from monitor.errors import BlockedURLError, FetchError

logger = logging.getLogger(__name__)

#: Query parameters that only say where a click came from. A name listed here is dropped whatever its
#: value; a (name, value) pair is dropped only with that value (``from=rss`` tags the channel, but
#: ``from=2024-01-01`` on a search page is content). Names compare case-insensitively.
TRACKING_PARAM_PREFIXES: tuple[str, ...] = ("utm_",)
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ref", "ref_src", "spm", "scm",
        "cmpid", "ocid", "ncid", "wt.mc_id", "share_token", "__twitter_impression",
    }
)
TRACKING_PARAM_VALUES: frozenset[tuple[str, str]] = frozenset(
    {("from", "rss"), ("from", "feed"), ("from", "timeline"), ("from", "singlemessage"), ("src", "rss")}
)

DEFAULT_PORTS: dict[str, int] = {"http": 80, "https": 443}
ALLOWED_SCHEMES: frozenset[str] = frozenset({"http", "https"})

# Cloud metadata services sit in ranges the generic checks already refuse; named so the message says so.
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")})
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_tracking(pair: str) -> bool:
    name, _, value = pair.partition("=")
    name = unquote_plus(name).lower()
    if name in TRACKING_PARAMS or name.startswith(TRACKING_PARAM_PREFIXES):
        return True
    return (name, unquote_plus(value).lower()) in TRACKING_PARAM_VALUES


def canonical_url(url: str, base: str | None = None) -> str:
    """Return the canonical spelling of ``url`` (resolved against ``base`` when relative).

    Lower-cases scheme and host, drops the default port, the fragment and the tracking parameters
    listed above, and sorts the remaining query parameters; the path keeps its case and encoding.
    Raises ``ValueError`` for a string that is no URL (an unbalanced ``[`` in the host, a bad port).
    """
    url = url.strip()
    if base:
        url = urljoin(base.strip(), url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if not parts.netloc:
        return urlunsplit((scheme, "", parts.path, parts.query, ""))
    host = (parts.hostname or "").rstrip(".")
    port = parts.port  # raises ValueError for a port that is not a number in range
    userinfo, _, _ = parts.netloc.rpartition("@")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and DEFAULT_PORTS.get(scheme) != port:
        netloc = f"{netloc}:{port}"
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    path = parts.path or ("/" if scheme in DEFAULT_PORTS else "")
    pairs = sorted(p for p in parts.query.split("&") if p and not _is_tracking(p))
    return urlunsplit((scheme, netloc, path, "&".join(pairs), ""))


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_category(ip: IPAddress) -> str | None:
    """Why ``ip`` must not be fetched ("loopback", "private", ...), or None for a public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and (category := address_category(inner)) is not None:
            return f"{category}, inside an IPv6 address"
    checks = (
        (ip in METADATA_ADDRESSES, "cloud metadata"),
        (ip.is_loopback, "loopback"),
        (ip.is_unspecified, "unspecified"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT, "carrier-grade NAT"),
        (ip.is_private, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "not globally routable"),
    )
    return next((name for hit, name in checks if hit), None)


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # gaierror is an OSError; IDNA refuses labels > 63 chars
        raise FetchError(f"DNS lookup failed for {host}", url=None) from exc
    # getaddrinfo appends "%scope" to link-local IPv6 addresses; ipaddress wants it without.
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_public_url(url: str, *, allow_private: bool) -> None:
    """Refuse ``url`` unless it is http(s) and its host is, and resolves only to, public addresses.

    With ``allow_private`` only the scheme and the presence of a host are checked (no DNS). Blocking
    call: from async code run it with ``asyncio.to_thread``. Raises BlockedURLError, or FetchError
    when the URL is malformed or the name does not resolve.
    """
    vetted_addresses(url, allow_private=allow_private)


def vetted_addresses(url: str, *, allow_private: bool) -> list[IPAddress]:
    """:func:`check_public_url`, returning the public addresses the host was checked at.

    The fetcher connects to the first of them instead of resolving again, so a name that answers
    a public address to the check and a private one to the connect (DNS rebinding) gets nowhere.
    Empty with ``allow_private`` (nothing was resolved).
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", url=url) from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise BlockedURLError(f"a URL with scheme {scheme or 'none'!r} refused (only http and https)", url=url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchError(f"invalid URL {url!r}: no host", url=url)
    if allow_private:
        return []
    try:
        addresses: list[IPAddress] = [ipaddress.ip_address(host.split("%")[0])]
        named = False
    except ValueError:
        try:
            addresses = _resolve(host, port or DEFAULT_PORTS[scheme])
        except FetchError as exc:
            raise FetchError(str(exc), url=url) from exc.__cause__
        named = True
    for ip in addresses:
        category = address_category(ip)
        if category is not None:
            origin = f", resolved from {host}" if named else ""
            logger.info("refused url=%s address=%s category=%s", url, ip, category)
            raise BlockedURLError(f"a private address {ip} refused ({category}{origin})", url=url)
    return addresses
