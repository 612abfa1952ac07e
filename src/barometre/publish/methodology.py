"""What the methodology page shows, read from the versioned knowledge files themselves."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from barometre import METHOD_VERSION
from barometre.detect.core.knowledge import load_knowledge
from barometre.indicators.core.weights import load as load_weights

SOURCES = Path(__file__).resolve().parents[1] / "referential" / "data" / "SOURCES.md"
# French descriptions of the bundled files (SOURCES.md is written in English for developers).
FRENCH = {
    "departements_referentiel.csv": (
        "Les 102 départements (le Rhône divisé en 69D et 69M) : nom, région, zone, chef-lieu, nature de "
        "la collectivité, population municipale (somme des communes, COG 2026), nombre de communes",
        "INSEE, Code officiel géographique, via @etalab/decoupage-administratif 6.0.0"),
    "departements_sites_web.csv": (
        "URL du portail officiel de 85 des 102 départements (millésime 2019, corrigé dans le référentiel) "
        "et hôtes de téléservices liés",
        "Annuaire de l’administration (service-public.fr), via okfnfr/dada-france-authorities"),
    "departements_102_simplifie_01.geojson": (
        "Contours simplifiés des 102 départements (WGS84), outre-mer à leur position réelle",
        "IGN Admin Express COG 2018, via gregoiredavid/france-geojson, simplifié (0,01°)"),
}
SCOPES = {"core": "compétence obligatoire", "shared": "compétence partagée ou facultative",
          "regional": "transférée aux Régions"}


@lru_cache(maxsize=1)
def sources() -> list[dict]:
    """The first table of SOURCES.md (file, what, source, licence), backquotes removed."""
    rows = []
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip().replace("`", "") for c in line.strip("|").split("|")]
        if set("".join(cells)) <= {"-", " ", ":"}:
            continue
        rows.append(cells)
    out = []
    for r in rows[1:]:
        row = dict(zip(("file", "what", "source", "licence"), r, strict=False))
        what, source = FRENCH.get(row["file"], (None, None))
        out.append({"file": row["file"], "what": what, "source": source or row.get("source", ""),
                    "licence": row.get("licence", "")})
    return out


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
