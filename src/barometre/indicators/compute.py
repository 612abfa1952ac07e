"""Gather a campaign's services, audits and context, compute its indicators, store them."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction

from barometre.audit.core.record import AuditRecord
from barometre.crawl.models import Campaign, CrawlRun
from barometre.crawl.outcome import is_measured, outcome_fr
from barometre.referential.geo import density
from barometre.referential.models import ContextKind, ContextValue

from .core import collectivite as core
from .core import narrative, national
from .core.dimensions import dimensions
from .core.weights import load
from .models import CollectiviteIndicators, NationalFigures

SERVICE_FIELDS = ("collectivite__code", "name", "theme", "level", "relay", "platform", "catalogue_id",
                  "page_url", "offline_alternative", "franceconnect")


def services_by_collectivite(campaign: Campaign) -> dict[str, list[dict]]:
    from barometre.detect.models import Service

    out: dict[str, list[dict]] = defaultdict(list)
    for row in Service.objects.filter(campaign=campaign).values(*SERVICE_FIELDS):
        row["collectivite"] = row.pop("collectivite__code")
        row["service"] = row["name"]
        out[row["collectivite"]].append(row)
    return out


def audits_by_collectivite(campaign: Campaign) -> dict[str, AuditRecord]:
    from barometre.audit.models import PortalAudit

    return {a.collectivite.code: a.record
            for a in PortalAudit.objects.filter(campaign=campaign).select_related("collectivite")}


def context_of(coll) -> dict:
    """Population, revenue per inhabitant (latest year), fragility, density; None when unknown."""
    values = list(ContextValue.objects.filter(collectivite=coll))
    revenue = max((v for v in values if v.kind == ContextKind.OPERATING_REVENUE), key=lambda v: v.year or 0,
                  default=None)
    fragility = max((v for v in values if v.kind == ContextKind.DIGITAL_FRAGILITY), key=lambda v: v.year or 0,
                    default=None)
    per_hab = None
    if revenue is not None:
        per_hab = revenue.per_inhabitant or (revenue.value / coll.population if coll.population else None)
    return {
        "population": coll.population,
        "revenue_per_inhabitant": per_hab,
        "revenue_year": revenue.year if revenue else None,
        "fragility": fragility.value if fragility else None,
        "density": density(coll),
    }


def compute(campaign: Campaign) -> tuple[int, dict]:
    """Compute and store every collectivité's indicators and the national figures."""
    weights = load()
    services = services_by_collectivite(campaign)
    audits = audits_by_collectivite(campaign)
    runs = CrawlRun.objects.filter(campaign=campaign).select_related("collectivite").prefetch_related(
        "collectivite__departements")
    rows = []
    with transaction.atomic():
        CollectiviteIndicators.objects.filter(campaign=campaign).delete()
        for run in runs:
            coll = run.collectivite
            context = context_of(coll)
            measured = is_measured(run.status, run.pages)
            reason = "" if measured else outcome_fr(run.status, run.stop_reason)
            values = core.indicators(services.get(coll.code, []), dimensions(audits.get(coll.code), weights), weights) \
                if measured else {}
            context["peer_groups"] = national.peer_group_of(context, weights)
            CollectiviteIndicators.objects.create(
                campaign=campaign, collectivite=coll, measured=measured, not_measured_reason=reason[:300],
                sdi=values.get("sdi"), pqi=values.get("pqi"), tier=values.get("tier") or "",
                end_to_end=values.get("end_to_end", 0), partial=values.get("partial", 0),
                services_found=values.get("services_found", 0), themes_covered=values.get("themes_covered", 0),
                values=values, context=context, weights_version=weights["version"],
                method_version=campaign.method_version,
            )
            rows.append({"code": coll.code, "name": coll.name, "measured": measured, "indicators": values, **context})
        figures = national.analyse(rows, weights)
        NationalFigures.objects.update_or_create(campaign=campaign, defaults=dict(
            values=figures, narrative=narrative.sentences(figures), weights_version=weights["version"],
            method_version=campaign.method_version))
    return len(rows), figures


class NoIndicators(LookupError):
    pass


def campaign_with_indicators(name: str | None) -> Campaign:
    """The campaign (named or most recent), refusing one whose indicators were not computed."""
    from barometre.crawl.campaign import UnknownCampaign, find_campaign

    try:
        campaign = find_campaign(name)
    except UnknownCampaign as exc:
        raise NoIndicators(str(exc)) from None
    if not NationalFigures.objects.filter(campaign=campaign).exists():
        raise NoIndicators(f"campaign {campaign.name} has no indicators yet: "
                           f"run `barometre indicators --campaign {campaign.name}`")
    return campaign
