"""Observed data for the declared-vs-observed analyses, read from the inventory (detect) stage.

The inventory is built by another stage; this adapter imports it lazily and returns {} with a
message when there is nothing to read yet, so the questionnaire works on its own.
"""

from __future__ import annotations

import logging
from collections import defaultdict

logger = logging.getLogger("barometre.survey")
THEMES_LEVEL = 2
END_TO_END_LEVEL = 4


def load_observed(campaign_name: str) -> tuple[dict[str, dict], str | None]:
    """(observed, None), or ({}, why there is nothing) — see survey/core/declared.py for the shape."""
    if not campaign_name:
        return {}, "Aucune campagne d'observation n'est associée à cette campagne de questionnaire."
    from barometre.detect.models import Service

    # Level 0 rows are catalogue services not found: they are not services the user can see.
    services = Service.objects.filter(campaign__name=campaign_name, level__gte=1).select_related("collectivite")
    observed: dict[str, dict] = defaultdict(
        lambda: {"themes_digitised": set(), "end_to_end": 0, "services": 0, "offline": 0}
    )
    for service in services.iterator():
        entry = observed[service.collectivite.code]
        entry["services"] += 1
        if service.level >= THEMES_LEVEL and service.theme:
            entry["themes_digitised"].add(service.theme)
        if service.level >= END_TO_END_LEVEL:
            entry["end_to_end"] += 1
        if service.offline_alternative:
            entry["offline"] += 1
    if not observed:
        return {}, f"Aucun service inventorié pour la campagne « {campaign_name} »."
    fragility = _fragility(list(observed))
    result = {}
    for code, entry in observed.items():
        result[code] = {
            "themes_digitised": entry["themes_digitised"],
            "end_to_end": entry["end_to_end"],
            "fragility": fragility.get(code),
            "offline_alternative_share": entry["offline"] / entry["services"] if entry["services"] else None,
        }
    return result, None


def observed_from_campaign(campaign_name: str) -> dict[str, dict]:
    observed, message = load_observed(campaign_name)
    if message:
        logger.info("survey observed data: %s", message)
    return observed


def _fragility(codes: list[str]) -> dict[str, float]:
    from barometre.referential.models import ContextKind, ContextValue

    values = (ContextValue.objects.filter(kind=ContextKind.DIGITAL_FRAGILITY, collectivite__code__in=codes)
              .order_by("collectivite__code", "year").values_list("collectivite__code", "value"))
    return dict(values)  # the latest year wins
