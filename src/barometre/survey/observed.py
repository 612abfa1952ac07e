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
    try:
        from barometre.detect import models as detect_models
    except ImportError:
        return {}, "L'inventaire des services (barometre.detect) n'est pas encore disponible."
    service_model = getattr(detect_models, "Service", None)
    if service_model is None:
        return {}, "L'inventaire des services (barometre.detect) n'a pas encore de modèle Service."
    services = service_model.objects.filter(campaign__name=campaign_name).select_related("collectivite")
    observed: dict[str, dict] = defaultdict(
        lambda: {"themes_digitised": set(), "end_to_end": 0, "services": 0, "offline": 0}
    )
    has_offline = any(f.name == "offline_alternative" for f in service_model._meta.get_fields())
    for service in services.iterator():
        entry = observed[service.collectivite.code]
        entry["services"] += 1
        if service.level >= THEMES_LEVEL and service.theme:
            entry["themes_digitised"].add(service.theme)
        if service.level >= END_TO_END_LEVEL:
            entry["end_to_end"] += 1
        if has_offline and service.offline_alternative:
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
            "offline_alternative_share": (entry["offline"] / entry["services"]
                                          if has_offline and entry["services"] else None),
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
