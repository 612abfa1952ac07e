"""The reverse proxy in front of `barometre serve`, and the client address behind it.

Waitress rewrites the WSGI environ from X-Forwarded-For, -Proto and -Host, but only for a
connection whose peer is the trusted proxy, and drops those headers from anyone else. So
REMOTE_ADDR is the client's address (never the proxy's, never a forged one) and a request the
proxy received over TLS reaches Django as https (no redirect loop, secure cookies, HSTS).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

FORWARDED_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})


def trusted_proxy() -> str:
    """The configured proxy address (BAROMETRE_TRUSTED_PROXY), '' when none."""
    return (getattr(settings, "BAROMETRE_TRUSTED_PROXY", "") or "").strip()


def behind_proxy() -> bool:
    return bool(getattr(settings, "BAROMETRE_BEHIND_PROXY", False)) or bool(trusted_proxy())


def proxy_problem(address: str) -> str | None:
    """Why `address` cannot be the trusted proxy, or None. One address: waitress trusts no range,
    and '*' would let any client forge its address and scheme."""
    if not address:
        return "no address given"
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return f"{address!r} is not an IP address (one address, e.g. 127.0.0.1; no name, range or '*')"
    return None


def waitress_options() -> dict:
    """Keyword arguments for `waitress.serve`: trust the proxy's forwarded headers, or nothing."""
    address = trusted_proxy()
    if not address:
        return {}
    problem = proxy_problem(address)
    if problem:
        raise ValueError(f"BAROMETRE_TRUSTED_PROXY: {problem}")
    return {"trusted_proxy": address, "trusted_proxy_count": 1,
            "trusted_proxy_headers": set(FORWARDED_HEADERS), "clear_untrusted_proxy_headers": True}


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, which `serve` has set from the trusted proxy's
    X-Forwarded-For when the request came through it."""
    return request.META.get("REMOTE_ADDR") or "unknown"
