"""The collectivité profile, and its "signaler une erreur / droit de réponse" form."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from barometre.audit.export import audit_record
from barometre.audit.models import PortalAudit
from barometre.detect.models import Service
from barometre.glossary import THEME_LABELS
from barometre.publish import campaigns
from barometre.publish import profile as data
from barometre.publish.forms import ContestForm, ServiceFilter
from barometre.publish.pagecache import cached_page

from .common import page


def declared_row(campaign_name: str, code: str) -> dict:
    """What the collectivité declared in the questionnaire beside what was observed (consented parts)."""
    from barometre.survey.public import declared_vs_observed

    found = declared_vs_observed(campaign_name)
    if found is None:
        return {"survey": None}
    labels = dict(THEME_LABELS)
    row = found["rows"].get(code)
    if row is None:
        return {"survey": found["survey"], "row": None}
    named = {k: ([labels.get(t, t) for t in row[k]] if row[k] is not None else None)
             for k in ("both", "declared_only", "observed_only", "neither")}
    return {"survey": found["survey"], "row": {**row, **named}}

log = logging.getLogger("barometre.publish")
CONTEST_LIMIT = (5, 3600)  # contests accepted per IP address and hour


def _canonical(request, code: str, coll, name: str):
    """Département codes (68) and lower case resolve to the collectivité's own URL (6AE)."""
    if coll.code != code:
        url = reverse(name, args=[coll.code])
        if request.GET:
            url += "?" + request.GET.urlencode()
        return redirect(url, permanent=True)
    return None


@cached_page("campagne", theme=["", *THEME_LABELS], niveau=["", "0", "1", "2", "3", "4"])
def profile(request, code):
    coll = data.collectivite(code)
    moved = _canonical(request, code, coll, "publish:profile")
    if moved:
        return moved
    campaign = campaigns.selected(request)
    national = campaign.national.values
    ind = data.indicators(campaign, coll)
    filters = ServiceFilter(request.GET or None)
    services = Service.objects.none()
    if ind is not None:
        services = Service.objects.filter(campaign=campaign, collectivite=coll).order_by("theme", "-level", "name")
        if filters.is_valid():
            if filters.cleaned_data.get("theme"):
                services = services.filter(theme=filters.cleaned_data["theme"])
            if filters.cleaned_data.get("niveau") is not None:
                services = services.filter(level=filters.cleaned_data["niveau"])
    audit = PortalAudit.objects.filter(campaign=campaign, collectivite=coll).select_related(
        "collectivite", "campaign").first()
    context = {
        "title": coll.name, "coll": coll, "campaign": campaign, "ind": ind,
        "departements": list(coll.departements.values_list("code", "name")),
        "filters": filters if filters.is_bound else ServiceFilter(), "services": list(services),
        "total_services": Service.objects.filter(campaign=campaign, collectivite=coll).count(),
        "audit": data.audit_view(audit_record(audit)) if audit else None,
        "breadcrumb": [(coll.name, None)],
    }
    if ind is not None:
        context.update(
            peers=data.against_peers(ind, national), themes=data.per_theme(ind),
            residual=data.residual(coll.code, national), progress=data.progress(campaign, coll, ind),
            peer_groups=(ind.context or {}).get("peer_groups") or {},
            declared=declared_row(campaign.name, coll.code),
        )
    return page(request, "publish/profile.html", context)


def _ip_key(request) -> str:
    """A keyed hash of the client address: the cache never holds the address itself."""
    ip = request.META.get("REMOTE_ADDR") or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}|{ip}".encode()).hexdigest()[:32]


def _allowed(request) -> bool:
    limit, window = CONTEST_LIMIT
    key = f"publish-contest:{_ip_key(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit


@require_http_methods(["GET", "POST"])
def contest(request, code):
    coll = data.collectivite(code)
    moved = _canonical(request, code, coll, "publish:contest")
    if moved:
        return moved
    campaign = campaigns.published().filter(name=request.POST.get("campagne") or request.GET.get("campagne")).first() \
        or campaigns.published().first()
    form = ContestForm(request.POST or None)
    status = 200
    limited = False
    if request.method == "POST":
        if not _allowed(request):
            limited, status = True, 429
        elif form.is_valid():
            contest = form.save(commit=False)
            contest.collectivite, contest.campaign = coll, campaign
            contest.save()
            log.info("contest %s received for collectivité %s", contest.pk, coll.code)
            return redirect(reverse("publish:contest", args=[coll.code]) + "?envoye=1")
        else:
            status = 400
    context = {"title": f"Signaler une erreur — {coll.name}", "coll": coll, "campaign": campaign, "form": form,
               "sent": request.GET.get("envoye") == "1", "limited": limited,
               "breadcrumb": [(coll.name, reverse("publish:profile", args=[coll.code])),
                              ("Signaler une erreur", None)],
               "themes": THEME_LABELS}
    return page(request, "publish/contest.html", context, cacheable=False, status=status)
