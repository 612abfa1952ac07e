"""Saving a collectivité's answers: versions, history and optimistic locking.

Every save names the version it was based on. If someone else saved in between, nothing is written
and `Conflict` carries what they changed, so the form can show it beside the user's own input.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from barometre.survey import journal
from barometre.survey.core.answers import Change, diff
from barometre.survey.models import (
    Response,
    ResponseStatus,
    Revision,
    RevisionAction,
    SurveyCampaign,
)


@dataclass
class OtherSave:
    who: str
    at: object
    action: str


class Conflict(Exception):
    def __init__(self, response: Response, changes: list[Change], saves: list[OtherSave]):
        super().__init__(f"response {response.pk} moved to version {response.version}")
        self.response, self.changes, self.saves = response, changes, saves


class CampaignClosed(Exception):
    pass


def response_for(campaign: SurveyCampaign, collectivite) -> Response:
    response, _ = Response.objects.get_or_create(
        campaign=campaign, collectivite=collectivite,
        defaults={"question_set": campaign.question_set},
    )
    return response


def save(response: Response, *, user, answers: dict, consent: dict, base_version: int,
         submit: bool) -> tuple[Response, list[Change]]:
    """Store new answers; `submit` marks them sent (first time) or amended (afterwards)."""
    campaign = response.campaign
    if not campaign.is_open():
        raise CampaignClosed(campaign.name)
    question_set = campaign.questions()
    with transaction.atomic():
        current = Response.objects.select_for_update().get(pk=response.pk)
        if current.version != base_version:
            raise _conflict(current, base_version)
        changes = diff(question_set, current.answers, answers, current.consent, consent)
        was_submitted = current.status == ResponseStatus.SUBMITTED
        becomes_submitted = submit or was_submitted
        if not changes and was_submitted == becomes_submitted:
            return current, []
        action = (RevisionAction.AMEND if was_submitted
                  else RevisionAction.SUBMIT if submit else RevisionAction.DRAFT)
        now = timezone.now()
        fields = {
            "answers": answers, "consent": consent, "version": base_version + 1,
            "status": ResponseStatus.SUBMITTED if becomes_submitted else ResponseStatus.DRAFT,
            "updated_at": now, "updated_by": user,
            "submitted_at": current.submitted_at or (now if submit else None),
        }
        if not Response.objects.filter(pk=current.pk, version=base_version).update(**fields):
            raise _conflict(Response.objects.get(pk=current.pk), base_version)
        Revision.objects.create(response=current, version=base_version + 1, action=action, user=user,
                                at=now, changes=[c.as_dict() for c in changes], answers=answers,
                                consent=consent)
    journal.record(f"response_{action}", actor=user, campaign=campaign, collectivite=current.collectivite,
                   version=base_version + 1, questions=sorted({c.question for c in changes}))
    current.refresh_from_db()
    return current, changes


def _conflict(current: Response, base_version: int) -> Conflict:
    question_set = current.campaign.questions()
    base = current.revisions.filter(version=base_version).first()
    before_answers = base.answers if base else {}
    before_consent = base.consent if base else {}
    changes = diff(question_set, before_answers, current.answers, before_consent, current.consent)
    saves = [
        OtherSave(_who(r.user), r.at, r.get_action_display())
        for r in current.revisions.filter(version__gt=base_version).select_related("user").order_by("version")
    ]
    return Conflict(current, changes, saves)


def _who(user) -> str:
    if user is None:
        return "un compte supprimé"
    return user.get_full_name() or "un autre répondant"
