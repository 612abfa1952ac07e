"""`manage.py check --deploy`: a production set-up that cannot work behind its proxy is an error.

Waitress speaks no TLS, so in production every request comes through an HTTPS reverse proxy.
Unless waitress trusts that proxy's X-Forwarded-Proto, Django sees plain http and answers every
request with a redirect to https: a loop. And unless it trusts its X-Forwarded-For, every client
has the proxy's address, so one visitor's rate limit or login lockout hits everybody.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from barometre.security import proxy


@register(Tags.security, deploy=True)
def check_proxy(app_configs=None, **_):
    address = proxy.trusted_proxy()
    if address:
        problem = proxy.proxy_problem(address)
        if problem:
            return [Error(f"BAROMETRE_TRUSTED_PROXY: {problem}.",
                          hint="Give the address the reverse proxy connects from, e.g. 127.0.0.1.",
                          id="barometre.E002")]
        return []
    if getattr(settings, "BAROMETRE_BEHIND_PROXY", False):
        return [Error("BAROMETRE_BEHIND_PROXY is set but BAROMETRE_TRUSTED_PROXY is not: waitress would "
                      "ignore X-Forwarded-Proto (every request redirected to https, a loop) and "
                      "X-Forwarded-For (rate limits and login lockouts keyed on the proxy's address).",
                      hint="Set BAROMETRE_TRUSTED_PROXY to the proxy's address, e.g. 127.0.0.1.",
                      id="barometre.E001")]
    if getattr(settings, "SECURE_SSL_REDIRECT", False):
        return [Warning("SECURE_SSL_REDIRECT is on but no reverse proxy is trusted: waitress serves no "
                        "TLS, so every request would be redirected to https.",
                        hint="Serve behind an HTTPS reverse proxy: BAROMETRE_BEHIND_PROXY=1 and "
                             "BAROMETRE_TRUSTED_PROXY=<its address>.",
                        id="barometre.W001")]
    return []
