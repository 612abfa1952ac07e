"""Whole-page cache for the public pages: they only change when a campaign's figures do.

The key holds the path, the query string and a data version (latest computation of the
indicators, number of campaigns), so recomputing indicators or adding a campaign shows up at
once; the timeout is only a safety net. Cached pages carry no form, no message and no user data.
"""

from __future__ import annotations

import functools
import gzip
import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse

TIMEOUT = 600


def data_version() -> str:
    from barometre.crawl.models import Campaign
    from barometre.indicators.models import NationalFigures
    from barometre.survey.public import answers_version

    figures = NationalFigures.objects.aggregate(latest=Max("computed_at"), n=Count("id"))
    campaigns = Campaign.objects.aggregate(latest=Max("id"), n=Count("id"))
    return f"{figures['latest']}|{figures['n']}|{campaigns['latest']}|{campaigns['n']}|{answers_version()}"


def _respond(request, content: bytes, compressed: bytes, content_type: str, extra: dict) -> HttpResponse:
    """The cached bytes, gzip-compressed once at caching time for clients that accept it."""
    accepts_gzip = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
    response = HttpResponse(compressed if accepts_gzip else content, content_type=content_type)
    if accepts_gzip:
        response["Content-Encoding"] = "gzip"
    response["Vary"] = "Accept-Encoding"
    for header, value in extra.items():
        response[header] = value
    return response


def cached_page(view):
    """Cache a GET view's 200 responses (content, gzip-compressed content, content type)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        raw = f"{data_version()}|{request.path}|{request.META.get('QUERY_STRING', '')}"
        key = "publish-page:" + hashlib.sha256(raw.encode()).hexdigest()
        hit = cache.get(key)
        if hit is not None:
            return _respond(request, *hit)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            extra = {h: response[h] for h in ("Access-Control-Allow-Origin",) if response.has_header(h)}
            entry = (response.content, gzip.compress(response.content, 6), response["Content-Type"], extra)
            cache.set(key, entry, TIMEOUT)
            return _respond(request, *entry)
        return response

    return wrapper
