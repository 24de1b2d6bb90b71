"""URL policy: one canonical spelling per page, and refusal of addresses we must never fetch.

``canonical_url`` is the identity the rest of the pipeline stores documents under, so two spellings of
the same article (tracking parameters, default port, fragment, query order) collapse into one.
``check_public_url`` is the guard against server-side request forgery: links come from third-party
feeds and pages, and must not make us fetch the metadata service or a service on our own network.
A source on a private network (``allow_private_network``) lifts the guard for its own host only, and
for the hosts and networks its ``allow_private_hosts`` names (:class:`PrivateAccess`); link-local and
cloud-metadata addresses stay refused whatever is allowed.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from dataclasses import dataclass
from typing import Iterable
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
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# Never fetched, whatever a source allows: the metadata service and link-local neighbours are no one's
# news source, and 0.0.0.0 or a multicast group is no host at all (0.0.0.0 connects to this machine).
NEVER_ALLOWED = ("cloud metadata", "link-local", "unspecified", "multicast")
_NEVER_NETWORKS = (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fe80::/10"),
                   ipaddress.ip_network("fd00:ec2::254/128"))
_HOST_NAME = re.compile(r"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$")
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


def _never_allowed(category: str) -> bool:
    return category.startswith(NEVER_ALLOWED)


def allowed_private_entry(entry: str) -> str | IPNetwork:
    """One ``allow_private_hosts`` entry, checked: a host name, or an address or network (``10.0.0.0/8``).

    Raises ValueError, with what is allowed, for anything else and for link-local or metadata ranges."""
    text = entry.strip().lower().rstrip(".")
    try:
        network = ipaddress.ip_network(text.strip("[]"), strict=False)
    except ValueError:
        if not _HOST_NAME.match(text):
            raise ValueError(f"{entry!r} is neither a host name nor an IP address or network such as 10.0.0.0/8") from None
        return text
    if any(network.overlaps(never) for never in _NEVER_NETWORKS if never.version == network.version):
        raise ValueError(f"{entry!r} reaches link-local or cloud-metadata addresses, which are never fetched")
    return network


@dataclass(frozen=True, slots=True)
class PrivateAccess:
    """The private hosts one source may reach: its own host (``allow_private_network``) and those named.

    ``hosts`` match a URL's host by name, without DNS (the user wrote them; a redirect or a link to
    another name for the same machine is not them). ``networks`` match the addresses a host resolves
    to. Anything else private stays refused, and link-local and metadata addresses always are."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def for_source(cls, url: str | None, named: Iterable[str] = ()) -> PrivateAccess:
        """``url``'s host (None: not it) and the ``allow_private_hosts`` entries (validated by the config)."""
        entries = [allowed_private_entry(entry) for entry in named]
        hosts = {entry for entry in entries if isinstance(entry, str)}
        if url is not None and (own := url_host(url)):
            hosts.add(own)
        return cls(frozenset(hosts), tuple(entry for entry in entries if not isinstance(entry, str)))

    @classmethod
    def of(cls, url: str, allow_private: bool | PrivateAccess | None) -> PrivateAccess | None:
        """What an ``allow_private`` argument allows for ``url``: True is ``url``'s own host, False or None nothing."""
        if allow_private is True:
            return cls.for_source(url)
        return allow_private if isinstance(allow_private, PrivateAccess) else None

    def names(self, host: str) -> bool:
        return host in self.hosts

    def covers(self, ip: IPAddress) -> bool:
        return any(ip.version == network.version and ip in network for network in self.networks)


def url_host(url: str) -> str:
    """The host of ``url`` as :class:`PrivateAccess` compares it (lower case, no trailing dot); empty when none."""
    try:
        return (urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""


def _resolve(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # gaierror is an OSError; IDNA refuses labels > 63 chars
        raise FetchError(f"DNS lookup failed for {host}", url=None) from exc
    # getaddrinfo appends "%scope" to link-local IPv6 addresses; ipaddress wants it without.
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_public_url(url: str, *, allow_private: bool | PrivateAccess) -> None:
    """Refuse ``url`` unless it is http(s) and its host is, and resolves only to, addresses it may reach.

    ``allow_private``: False, public addresses only; a :class:`PrivateAccess`, also the private hosts
    and networks it allows; True, also ``url``'s own host (what a source with ``allow_private_network``
    asks for its own URL). A host allowed by name is not resolved. Blocking call: from async code run
    it with ``asyncio.to_thread``. Raises BlockedURLError, or FetchError when the URL is malformed or
    the name does not resolve.
    """
    vetted_addresses(url, allow_private=allow_private)


def vetted_addresses(url: str, *, allow_private: bool | PrivateAccess | None) -> list[IPAddress]:
    """:func:`check_public_url`, returning the addresses the host was checked at.

    The fetcher connects to the first of them instead of resolving again, so a name that answers
    a public address to the check and a private one to the connect (DNS rebinding) gets nowhere.
    Empty for a host allowed by name (nothing was resolved).
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
    access = PrivateAccess.of(url, allow_private)
    try:
        addresses: list[IPAddress] = [ipaddress.ip_address(host.split("%")[0])]
        named = False
    except ValueError:
        addresses, named = [], True
    if access is not None and access.names(host.lower()):
        # Allowed by name: a literal address is still checked (cheaply) against what is never fetched.
        for ip in addresses:
            if (category := address_category(ip)) is not None and _never_allowed(category):
                raise _refused(url, ip, category, host, named, access)
        return []
    if named:
        try:
            addresses = _resolve(host, port or DEFAULT_PORTS[scheme])
        except FetchError as exc:
            raise FetchError(str(exc), url=url) from exc.__cause__
    for ip in addresses:
        category = address_category(ip)
        if category is None or (access is not None and not _never_allowed(category) and access.covers(ip)):
            continue
        raise _refused(url, ip, category, host, named, access)
    return addresses


def _refused(url: str, ip: IPAddress, category: str, host: str, named: bool,
             access: PrivateAccess | None) -> BlockedURLError:
    origin = f", resolved from {host}" if named else ""
    logger.info("refused url=%s address=%s category=%s", url, ip, category)
    # Said only where it helps: a source that allows private hosts, and an address that can be allowed.
    hint = "; not this source's own host: name it in allow_private_hosts to allow it" if (
        access is not None and not _never_allowed(category)) else ""
    return BlockedURLError(f"a private address {ip} refused ({category}{origin}){hint}", url=url)
