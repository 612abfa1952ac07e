"""The open-data export of a questionnaire campaign.

Aggregates cover every submitted response (withheld below `MIN_GROUP` contributors); answers appear
per collectivité only where the collectivité consented to publish that answer. Nothing about
respondents (names, e-mails, accounts) is ever included.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from statistics import median

from barometre.survey.analysis import analyse
from barometre.survey.core.declared import MIN_GROUP
from barometre.survey.core.questions import MATRIX_TYPES, QuestionSet
from barometre.survey.models import Invitation, Response, ResponseStatus, SurveyCampaign


def build(campaign: SurveyCampaign, observed: dict | None = None, min_group: int = MIN_GROUP) -> dict:
    question_set = campaign.questions()
    result = analyse(campaign, observed=observed, min_group=min_group)
    responses = result.responses
    published_rows = {row.code: row.public() for row in result.comparison.rows}
    return {
        "campaign": {
            "name": campaign.name, "title": campaign.title, "question_set": campaign.question_set,
            "opens_at": campaign.opens_at.isoformat(), "closes_at": campaign.closes_at.isoformat(),
            "observed_campaign": campaign.observed_campaign or None,
        },
        "participation": {
            "collectivites_invited": Invitation.objects.filter(campaign=campaign)
            .values("collectivite").distinct().count(),
            "responses_submitted": len(responses),
            "responses_in_draft": Response.objects.filter(campaign=campaign, status=ResponseStatus.DRAFT).count(),
        },
        "min_group": min_group,
        "aggregates": aggregates(question_set, [r["answers"] for r in responses], min_group),
        "obstacles": {
            group: ({k: asdict(v) for k, v in stats.items()} if stats is not None else None)
            for group, stats in result.obstacles.items()
        },
        "declared_vs_observed": _national(result.comparison),
        "collectivites": [
            {
                "code": r["code"], "name": r["name"],
                "answers": {q: v for q, v in r["answers"].items() if r["consent"].get(q)},
                "declared_vs_observed": published_rows.get(r["code"]),
            }
            for r in responses
        ],
    }


def aggregates(question_set: QuestionSet, answers: list[dict], min_group: int) -> dict:
    """Counts per option for choice and matrix questions, median for numbers; no free text."""
    if len(answers) < min_group:
        return {"withheld": True, "responses": len(answers)}
    out: dict = {"withheld": False, "responses": len(answers)}
    for q in question_set.questions:
        values = [a[q.id] for a in answers if a.get(q.id) not in (None, "", [], {})]
        if q.type in MATRIX_TYPES:
            out[q.id] = {
                str(row.value): dict(Counter(str(v[row.value]) for v in values if row.value in v))
                for row in q.rows
            }
        elif q.type == "single":
            out[q.id] = dict(Counter(str(v) for v in values))
        elif q.type == "multiple":
            out[q.id] = dict(Counter(str(item) for v in values for item in v))
        elif q.type == "integer":
            out[q.id] = {"answered": len(values), "median": median(values) if values else None}
    return out


def _national(comparison) -> dict:
    if comparison.withheld:
        return {"compared": comparison.compared, "withheld": True}
    return {
        "compared": comparison.compared, "withheld": False,
        "themes": [{"theme": t.theme, "both": t.both, "declared_only": t.declared_only,
                    "observed_only": t.observed_only, "neither": t.neither} for t in comparison.themes],
        "declared_end_to_end_median": comparison.declared_end_to_end_median,
        "observed_end_to_end_median": comparison.observed_end_to_end_median,
        "declared_above_observed": comparison.declared_above_observed,
        "declared_below_observed": comparison.declared_below_observed,
    }


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=sorted)
