"""The read-only JSON API (described in openapi.py, served at /api/openapi.json)."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from barometre.audit.export import audit_record
from barometre.audit.models import PortalAudit
from barometre.crawl.models import Campaign
from barometre.detect.models import Service
from barometre.glossary import THEME_LABELS
from barometre.indicators.models import CollectiviteIndicators

from . import campaigns, openapi
from .national import rows as national_rows
from .pagecache import cached_page
from .profile import collectivite as find_collectivite

HEADLINE = ("measured", "not_measured_reason", "sdi", "pqi", "tier", "end_to_end", "partial",
            "services_found", "themes_covered")


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def api_view(*params: str):
    """GET only (other methods: 405, CSRF does not apply to a read-only API); a 404 is
    answered in JSON with its reason. `params`: the query parameters the view reads (the
    page cache ignores any other)."""

    def decorate(view):
        @csrf_exempt
        @require_GET
        @cached_page(*params)
        def wrapper(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Http404 as exc:
                return _json({"error": str(exc) or "introuvable"}, status=404)

        wrapper.__name__ = view.__name__
        return wrapper

    return decorate


def _campaign(campaign: Campaign) -> dict:
    return {"name": campaign.name, "date": campaign.date.isoformat(), "method_version": campaign.method_version,
            "weights_version": campaign.national.weights_version, "frozen": campaign.frozen,
            "computed_at": campaign.national.computed_at.isoformat()}


def _collectivite(coll) -> dict:
    return {"code": coll.code, "name": coll.name, "kind": coll.kind, "region_name": coll.region_name or None,
            "population": coll.population, "portal_url": coll.portal_url or None,
            "departements": [d.code for d in coll.departements.all()]}


def _indicators(campaign, code):
    coll = find_collectivite(code)
    ind = CollectiviteIndicators.objects.filter(campaign=campaign, collectivite=coll).first()
    if ind is None:
        raise Http404(f"{coll.code} n'est pas observée dans la campagne {campaign.name}")
    return coll, ind


@api_view()
def campaign_list(request):
    return _json({"campaigns": [_campaign(c) for c in campaigns.published()]})


@api_view()
def national(request, campaign):
    camp = campaigns.by_name(campaign)
    return _json({"campaign": _campaign(camp), "values": camp.national.values, "narrative": camp.national.narrative})


@api_view()
def collectivite_list(request, campaign):
    camp = campaigns.by_name(campaign)
    items = [{"code": r["code"], "name": r["name"], "kind": r["kind"], "region_name": r["region"] or None,
              "population": r["population"], **{k: r[k] for k in HEADLINE},
              "tier": r["tier"] or None, "not_measured_reason": r["not_measured_reason"] or None}
             for r in national_rows(camp)]
    return _json({"campaign": camp.name, "collectivites": items})


@api_view()
def collectivite_detail(request, campaign, code):
    camp = campaigns.by_name(campaign)
    coll, ind = _indicators(camp, code)
    indicators = {k: getattr(ind, k) for k in HEADLINE}
    indicators["tier"] = ind.tier or None
    indicators["not_measured_reason"] = ind.not_measured_reason or None
    indicators.update(values=ind.values, context=ind.context, weights_version=ind.weights_version,
                      method_version=ind.method_version)
    return _json({"campaign": camp.name, "collectivite": _collectivite(coll), "indicators": indicators})


@api_view("theme", "level")
def services(request, campaign, code):
    camp = campaigns.by_name(campaign)
    coll, _ = _indicators(camp, code)
    qs = Service.objects.filter(campaign=camp, collectivite=coll).order_by("theme", "-level", "name")
    theme = request.GET.get("theme")
    if theme:
        if theme not in THEME_LABELS:
            return _json({"error": f"thématique inconnue : {theme}"}, status=400)
        qs = qs.filter(theme=theme)
    level = request.GET.get("level")
    if level not in (None, ""):
        if level not in {"0", "1", "2", "3", "4"}:
            return _json({"error": f"niveau invalide : {level} (0 à 4)"}, status=400)
        qs = qs.filter(level=int(level))
    items = [{"name": s.name, "theme": s.theme, "level": s.level, "relay": s.relay, "platform": s.platform,
              "catalogue_id": s.catalogue_id, "page_url": s.page_url or None, "entry_url": s.entry_url or None,
              "urls": s.urls, "franceconnect": s.franceconnect, "offline_alternative": s.offline_alternative,
              "evidence": s.evidence, "confidence": s.confidence} for s in qs]
    return _json({"campaign": camp.name, "collectivite": coll.code, "services": items})


@api_view()
def audit(request, campaign, code):
    camp = campaigns.by_name(campaign)
    coll, _ = _indicators(camp, code)
    record = PortalAudit.objects.filter(campaign=camp, collectivite=coll).select_related(
        "collectivite", "campaign").first()
    if record is None:
        raise Http404(f"pas d'audit de {coll.code} dans la campagne {campaign}")
    return _json(audit_record(record))


@csrf_exempt
@require_GET
def schema(request):
    """The OpenAPI description, its examples taken from the latest published campaign."""
    latest = campaigns.published().first()
    example = CollectiviteIndicators.objects.filter(campaign=latest).select_related("collectivite").first() \
        if latest else None
    return _json(openapi.spec(latest.name if latest else None,
                              example.collectivite.code if example else None))
