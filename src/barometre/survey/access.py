"""Who may do what on a collectivité's answers.

Respondents act on their own collectivité only; staff (analysts) read everything but never answer
in a collectivité's place; anyone else is sent to the login page.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from barometre.referential.models import Collectivite
from barometre.survey.models import SurveyCampaign

READ_ACTIONS = {"view", "history", "export"}
WRITE_ACTIONS = {"edit", "submit"}


def respondent_collectivite(user):
    respondent = getattr(user, "respondent", None) if user.is_authenticated else None
    return respondent.collectivite if respondent else None


def allowed(user, collectivite, action: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    own = respondent_collectivite(user)
    if own is not None and own.pk == collectivite.pk:
        return action in READ_ACTIONS | WRITE_ACTIONS
    return user.is_staff and action in READ_ACTIONS


def authorise(request, campaign_name: str, code: str, action: str):
    """(campaign, collectivite, None) when allowed, else (None, None, the refusal response)."""
    if not request.user.is_authenticated:
        return None, None, redirect_to_login(request.get_full_path(), reverse("survey:login"))
    campaign = get_object_or_404(SurveyCampaign, name=campaign_name)
    collectivite = get_object_or_404(Collectivite, code=code)
    if not allowed(request.user, collectivite, action):
        return None, None, forbidden(request)
    return campaign, collectivite, None


def staff_only(request, campaign_name: str):
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path(), reverse("survey:login"))
    campaign = get_object_or_404(SurveyCampaign, name=campaign_name)
    if not (request.user.is_active and request.user.is_staff):
        return None, forbidden(request)
    return campaign, None


def forbidden(request):
    return render(request, "survey/forbidden.html", {"title": "Accès refusé"}, status=403)
