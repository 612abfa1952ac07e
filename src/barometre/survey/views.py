"""Questionnaire pages: the respondent's answers (view, edit, history, export) and the analysts'
analysis and export of a campaign. Access rules live in survey/access.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from barometre.survey import editing, journal
from barometre.survey import export as exporting
from barometre.survey.access import authorise, respondent_collectivite, staff_only
from barometre.survey.analysis import analyse
from barometre.survey.core.obstacles import GROUP_LABELS, MIN_GROUP
from barometre.survey.forms import AnswersForm
from barometre.survey.models import Response, ResponseStatus, SurveyCampaign

SAVED = {
    "draft": "Brouillon enregistré. Vous pourrez le reprendre jusqu'à la clôture.",
    "submit": "Merci ! Vos réponses ont été envoyées. Vous pouvez les modifier jusqu'à la clôture.",
    "amend": "Vos modifications ont été enregistrées.",
}


@require_GET
def home(request):
    campaigns = SurveyCampaign.objects.all()
    own = respondent_collectivite(request.user)
    rows = []
    if own is not None:
        responses = {r.campaign_id: r for r in Response.objects.filter(collectivite=own)}
        rows = [(c, responses.get(c.pk)) for c in campaigns]
    return render(request, "survey/home.html", {
        "title": "Questionnaire", "collectivite": own, "rows": rows,
        "staff_campaigns": campaigns if request.user.is_staff else [],
    })


def _answers_context(campaign, collectivite, response):
    question_set = campaign.questions() if response is None else _set_for(response)
    answers = response.answers if response else {}
    consent = response.consent if response else {}
    sections = [
        (section, [(q, q.display(answers.get(q.id)), bool(consent.get(q.id))) for q in section.questions])
        for section in question_set.sections
    ]
    return {"campaign": campaign, "collectivite": collectivite, "response": response,
            "question_set": question_set, "sections": sections, "now": timezone.now()}


def _set_for(response):
    from barometre.survey.core.questions import load

    return load(response.question_set)


@require_GET
def response_view(request, campaign, code):
    campaign, collectivite, refusal = authorise(request, campaign, code, "view")
    if refusal:
        return refusal
    response = Response.objects.filter(campaign=campaign, collectivite=collectivite).first()
    context = _answers_context(campaign, collectivite, response)
    context["can_edit"] = campaign.is_open() and respondent_collectivite(request.user) == collectivite
    context["title"] = f"Réponses — {collectivite.name}"
    return render(request, "survey/response.html", context)


@require_http_methods(["GET", "POST"])
def response_edit(request, campaign, code):
    action = request.POST.get("action") if request.method == "POST" else None
    campaign, collectivite, refusal = authorise(request, campaign, code, "submit" if action == "submit" else "edit")
    if refusal:
        return refusal
    if not campaign.is_open():
        response = Response.objects.filter(campaign=campaign, collectivite=collectivite).first()
        context = _answers_context(campaign, collectivite, response)
        context["title"] = "Campagne close" if campaign.is_closed() else "Campagne pas encore ouverte"
        return render(request, "survey/closed.html", context, status=200 if request.method == "GET" else 403)
    response = editing.response_for(campaign, collectivite)
    question_set = _set_for(response)
    submitted = response.status == ResponseStatus.SUBMITTED
    conflict = None
    status = 200
    if request.method == "GET":
        form = AnswersForm(question_set, initial=AnswersForm.initial_from(
            question_set, response.answers, response.consent, response.version))
    else:
        if action not in ("draft", "submit"):
            return HttpResponseBadRequest("Action inconnue.")
        form = AnswersForm(question_set, request.POST, complete=submitted or action == "submit")
        if form.is_valid():
            try:
                saved, changes = editing.save(response, user=request.user, answers=form.answers(),
                                              consent=form.consent(), base_version=form.cleaned_data["version"],
                                              submit=action == "submit")
            except editing.Conflict as exc:
                conflict, status = exc, 409
                data = request.POST.copy()
                data["version"] = str(exc.response.version)
                form = AnswersForm(question_set, data, complete=submitted or action == "submit")
                form.is_valid()
            except editing.CampaignClosed:
                return redirect("survey:edit", campaign.name, collectivite.code)
            else:
                key = "amend" if submitted else action
                messages.success(request, SAVED[key] if changes or key == "submit"
                                 else "Aucune modification à enregistrer.")
                return redirect("survey:view", campaign.name, collectivite.code)
    return render(request, "survey/edit.html", {
        "title": f"Questionnaire — {collectivite.name}", "campaign": campaign, "collectivite": collectivite,
        "response": response, "form": form, "question_set": question_set, "submitted": submitted,
        "conflict": conflict,
    }, status=status)


@require_GET
def response_history(request, campaign, code):
    campaign, collectivite, refusal = authorise(request, campaign, code, "history")
    if refusal:
        return refusal
    response = Response.objects.filter(campaign=campaign, collectivite=collectivite).first()
    revisions = response.revisions.select_related("user") if response else []
    return render(request, "survey/history.html", {
        "title": f"Historique — {collectivite.name}", "campaign": campaign, "collectivite": collectivite,
        "revisions": revisions,
    })


@require_GET
def response_export(request, campaign, code):
    """The collectivité's own answers (all of them, consent included), without any respondent data."""
    campaign, collectivite, refusal = authorise(request, campaign, code, "export")
    if refusal:
        return refusal
    response = Response.objects.filter(campaign=campaign, collectivite=collectivite).first()
    journal.record("response_export", actor=request.user, campaign=campaign, collectivite=collectivite)
    data = {
        "campaign": campaign.name, "collectivite": {"code": collectivite.code, "name": collectivite.name},
        "question_set": response.question_set if response else campaign.question_set,
        "status": response.status if response else None,
        "version": response.version if response else 0,
        "answers": response.answers if response else {},
        "consent": response.consent if response else {},
    }
    reply = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    reply["Content-Disposition"] = f'attachment; filename="questionnaire-{campaign.name}-{collectivite.code}.json"'
    return reply


@require_GET
def campaign_export(request, campaign):
    campaign, refusal = staff_only(request, campaign)
    if refusal:
        return refusal
    journal.record("campaign_export", actor=request.user, campaign=campaign)
    reply = HttpResponse(exporting.to_json(exporting.build(campaign)), content_type="application/json")
    reply["Content-Disposition"] = f'attachment; filename="questionnaire-{campaign.name}.json"'
    return reply


@require_GET
def campaign_analysis(request, campaign):
    campaign, refusal = staff_only(request, campaign)
    if refusal:
        return refusal
    result = analyse(campaign)
    question_set = campaign.questions()
    theme_labels = {str(r.value): r.label for r in question_set.question("themes").rows} if "themes" in question_set else {}
    obstacle_labels = ({str(r.value): r.label for r in question_set.question("obstacles").rows}
                       if "obstacles" in question_set else {})
    obstacle_table = [
        (GROUP_LABELS[group], None if stats is None else [(obstacle_labels.get(k, k), v) for k, v in stats.items()])
        for group, stats in result.obstacles.items()
    ]
    return render(request, "survey/analysis.html", {
        "title": f"Analyse — {campaign.title}", "campaign": campaign, "result": result,
        "themes": [(theme_labels.get(t.theme, t.theme), t) for t in result.comparison.themes or []],
        "rows": [(r, [theme_labels.get(t, t) for t in r.declared_only],
                  [theme_labels.get(t, t) for t in r.observed_only]) for r in result.comparison.rows],
        "obstacle_table": obstacle_table,
        "min_group": MIN_GROUP,
    })
