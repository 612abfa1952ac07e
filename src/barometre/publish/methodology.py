"""What the methodology page shows, read from the versioned knowledge files themselves."""

from __future__ import annotations

import re

from barometre import METHOD_VERSION
from barometre.detect.core.knowledge import load_knowledge
from barometre.indicators.core.weights import load as load_weights

SCOPES = {"core": "compétence obligatoire", "shared": "compétence partagée ou facultative",
          "regional": "transférée aux Régions"}


def catalogue() -> list[dict]:
    knowledge = load_knowledge()
    return [{"id": e.id, "label": e.label, "theme": e.theme, "scope": SCOPES.get(e.scope, e.scope),
             "relay": e.default_relay, "synonyms": ", ".join(e.synonyms[:6])} for e in knowledge.catalogue]


def versions() -> dict:
    knowledge = load_knowledge()
    weights = load_weights()
    return {"method": METHOD_VERSION, "weights": weights["version"], **{
        f"detect_{k}": v for k, v in knowledge.versions.items()}}


def weights_view() -> dict:
    w = load_weights()
    return {"ladder": sorted(w["ladder"].items()), "sdi": w["sdi"], "pqi": w["pqi"], "tiers": w["tiers"],
            "bins": w["end_to_end_bins"], "bands": w["population_bands"], "urban_density": w["urban_density"],
            "divide_risk": w["divide_risk"], "covered_level": w["theme_covered_level"],
            "losi_level": w["relay_losi_level"], "version": w["version"]}


def safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name)
