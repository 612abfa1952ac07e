"""Host matching shared by the relay and platform detectors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def host_matches(host: str, pattern: str) -> bool:
    """True when ``host`` is ``pattern`` or one of its sub-domains."""
    host, pattern = host.lower().rstrip("."), pattern.lower()
    return host == pattern or host.endswith("." + pattern)


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


def any_host(host: str, patterns: Iterable[str]) -> str | None:
    for pattern in patterns:
        if host_matches(host, pattern):
            return pattern
    return None


def same_site(a: str, b: str) -> bool:
    """Crude same-collectivité test: the last two labels agree (enough for relay filtering)."""
    return bool(a) and a.split(".")[-2:] == b.split(".")[-2:]
