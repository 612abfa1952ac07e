"""Attempt counters for the login and invitation endpoints, kept in Django's cache.

A key is limited once it has made `limit` attempts within `window` seconds (a fixed window that
starts at the first attempt). Accounts are keyed by a hash, so no e-mail address sits in the cache.
Wrong passwords are throttled per (account, address) by barometre.security.throttle. No refusal
here keys on an account alone (the one per-account counter silently caps login-link e-mails), so
nobody can lock an account's owner out from another address.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

from barometre.security.proxy import client_address

PREFIX = "survey-rl"


def client_ip(request) -> str:
    """The client's address, never the reverse proxy's (see barometre.security.proxy)."""
    return client_address(request)


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
