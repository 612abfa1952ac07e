"""The bundled reference data, turned into plain records (no database).

Sources are credited in data/SOURCES.md. The unit is the collectivité exercising
départemental competences: groupings in data/collectivites.yaml fold several départements
into one collectivité (Alsace, Corse) or give one its institutional identity (Paris, Lyon…).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class DepartementRecord:
    code: str
    name: str
    region_code: str
    region_name: str
    zone: str
    chef_lieu: str
    population: int
    communes: int
    portal_url: str | None
    hosts: tuple[str, ...]


@dataclass
class CollectiviteRecord:
    code: str
    name: str
    kind: str
    region_code: str
    region_name: str
    zone: str
    population: int
    portal_url: str | None
    portal_note: str
    hosts: list[str]
    note: str
    departements: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def knowledge() -> dict:
    return yaml.safe_load((DATA / "collectivites.yaml").read_text(encoding="utf-8"))


def departements() -> list[DepartementRecord]:
    with (DATA / "departements_sites_web.csv").open(encoding="utf-8") as f:
        sites = {r["code_insee"]: r for r in csv.DictReader(f)}
    records = []
    with (DATA / "departements_referentiel.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            site = sites.get(r["code_insee"], {})
            records.append(DepartementRecord(
                code=r["code_insee"], name=r["nom"], region_code=r["code_region"],
                region_name=r["region"], zone=r["zone"], chef_lieu=r["chef_lieu_insee"],
                population=int(r["population_municipale"]), communes=int(r["nb_communes"]),
                portal_url=(site.get("site_officiel") or "").strip() or None,
                hosts=tuple((site.get("domaines_vus_aides_jeunes") or "").split()),
            ))
    return records


def geometries() -> dict[str, dict]:
    data = json.loads((DATA / "departements_102_simplifie_01.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["code"]: f["geometry"] for f in data["features"]}


def collectivites() -> list[CollectiviteRecord]:
    """The ~100 collectivités, each with the départements it covers."""
    info = knowledge()
    deps = {d.code: d for d in departements()}
    grouped: dict[str, dict] = {}
    for g in info["groupings"]:
        for code in g["departements"]:
            grouped[code] = g
    result: dict[str, CollectiviteRecord] = {}
    for dep in deps.values():
        group = grouped.get(dep.code)
        code = group["code"] if group else dep.code
        if code in result:
            rec = result[code]
            rec.population += dep.population
            rec.departements.append(dep.code)
            rec.hosts.extend(h for h in dep.hosts if h not in rec.hosts)
            continue
        result[code] = CollectiviteRecord(
            code=code,
            name=group["name"] if group else dep.name,
            kind=group["kind"] if group else "departement",
            region_code=dep.region_code, region_name=dep.region_name, zone=dep.zone,
            population=dep.population, portal_url=dep.portal_url, portal_note="",
            hosts=list(dep.hosts), note=group.get("note", "") if group else "",
            departements=[dep.code],
        )
    for code, fix in info["portals"].items():
        rec = result[code]
        rec.portal_url, rec.portal_note = fix["url"], fix["note"]
    for rec in result.values():
        if not rec.portal_url and not rec.portal_note:
            rec.portal_note = "URL du portail inconnue de l'annuaire 2019."
    excluded = set(info.get("host_exclusions", []))
    order = {code: i for i, code in enumerate(deps)}
    for rec in result.values():
        rec.hosts = [h for h in rec.hosts if h not in excluded]
    return sorted(result.values(), key=lambda r: order[r.departements[0]])


def aliases(source: str) -> dict[str, str]:
    return dict(knowledge().get("aliases", {}).get(source, {}))

# French descriptions of the bundled files (SOURCES.md is written in English for developers).
SOURCES_FR = {
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


@lru_cache(maxsize=1)
def sources() -> list[dict]:
    """The bundled files and their credits, for readers (methodology page, report): the first
    table of data/SOURCES.md (file, what, source, licence; written in English for developers),
    backquotes removed, with the French description and source of each file (SOURCES_FR)."""
    rows = []
    for line in (DATA / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [re.sub(r"\s+", " ", c.strip().replace("`", "")) for c in line.strip("|").split("|")]
        if set("".join(cells)) <= {"-", " ", ":"}:
            continue
        rows.append(cells)
    out = []
    for r in rows[1:]:
        row = dict(zip(("file", "what", "source", "licence"), r, strict=False))
        what, source = SOURCES_FR.get(row["file"], (None, None))
        out.append({"file": row["file"], "what": what, "source": source or row.get("source", ""),
                    "licence": row.get("licence", "")})
    return out
