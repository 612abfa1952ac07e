"""The Content-Security-Policy header, on every response.

The pages load their scripts, styles and fonts from STATIC_URL (DSFR and the dashboard's CSS are
local files) and carry no inline script, no `<style>` and no `style` attribute: colours and
widths computed by a view are SVG presentation attributes or classes. So the policy needs no
nonce, and a cached page stays valid for every request.
"""

from __future__ import annotations

from django.conf import settings

DEFAULT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def header_value(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}".strip() for name, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds CONTENT_SECURITY_POLICY (default: DEFAULT_POLICY) unless the view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = header_value(getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_POLICY))

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.value)
        return response
