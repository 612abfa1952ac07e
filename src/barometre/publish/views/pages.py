"""Theme pages, campaign comparison, methodology, open data and the accessibility statement."""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.http import FileResponse, Http404

from barometre.detect.models import Service
from barometre.glossary import LEVEL_LABELS, THEME_LABELS, THEMES
from barometre.publish import campaigns, methodology, opendata
from barometre.publish import national as data
from barometre.publish.comparison import compare_campaigns
from barometre.publish.pagecache import cached_page
from barometre.referential import bundled
from barometre.referential.models import Collectivite
from barometre.typography import sort_key

from .common import page


@cached_page("campagne")
def themes(request):
    campaign = campaigns.selected(request)
    survey = (campaign.national.values.get("survey") or {}).get("themes") or []
    context = {"title": "Thématiques", "campaign": campaign, "rows": survey,
               "breadcrumb": [("Thématiques", None)]}
    return page(request, "publish/themes.html", context, current="publish:themes")


@cached_page("campagne")
def theme(request, theme):
    if theme not in THEMES:
        raise Http404("Thématique inconnue")
    campaign = campaigns.selected(request)
    table = [r for r in data.rows(campaign) if r["measured"]]
    members = []
    levels = dict.fromkeys(range(5), 0)
    for r in sorted(table, key=lambda r: sort_key(r["name"])):
        t = r["per_theme"].get(theme) or {}
        levels[t.get("max_level") or 0] += 1
        members.append({"code": r["code"], "name": r["name"], **t})
    top = max(levels.values(), default=0)
    bars = [{"label": f"{k} — {LEVEL_LABELS[k]}", "count": v, "width": round(100 * v / top) if top else 0,
             "share": v / len(table) if table else None} for k, v in levels.items()]
    # Collectivités (not services: one may list an entry twice), measured ones only, as every figure.
    catalogue = (Service.objects.filter(campaign=campaign, theme=theme, catalogue_id__isnull=False,
                                        collectivite__code__in=[r["code"] for r in table])
                 .values("catalogue_id").annotate(
                     offered=Count("collectivite", distinct=True, filter=Q(level__gte=1)),
                     online=Count("collectivite", distinct=True, filter=Q(level__gte=3)),
                     end_to_end=Count("collectivite", distinct=True, filter=Q(level=4)),
                     best=Max("level")).order_by("catalogue_id"))
    labels = {c["id"]: c["label"] for c in methodology.catalogue()}
    national = next((t for t in (campaign.national.values.get("survey") or {}).get("themes", [])
                     if t["theme"] == theme), None)
    context = {"title": THEME_LABELS[theme], "theme": theme, "campaign": campaign, "members": members,
               "bars": bars, "national": national, "n": len(table),
               "catalogue": [{**c, "label": labels.get(c["catalogue_id"], c["catalogue_id"])} for c in catalogue],
               "breadcrumb": [("Thématiques", "/thematiques/"), (THEME_LABELS[theme], None)]}
    return page(request, "publish/theme.html", context, current="publish:themes")


@cached_page("a", "b")
def comparison(request):
    published = list(campaigns.published())
    a_name, b_name = request.GET.get("a"), request.GET.get("b")
    result = a = b = None
    if a_name or b_name:
        a = campaigns.by_name(a_name or "")
        b = campaigns.by_name(b_name or "")
    elif len(published) >= 2:
        b, a = published[0], published[1]
    if a is not None and b is not None:
        result = compare_campaigns(a, b)
        names = dict(data_names(b) | data_names(a))
        result["collectivites"] = [
            {"code": code, "name": names.get(code, code), **counts,
             **(result["indicator_deltas"].get(code) or {})}
            for code, counts in result["per_collectivite"].items()]
        deltas_only = set(result["indicator_deltas"]) - set(result["per_collectivite"])
        result["collectivites"] += [{"code": c, "name": names.get(c, c), "new": 0, "gone": 0, "up": 0, "down": 0,
                                     **result["indicator_deltas"][c]} for c in sorted(deltas_only)]
        result["collectivites"].sort(key=lambda r: sort_key(r["name"]))
    context = {"title": "Comparaison de campagnes", "published": published, "a": a, "b": b, "result": result,
               "breadcrumb": [("Comparaison", None)], "campaigns": published}
    return page(request, "publish/comparison.html", context, current="publish:comparison")


def data_names(campaign) -> dict:
    return dict(Collectivite.objects.filter(indicators__campaign=campaign).values_list("code", "name"))


@cached_page()
def method(request):
    context = {"title": "Méthodologie", "levels": LEVEL_LABELS, "themes": [(t, THEME_LABELS[t]) for t in THEMES],
               "catalogue": methodology.catalogue(), "weights": methodology.weights_view(),
               "sources": bundled.sources(), "versions": methodology.versions(),
               "published": list(campaigns.published()), "breadcrumb": [("Méthodologie", None)]}
    return page(request, "publish/methodology.html", context, current="publish:methodology")


def open_data(request):
    campaign = campaigns.selected(request)
    context = {"title": "Données ouvertes", "campaign": campaign, "files": opendata.files(campaign),
               "breadcrumb": [("Données ouvertes", None)]}
    return page(request, "publish/opendata.html", context, current="publish:opendata")


def download(request, campaign, filename):
    camp = campaigns.by_name(campaign)
    names = {f["name"] for f in opendata.files(camp)}
    if filename not in names:
        raise Http404("Fichier inconnu")
    return FileResponse((opendata.directory(camp) / filename).open("rb"), as_attachment=True, filename=filename)


@cached_page()
def accessibility(request):
    return page(request, "publish/accessibility.html", {"title": "Déclaration d’accessibilité",
                                                         "breadcrumb": [("Accessibilité", None)]})
