"""Which campaign a page shows: the one named in `?campagne=`, else the latest published.

A campaign is published once `barometre indicators` has stored its national figures.
"""

from __future__ import annotations

from django.http import Http404

from barometre.crawl.models import Campaign


def published():
    """Campaigns with national figures, most recent first."""
    return (Campaign.objects.filter(national__isnull=False).select_related("national")
            .order_by("-date", "-created_at"))


def selected(request, param: str = "campagne") -> Campaign:
    name = (request.GET.get(param) or "").strip()
    campaigns = published()
    if name:
        campaign = campaigns.filter(name=name).first()
        if campaign is None:
            raise Http404(f"Campagne inconnue ou non publiée : {name}")
        return campaign
    campaign = campaigns.first()
    if campaign is None:
        raise Http404("Aucune campagne publiée : lancez `barometre indicators`.")
    return campaign


def by_name(name: str) -> Campaign:
    campaign = published().filter(name=name).first()
    if campaign is None:
        raise Http404(f"Campagne inconnue ou non publiée : {name}")
    return campaign


def previous(campaign: Campaign) -> Campaign | None:
    """The published campaign just before this one, for progress between editions."""
    return (published().filter(date__lte=campaign.date).exclude(pk=campaign.pk)
            .filter(created_at__lt=campaign.created_at).first()
            or published().filter(date__lt=campaign.date).first())
