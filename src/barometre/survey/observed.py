"""Observed data for the declared-vs-observed analyses, read from the indicators stage.

The indicators are the one source of every per-collectivité figure: the themes a collectivité
covers, its end-to-end count, its share of digitised services showing an offline alternative and
its digital fragility are read from its `CollectiviteIndicators`, and only for the collectivités
the indicators call measured (an unreachable or incomplete portal is never compared). Without
indicators yet, the adapter returns {} with a message, so the questionnaire works on its own.
"""

from __future__ import annotations

import logging

logger = logging.getLogger("barometre.survey")


def load_observed(campaign_name: str) -> tuple[dict[str, dict], str | None]:
    """(observed, None), or ({}, why there is nothing) — see survey/core/declared.py for the shape."""
    if not campaign_name:
        return {}, "Aucune campagne d'observation n'est associée à cette campagne de questionnaire."
    from barometre.indicators.models import CollectiviteIndicators

    rows = list(CollectiviteIndicators.objects.filter(campaign__name=campaign_name)
                .select_related("collectivite").only("measured", "values", "context", "collectivite__code"))
    if not rows:
        return {}, (f"Les indicateurs de la campagne « {campaign_name} » ne sont pas calculés : "
                    f"lancez « barometre indicators --campaign {campaign_name} ».")
    result = {}
    for row in rows:
        if not row.measured:
            continue
        values = row.values or {}
        result[row.collectivite.code] = {
            "themes_digitised": set(values.get("themes_covered_list") or []),
            "end_to_end": values.get("end_to_end", 0),
            "fragility": (row.context or {}).get("fragility"),
            "offline_alternative_share": values.get("offline_alternative_share"),
        }
    if not result:
        return {}, f"Aucune collectivité n'a été mesurée dans la campagne « {campaign_name} »."
    return result, None


def observed_from_campaign(campaign_name: str) -> dict[str, dict]:
    observed, message = load_observed(campaign_name)
    if message:
        logger.info("survey observed data: %s", message)
    return observed
