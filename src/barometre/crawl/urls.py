"""URL and host facts every stage shares (pure functions): the absolute form of a link, the host
of a URL, its registrable domain, host matching against a list, and the one rule for "is this
URL the collectivité's own?". The crawl decides its scope with them; detect and audit read the
stored crawl with the same ones, so a host is never the collectivité's for one stage only."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import tldextract

_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def absolute(href: str, base: str) -> str:
    """`href` as found in the page at `base`, made absolute (urljoin, with fast paths for the
    common absolute and root-relative forms). mailto: and tel: links come back unchanged."""
    if href.startswith(("https://", "http://")):
        return href
    if href.startswith("//"):
        return base.split(":", 1)[0] + ":" + href
    if href.startswith("/"):
        return origin(base) + href
    if href.startswith(("mailto:", "tel:")):
        return href
    return urljoin(base, href)


def origin(url: str) -> str:
    """'https://www.x.fr:8443/a/b?c' → 'https://www.x.fr:8443'."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0].split('?', 1)[0].split('#', 1)[0]}" if rest else ""


@lru_cache(maxsize=262144)  # menus and footers repeat the same links on every page
def host_of(url: str) -> str:
    """Lower-case host of an absolute URL, without port or credentials ('' if none)."""
    try:
        return (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """'demarches.valmont.test' → 'valmont.test'; unknown TLDs count as a public suffix."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    parts = _extract(host)
    if parts.suffix:
        return f"{parts.domain}.{parts.suffix}" if parts.domain else host
    labels = host.split(".")
    return ".".join(labels[-2:])


def same_site(a: str, b: str) -> bool:
    """Two hosts of one registrable domain ('www.x.fr', 'demarches.x.fr'); two hosts under a
    public suffix such as gouv.fr are two sites."""
    return bool(a) and bool(b) and registrable_domain(a) == registrable_domain(b)


def host_suffixes(host: str) -> list[str]:
    """'a.b.gouv.fr' -> ['a.b.gouv.fr', 'b.gouv.fr', 'gouv.fr', 'fr']."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def host_matches(host: str, pattern: str) -> bool:
    """True when ``host`` is ``pattern`` or one of its sub-domains."""
    host, pattern = host.lower().rstrip("."), pattern.lower()
    return host == pattern or host.endswith("." + pattern)


def any_host(host: str, patterns: Iterable[str]) -> str | None:
    """The first of ``patterns`` that ``host`` is or is a sub-domain of."""
    for pattern in patterns:
        if host_matches(host, pattern):
            return pattern
    return None


def lookup_host(host: str, table: Mapping[str, str]) -> str | None:
    """Value of the most specific entry of ``table`` matching ``host``."""
    if not host:
        return None
    parts = host.lower().split(".")
    for i in range(len(parts) - 1):
        value = table.get(".".join(parts[i:]))
        if value is not None:
            return value
    return None


class HostSet(frozenset):
    """Hosts standing for their sub-domains too: `host in s` when `host` or one of its parent
    domains is listed ('demarches.x.fr' is in HostSet({'x.fr'}))."""

    def __contains__(self, host: object) -> bool:
        return isinstance(host, str) and bool(host) and any(
            frozenset.__contains__(self, suffix) for suffix in host_suffixes(host.lower()))

    def __or__(self, other):
        return HostSet(frozenset(self) | frozenset(other))


def on_hosts(url: str, hosts: Iterable[str]) -> bool:
    """True when the URL's host is one of `hosts` or a sub-domain of one."""
    return host_in(host_of(url), hosts if isinstance(hosts, frozenset) else frozenset(hosts))


@lru_cache(maxsize=65536)
def host_in(host: str, hosts: frozenset[str]) -> bool:
    """True when `host` is one of `hosts` or a sub-domain of one."""
    return bool(host) and any(suffix in hosts for suffix in host_suffixes(host))


def own_hosts(portal_url: str, hosts: Iterable[str] = ()) -> HostSet:
    """What the collectivité owns, as host suffixes: the portal's host and registrable domain, and
    the hosts it lists (its e-service sub-domains…), with their registrable domain when it is the
    portal's. A URL is the collectivité's own when `on_hosts(url, own_hosts(…))`: the one rule
    the crawl's scope, the inventory and the audit apply."""
    portal = host_of(portal_url)
    listed = {h.lower().rstrip(".") for h in hosts if h}
    own = {h for h in (portal, *listed) if h}
    if portal:
        domain = registrable_domain(portal)
        own.add(domain)
        own.update(registrable_domain(h) for h in listed if registrable_domain(h) == domain)
    return HostSet(own)
