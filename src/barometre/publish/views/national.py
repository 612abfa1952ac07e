"""The national page: map, table, distribution, heat map, survey figures, narrative, peers."""

from __future__ import annotations

from django.urls import reverse

from barometre.glossary import THEME_LABELS, THEMES
from barometre.publish import campaigns, choropleth
from barometre.publish import national as data
from barometre.publish.labels import INDICATORS
from barometre.publish.pagecache import cached_page

from .common import page, query

COLUMNS = [("nom", "Collectivité"), ("niveau", "Niveau de maturité"), ("sdi", "Numérisation (0–100)"),
           ("pqi", "Qualité du portail (0–100)"), ("bout_en_bout", "Services de bout en bout"),
           ("partiels", "Services partiels"), ("thematiques", "Thématiques couvertes"),
           ("population", "Population")]
NUMERIC = {"sdi", "pqi", "bout_en_bout", "partiels", "thematiques", "population"}


def _columns(request, sort: str, descending: bool) -> list[dict]:
    out = []
    for key, label in COLUMNS:
        active = key == sort
        next_desc = not descending if active else key in NUMERIC
        out.append({"key": key, "label": label,
                    "aria_sort": ("descending" if descending else "ascending") if active else None,
                    "href": query(request, tri=key, ordre="desc" if next_desc else "asc") + "#tableau"})
    return out


@cached_page("campagne", "recherche", indicateur=INDICATORS, classement=("1",), tri=data.SORT_KEYS, ordre=("asc", "desc"))
def national(request):
    campaign = campaigns.selected(request)
    values = campaign.national.values
    table = data.rows(campaign)
    indicator = request.GET.get("indicateur", "")
    indicator = indicator if indicator in INDICATORS else ""
    ranking = request.GET.get("classement") == "1"
    sort = request.GET.get("tri", "")
    sort = sort if sort in data.SORT_KEYS else ("sdi" if ranking else "niveau")  # the order the intro announces
    descending = request.GET.get("ordre", "desc" if sort in NUMERIC else "asc") == "desc"
    if ranking:
        table = data.ranked(table)
    searched = request.GET.get("recherche", "")[:100].strip()
    sorted_rows = data.sort_rows(data.search(table, searched), sort, descending)
    suffix = f"?campagne={campaign.name}"
    geo = choropleth.build(table, indicator or None,
                           lambda code: reverse("publish:profile", args=[code]) + suffix)
    heat = data.heat_map(table)
    model = values.get("context_model") or {}
    names = {r["code"]: r["name"] for r in table}
    context = {
        "title": "Vue nationale", "campaign": campaign, "values": values,
        "narrative": campaign.national.narrative, "map": geo, "indicator": indicator,
        "indicator_label": INDICATORS[indicator]["label"] if indicator else "Niveau de maturité",
        "indicator_choices": data.indicator_choices(), "ranking": ranking,
        "table": sorted_rows, "searched": searched,
        "search_hidden": [(k, v) for k, v in request.GET.items() if k not in ("recherche",) and v],
        "search_clear": query(request, recherche=None) + "#tableau", "columns": _columns(request, sort, descending),
        "measured": [r for r in table if r["measured"]], "not_measured": [r for r in table if not r["measured"]],
        "distribution": data.end_to_end_distribution(table), "heat": heat,
        "heat_summary": data.level_counts_by_theme(heat), "themes": [(t, THEME_LABELS[t]) for t in THEMES],
        "survey": data.survey(values), "peers": data.peer_groups(values),
        "over": [(c, names.get(c, c)) for c in model.get("over_performers", [])],
        "under": [(c, names.get(c, c)) for c in model.get("under_performers", [])],
        "model": model, "ranking_on": query(request, classement="1", tri=None, ordre=None) + "#tableau",
        "ranking_off": query(request, classement=None, tri=None, ordre=None) + "#tableau",
    }
    return page(request, "publish/national.html", context, current="publish:national")
