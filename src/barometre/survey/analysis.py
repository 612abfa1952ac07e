"""Glue between the database and the pure analyses: submitted answers as plain dicts."""

from __future__ import annotations

from dataclasses import dataclass

from barometre import glossary
from barometre.survey.core import declared, obstacles
from barometre.survey.models import Response, ResponseStatus, SurveyCampaign
from barometre.survey.observed import load_observed

THEME_IDS = list(glossary.THEMES)


def submitted(campaign: SurveyCampaign) -> list[dict]:
    """Submitted responses as {"code", "name", "population", "answers", "consent"}."""
    qs = (Response.objects.filter(campaign=campaign, status=ResponseStatus.SUBMITTED)
          .select_related("collectivite").order_by("collectivite__code"))
    return [{"code": r.collectivite.code, "name": r.collectivite.name, "population": r.collectivite.population,
             "answers": r.answers, "consent": r.consent} for r in qs]


def theme_ids(campaign: SurveyCampaign) -> list[str]:
    question_set = campaign.questions()
    if declared.THEMES_QUESTION in question_set:
        return [str(row.value) for row in question_set.question(declared.THEMES_QUESTION).rows]
    return THEME_IDS


@dataclass
class CampaignAnalysis:
    responses: list[dict]
    comparison: declared.NationalComparison
    obstacles: dict
    divide: obstacles.DivideSummary
    observed_message: str | None


def analyse(campaign: SurveyCampaign, observed: dict | None = None,
            min_group: int = declared.MIN_GROUP) -> CampaignAnalysis:
    message = None
    if observed is None:
        observed, message = load_observed(campaign.observed_campaign)
    responses = submitted(campaign)
    question_set = campaign.questions()
    obstacle_ids = ([str(r.value) for r in question_set.question(obstacles.OBSTACLES_QUESTION).rows]
                    if obstacles.OBSTACLES_QUESTION in question_set else [])
    by_code = {r["code"]: r for r in responses}
    return CampaignAnalysis(
        responses=responses,
        comparison=declared.compare(by_code, observed, theme_ids(campaign), min_group=min_group),
        obstacles=obstacles.obstacle_stats(responses, obstacle_ids, min_group=min_group),
        divide=obstacles.divide_analysis(responses, observed, min_group=min_group),
        observed_message=message,
    )
