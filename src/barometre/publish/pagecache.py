"""Whole-page cache for the public pages: they only change when a campaign's figures do.

The key holds the path, the query parameters the view declares it reads and a data version
(latest computation of the indicators, number of campaigns), so recomputing indicators or adding
a campaign shows up at once; the timeout is only a safety net. Cached pages carry no form, no
message and no user data.

The view sees only its declared parameters (any other is dropped from `request.GET` before it
runs), so `?utm_source=…` or a unique string per request hits the same entry, and no link of a
cached page can carry a parameter another visitor sent. A parameter declared with its choices
keeps only those values (the view would ignore the others anyway).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from collections.abc import Iterable
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse, QueryDict

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


def read_only(query: QueryDict, params: Iterable[str], choices: dict[str, Iterable[str]]) -> str:
    """The query string of the declared parameters only, in a canonical order."""
    allowed = {name: {str(v) for v in values} for name, values in choices.items()}
    kept = []
    for name in sorted({*params, *allowed}):
        for value in query.getlist(name):
            if name not in allowed or value in allowed[name]:
                kept.append((name, value))
    return urlencode(kept)


def cached_page(*params: str, **choices: Iterable[str]):
    """Cache a GET view's 200 responses (content, gzip-compressed content, content type).

    `params` are the query parameters the view reads, any value; `choices` maps a parameter
    to the only values it accepts: `@cached_page("campagne", tri=SORT_KEYS)`.
    """
    if len(params) == 1 and callable(params[0]):
        raise TypeError("cached_page needs the parameters the view reads: @cached_page(...)")

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            query = read_only(request.GET, params, choices)
            request.GET = QueryDict(query)
            request.META["QUERY_STRING"] = query
            return _serve(view, request, query, *args, **kwargs)

        return wrapper

    return decorate


def _serve(view, request, query: str, *args, **kwargs):
    raw = f"{data_version()}|{request.path}|{query}"
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
