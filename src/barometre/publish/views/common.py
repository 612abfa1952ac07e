"""What every page of the dashboard shares: navigation, query strings, rendering."""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import render

from barometre.publish import campaigns

NAVIGATION = [
    ("publish:national", "Vue nationale"),
    ("publish:themes", "Thématiques"),
    ("publish:comparison", "Comparaison"),
    ("publish:methodology", "Méthodologie"),
    ("publish:opendata", "Données ouvertes"),
]


def query(request, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = {k: v for k, v in request.GET.items()}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(params) if params else "?"


def page(request, template: str, context: dict, *, current: str | None = None, cacheable: bool = True,
         status: int = 200):
    """Render a page; cacheable pages never show flash messages (they would end up in the cache)."""
    context = {"navigation": NAVIGATION, "current": current, **context}
    if cacheable:
        context["messages"] = ()
    if "campaigns" not in context:
        context["campaigns"] = list(campaigns.published())
    return render(request, template, context, status=status)
