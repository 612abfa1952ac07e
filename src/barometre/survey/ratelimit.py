"""Attempt counters for the login and invitation endpoints, kept in Django's cache.

A key is limited once it has made `limit` attempts within `window` seconds (a fixed window that
starts at the first attempt). Accounts are keyed by a hash, so no e-mail address sits in the cache.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

PREFIX = "survey-rl"


def client_ip(request) -> str:
    """REMOTE_ADDR: behind a reverse proxy, the proxy must set it to the client address."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def account_key(identifier: str) -> str:
    return hashlib.sha256(identifier.strip().lower().encode()).hexdigest()[:32]


def _limits() -> tuple[int, int]:
    return tuple(getattr(settings, "SURVEY_RATE_LIMIT", (10, 600)))


def attempt(scope: str, *keys: str) -> bool:
    """Count one attempt under every key; False when any of them is over its limit."""
    limit, window = _limits()
    allowed = True
    for key in keys:
        name = f"{PREFIX}:{scope}:{key}"
        cache.add(name, 0, timeout=window)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.set(name, 1, timeout=window)
            count = 1
        if count > limit:
            allowed = False
    return allowed


def retry_after() -> int:
    return _limits()[1]
