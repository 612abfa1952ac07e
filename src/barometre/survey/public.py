"""What the public dashboard, the report and the open data show of the questionnaire:
declared beside observed, per collectivité only where it consented, national tallies otherwise."""

from __future__ import annotations

from django.db.models import Max

from .analysis import analyse
from .models import Response, SurveyCampaign


def survey_for(observation_campaign: str) -> SurveyCampaign | None:
    """The latest questionnaire campaign set beside this observation campaign."""
    return (SurveyCampaign.objects.filter(observed_campaign=observation_campaign)
            .order_by("-opens_at", "-id").first())


def declared_vs_observed(observation_campaign: str) -> dict | None:
    """{"survey", "rows": {code: public row}, "national": {...}} or None without a questionnaire."""
    survey = survey_for(observation_campaign)
    if survey is None:
        return None
    result = analyse(survey)
    national = result.comparison
    return {
        "survey": survey.name,
        "observed_message": result.observed_message,
        "rows": {row.code: row.public() for row in national.rows},
        "national": {
            "compared": national.compared,
            "withheld": getattr(national, "withheld", False),
            "themes": [{"theme": t.theme, "both": t.both, "declared_only": t.declared_only,
                        "observed_only": t.observed_only, "neither": t.neither}
                       for t in (national.themes or [])],
            "declared_end_to_end_median": national.declared_end_to_end_median,
            "observed_end_to_end_median": national.observed_end_to_end_median,
            "declared_above_observed": national.declared_above_observed,
            "declared_below_observed": national.declared_below_observed,
        },
    }


def answers_version() -> str:
    """Changes whenever an answer is saved: part of the public pages' cache key."""
    latest = Response.objects.aggregate(latest=Max("updated_at"))["latest"]
    return str(latest)
