"""Login throttling for the admin and the questionnaire, keyed on (account, client address).

Wrong passwords are counted per account *and* address, and per address over every account,
in a fixed window. An address over the first limit is refused for that account, over the second
for every account; the right password is refused too until the window ends. Another address is
never locked out, so an attacker who knows an account name cannot lock its owner out from
everywhere (the price: an attacker with many addresses gets a few guesses from each, which the
password rules, 12 characters and no common password, make worthless).

Counting hooks Django's `user_login_failed` / `user_logged_in` signals, so every login form that
calls `authenticate(request, …)` is counted; `LockoutBackend` refuses a locked pair inside
`authenticate()` itself, and `throttled_login` answers a locked pair with a 429 page before
any password is checked.
"""

from __future__ import annotations

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.shortcuts import render

from barometre.security.proxy import client_address

log = logging.getLogger("barometre.security")
PREFIX = "login-fail"
DEFAULT_LIMITS = {"account_and_address": 5, "address": 20, "window": 15 * 60}


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "LOGIN_FAILURE_LIMITS", {})}


def _digest(*parts: str) -> str:
    # Salted: the cache holds neither an account name nor an address.
    raw = "|".join([settings.SECRET_KEY, *parts])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _keys(username: str, address: str) -> dict[str, str]:
    account = (username or "").strip().lower()
    return {"account_and_address": f"{PREFIX}:pair:{_digest(account, address)}",
            "address": f"{PREFIX}:addr:{_digest(address)}"}


def is_locked(username: str, address: str) -> bool:
    bounds, keys = limits(), _keys(username, address)
    counts = cache.get_many(list(keys.values()))
    return any(counts.get(key, 0) >= bounds[kind] for kind, key in keys.items())


def record_failure(username: str, address: str) -> None:
    window = limits()["window"]
    for key in _keys(username, address).values():
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def reset(username: str, address: str) -> None:
    """A successful login clears its pair's count (not the address's count over all accounts)."""
    cache.delete(_keys(username, address)["account_and_address"])


@receiver(user_login_failed)
def _on_failure(sender, credentials, request=None, **_):
    if request is not None:
        record_failure(credentials.get("username", ""), client_address(request))


@receiver(user_logged_in)
def _on_login(sender, request, user, **_):
    if request is not None:
        reset(user.get_username(), client_address(request))


class LockoutBackend:
    """First in AUTHENTICATION_BACKENDS: a locked (account, address) pair cannot authenticate,
    whatever the login form; otherwise the next backend (ModelBackend) checks the password."""

    def authenticate(self, request, username=None, **_):
        if request is not None and username is not None and is_locked(username, client_address(request)):
            raise PermissionDenied("too many failed logins for this account from this address")
        return None

    def get_user(self, user_id):
        # A session may name this backend (`login()` without one, `Client.force_login` take the
        # first of the list): it finds the user as ModelBackend does.
        return ModelBackend().get_user(user_id)


def locked_out(request, scope: str):
    """The 429 page (French) for a locked pair; the log names the scope only."""
    window = limits()["window"]
    log.warning("login refused: too many failed attempts (%s)", scope)
    response = render(request, "security/locked_out.html",
                      {"title": "Trop de tentatives de connexion", "minutes": window // 60}, status=429)
    response["Retry-After"] = str(window)
    return response


def throttled_login(view, *, field: str = "username", scope: str = "login"):
    """Wrap a login view: a POST for a locked (account, address) pair gets the 429 page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and is_locked(request.POST.get(field, ""), client_address(request)):
            return locked_out(request, scope)
        return view(request, *args, **kwargs)

    return wrapper
