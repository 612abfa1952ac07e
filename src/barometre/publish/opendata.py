"""`barometre export`: a campaign as open data — CSV, Parquet and JSON, described by a
Frictionless data package (Table Schema, Licence Ouverte 2.0, sources, method version).

Every table, CSV and Parquet alike, carries an explicit Table Schema: types, primary and foreign
keys, and enums and ranges taken from the knowledge the values come from (themes, relays and
platforms from detect/knowledge, levels, tiers, bins and peer groups from weights.yaml, statement
statuses from the audit cues), so that a campaign's data validates whatever its values happen to
look like (nothing is left to type inference)."""

from __future__ import annotations

import csv
import json
import threading
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from barometre import __version__
from barometre.crawl.models import Campaign
from barometre.indicators.core.national import settlement
from barometre.indicators.core.weights import load
from barometre.indicators.models import CollectiviteIndicators, NationalFigures
from barometre.referential import export as referential_export
from barometre.referential.imports import FRAGILITY_RANGE
from barometre.referential.models import Collectivite, Kind

from .methodology import safe_name

LICENCE = {"name": "etalab-2.0", "title": "Licence Ouverte / Open Licence 2.0",
           "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
SOURCES = [
    {"title": "Portails des collectivités, collectés par Baromètre (fichiers WARC de la campagne)"},
    {"title": "Code officiel géographique (INSEE), via @etalab/decoupage-administratif", "license": "etalab-2.0"},
    {"title": "Annuaire de l'administration (service-public.fr)", "license": "etalab-2.0"},
    {"title": "IGN Admin Express, via gregoiredavid/france-geojson", "license": "etalab-2.0"},
]

# (name, type, description) per column; the type is a Table Schema type.
TABLES: dict[str, list[tuple[str, str, str]]] = {
    "collectivites": [
        ("code", "string", "Code de la collectivité (COG : 01…976, 6AE, 20R, 75C, 69D, 69M)"),
        ("name", "string", "Nom"), ("kind", "string", "Nature juridique"),
        ("departements", "string", "Départements couverts (séparés par des espaces)"),
        ("region_code", "string", "Code région"), ("region_name", "string", "Région"),
        ("population", "integer", "Population municipale (somme des communes, COG 2026)"),
        ("portal_url", "string", "URL du portail"),
        ("operating_revenue_per_inhabitant", "number", "Recettes de fonctionnement par habitant (€)"),
        ("digital_fragility", "number", "Indice de fragilité numérique"),
    ],
    "services": [
        ("collectivite", "string", "Code de la collectivité"), ("service", "string", "Intitulé du service"),
        ("theme", "string", "Thématique"), ("level", "integer", "Niveau (0 absent … 4 de bout en bout)"),
        ("relay", "string", "Opérateur vers lequel le service renvoie (relais)"),
        ("platform", "string", "Plateforme"), ("catalogue_id", "string", "Entrée du catalogue de référence"),
        ("page_url", "string", "Page qui présente le service"), ("entry_url", "string", "Point d'entrée de la démarche"),
        ("urls", "string", "Toutes les URL liées (JSON)"), ("franceconnect", "boolean", "FranceConnect proposé"),
        ("offline_alternative", "boolean", "Alternative hors ligne affichée"),
        ("evidence", "string", "Indices et URL qui fondent les décisions (JSON)"),
        ("confidence", "number", "Confiance (0–1)"),
        ("service_id", "string", "Identifiant de la ligne dans cet export (code de la collectivité et rang)"),
    ],
    "indicators": [
        ("collectivite", "string", "Code de la collectivité"), ("measured", "boolean", "Portail mesuré"),
        ("not_measured_reason", "string", "Raison si non mesuré"),
        ("sdi", "number", "Indice de numérisation des services (0–100)"),
        ("sdi_losi", "number", "Indice de numérisation, relais comptés comme numérisés (lecture ONU LOSI)"),
        ("pqi", "number", "Indice de qualité du portail (0–100)"), ("tier", "string", "Niveau de maturité"),
        ("services_found", "integer", "Services trouvés"), ("end_to_end", "integer", "Services de bout en bout"),
        ("partial", "integer", "Services partiellement numérisés"),
        ("end_to_end_bin", "string", "Classe du nombre de services de bout en bout"),
        ("themes_covered", "integer", "Thématiques couvertes sur 7 (niveau ≥ 2)"),
        ("catalogue_coverage", "number", "Part du catalogue trouvée"), ("relays", "integer", "Services relais"),
        ("offline_alternative_share", "number", "Part des services numérisés affichant une alternative hors ligne"),
        ("population_band", "string", "Groupe de pairs : population"),
        ("settlement", "string", "Groupe de pairs : urbain / rural"),
        ("weights_version", "string", "Version des pondérations"), ("method_version", "string", "Version de la méthode"),
    ],
    "audits": [
        ("collectivite", "string", "Code de la collectivité"), ("home_url", "string", "Page d'accueil auditée"),
        ("statement_status", "string", "Statut de la déclaration d'accessibilité"),
        ("statement_rate", "number", "Taux de conformité RGAA déclaré (%)"),
        ("statement_date", "string", "Date de la déclaration"), ("statement_url", "string", "URL de la déclaration"),
        ("viewport_meta", "boolean", "Balise viewport sur l'accueil"), ("franceconnect", "boolean", "FranceConnect proposé"),
        ("ttfb_median", "number", "Temps de première réponse médian (s)"), ("speed_grade", "string", "Note de rapidité"),
        ("https", "boolean", "HTTPS"), ("contact_channels", "integer", "Canaux de contact trouvés"),
        ("broken_links", "integer", "Liens internes cassés"), ("error_pages", "integer", "Pages en erreur"),
        ("slow_pages", "integer", "Pages lentes (> 0,8 s)"), ("not_measured", "string", "Mesures absentes (JSON)"),
    ],
    "declared_observed": [
        ("collectivite", "string", "Code de la collectivité"),
        ("both", "string", "Thématiques déclarées numérisées et observées (JSON ; vide si confidentiel)"),
        ("declared_only", "string", "Thématiques déclarées seulement (JSON ; vide si confidentiel)"),
        ("observed_only", "string", "Thématiques observées seulement (JSON ; vide si confidentiel)"),
        ("declared_end_to_end", "integer", "Services de bout en bout déclarés (vide si confidentiel)"),
        ("observed_end_to_end", "integer", "Services de bout en bout observés"),
    ],
    "themes": [
        ("theme", "string", "Thématique"), ("collectivites_covering", "integer", "Collectivités qui la couvrent"),
        ("share_covering", "number", "Part des collectivités mesurées qui la couvrent"),
        ("end_to_end", "integer", "Services de bout en bout"), ("partial", "integer", "Services partiels"),
    ],
}


# Primary keys; every `collectivite` column refers to collectivites.code.
PRIMARY_KEYS = {"collectivites": ["code"], "services": ["service_id"], "indicators": ["collectivite"],
                "audits": ["collectivite"], "declared_observed": ["collectivite"], "themes": ["theme"]}


def constraints() -> dict[str, dict[str, dict]]:
    """Table → column → Table Schema constraints, from the knowledge that produces the values."""
    from barometre.audit.knowledge.loader import cues as audit_cues
    from barometre.detect.core.knowledge import load_knowledge

    weights, knowledge = load(), load_knowledge()
    share, score = {"minimum": 0, "maximum": 1}, {"minimum": 0, "maximum": 100}
    count = {"minimum": 0}
    counts = dict.fromkeys(("services_found", "end_to_end", "partial", "relays", "contact_channels", "broken_links",
                            "error_pages", "slow_pages", "collectivites_covering", "declared_end_to_end",
                            "observed_end_to_end"), count)
    low, high = FRAGILITY_RANGE
    return {
        "collectivites": {"kind": {"required": True, "enum": list(Kind.values)}, "population": {"minimum": 1},
                          "operating_revenue_per_inhabitant": count,
                          "digital_fragility": {"minimum": low, "maximum": high}},
        "services": {"collectivite": {"required": True}, "service": {"required": True},
                     "theme": {"required": True, "enum": list(knowledge.theme_keywords)},
                     "level": {"required": True, "enum": sorted(weights["ladder"])},
                     "relay": {"enum": list(knowledge.relay_text_cues)},
                     "platform": {"enum": list(knowledge.platforms)}, "confidence": share},
        "indicators": {**counts, "measured": {"required": True}, "sdi": score, "sdi_losi": score, "pqi": score,
                       "tier": {"enum": [t["label"] for t in weights["tiers"]]},
                       "end_to_end_bin": {"enum": [b["label"] for b in weights["end_to_end_bins"]]},
                       "themes_covered": {"minimum": 0, "maximum": len(weights["themes"])},
                       "catalogue_coverage": share, "offline_alternative_share": share,
                       "population_band": {"enum": [b["label"] for b in weights["population_bands"]]},
                       "settlement": {"enum": sorted({settlement(d, weights["urban_density"])
                                                      for d in (0, weights["urban_density"])})}},
        "audits": {**counts, "statement_status": {"enum": list(audit_cues()["statement"]["status_phrases"])},
                   "statement_rate": score, "ttfb_median": count,
                   "speed_grade": {"enum": list(weights["speed_grades"])}},
        "declared_observed": counts,
        "themes": {**counts, "theme": {"enum": list(weights["themes"])}, "share_covering": share},
    }


def schema(table: str, parquet: bool = False, rules: dict | None = None) -> dict:
    """The Table Schema of one table, as CSV or as Parquet (whose foreign key points to the
    Parquet collectivités)."""
    rules = rules if rules is not None else constraints()
    fields = []
    for name, kind, description in TABLES[table]:
        field = {"name": name, "type": kind, "description": description}
        if kind == "boolean":
            field |= {"trueValues": ["True"], "falseValues": ["False"]}
        if name in rules[table]:
            field["constraints"] = rules[table][name]
        if parquet and kind in ("integer", "number"):
            # Readers going through pandas (frictionless among them) see a Parquet null as NaN.
            field["missingValues"] = ["", "nan"]
        fields.append(field)
    out = {"fields": fields, "missingValues": [""], "primaryKey": PRIMARY_KEYS[table]}
    if any(name == "collectivite" for name, _, _ in TABLES[table]):
        out["foreignKeys"] = [{"fields": ["collectivite"],
                               "reference": {"resource": "collectivites-parquet" if parquet else "collectivites",
                                             "fields": ["code"]}}]
    return out


def table_rows(campaign: Campaign) -> dict[str, list[dict]]:
    from barometre.audit.models import PortalAudit
    from barometre.detect.export import rows as service_rows

    indicators = []
    for i in CollectiviteIndicators.objects.filter(campaign=campaign).select_related("collectivite"):
        v, peers = i.values, i.context.get("peer_groups", {})
        indicators.append({
            "collectivite": i.collectivite.code, "measured": i.measured, "not_measured_reason": i.not_measured_reason,
            "sdi": i.sdi, "sdi_losi": (v.get("losi") or {}).get("sdi"), "pqi": i.pqi, "tier": i.tier or None,
            "services_found": i.services_found, "end_to_end": i.end_to_end, "partial": i.partial,
            "end_to_end_bin": v.get("end_to_end_bin"), "themes_covered": i.themes_covered,
            "catalogue_coverage": v.get("catalogue_coverage"), "relays": v.get("relays"),
            "offline_alternative_share": v.get("offline_alternative_share"),
            "population_band": peers.get("population"), "settlement": peers.get("settlement"),
            "weights_version": i.weights_version, "method_version": i.method_version,
        })
    audits = [_audit_row(a) for a in PortalAudit.objects.filter(campaign=campaign).select_related("collectivite")]
    national = NationalFigures.objects.filter(campaign=campaign).first()
    themes = (national.values.get("survey") or {}).get("themes", []) if national else []
    from barometre.survey.public import declared_vs_observed

    declared = declared_vs_observed(campaign.name)
    declared_rows = [{"collectivite": code, **row} for code, row in sorted((declared or {}).get("rows", {}).items())]
    services, rank = list(service_rows(campaign)), Counter()
    for row in services:
        rank[row["collectivite"]] += 1
        row["service_id"] = f"{row['collectivite']}-{rank[row['collectivite']]:04d}"
    tables = {"services": services, "indicators": indicators, "audits": audits, "declared_observed": declared_rows}
    # Every collectivité another table refers to is described, so each foreign key resolves.
    codes = {row["collectivite"] for rows in tables.values() for row in rows}
    colls = referential_export.rows(Collectivite.objects.filter(code__in=codes))
    for row in colls:
        row["departements"] = " ".join(row["departements"])
    return {"collectivites": colls, **tables, "themes": themes}


def _audit_row(audit) -> dict:
    r = audit.record
    return {
        "collectivite": audit.collectivite.code, "home_url": audit.home_url, "statement_status": r.statement.status,
        "statement_rate": r.statement.rate, "statement_date": r.statement.date, "statement_url": r.statement.url,
        "viewport_meta": r.viewport_meta, "franceconnect": r.franceconnect,
        "ttfb_median": r.ttfb_median, "speed_grade": r.speed_grade,
        "https": r.https, "contact_channels": r.channel_count,
        "broken_links": r.broken_links, "error_pages": r.error_pages, "slow_pages": r.slow_pages,
        "not_measured": audit.not_measured,
    }


def _cell(value, kind: str):
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)  # the same bytes on every database
    if kind == "string" and value is not None and not isinstance(value, str):
        return str(value)
    return value


def export(campaign: Campaign, directory: Path) -> dict:
    """Write every table as CSV + Parquet, the national figures as JSON, and datapackage.json."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    data = table_rows(campaign)
    rules = constraints()
    resources = []
    for name, columns in TABLES.items():
        names = [c[0] for c in columns]
        rows = [{c: _cell(r.get(c), kind) for c, kind, _ in columns} for r in data[name]]
        with (directory / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        arrow_types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}
        arrow_schema = pa.schema([(c, arrow_types[kind]) for c, kind, _ in columns])
        pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema), directory / f"{name}.parquet")
        resources.append({"name": name, "path": f"{name}.csv", "format": "csv",
                          "mediatype": "text/csv", "encoding": "utf-8", "schema": schema(name, False, rules)})
        resources.append({"name": f"{name}-parquet", "path": f"{name}.parquet", "format": "parquet",
                          "mediatype": "application/vnd.apache.parquet",
                          "description": f"Même table que {name}.csv, colonnes typées (Parquet).",
                          "schema": schema(name, True, rules)})
    national = NationalFigures.objects.filter(campaign=campaign).first()
    (directory / "national.json").write_text(json.dumps({
        "campaign": campaign.name, "date": campaign.date.isoformat(), "method_version": campaign.method_version,
        "figures": national.values if national else None, "narrative": national.narrative if national else [],
    }, ensure_ascii=False, indent=1, default=str, sort_keys=True), encoding="utf-8")
    resources.append({"name": "national", "path": "national.json", "format": "json", "mediatype": "application/json"})
    package = {
        "name": f"barometre-{campaign.name.lower().replace(' ', '-')}",
        "title": f"Baromètre du numérique des Départements — campagne {campaign.name}",
        "description": "Services en ligne des collectivités à compétences départementales, leur niveau de "
                       "numérisation, l'audit de leurs portails et les indicateurs qui en découlent.",
        "version": campaign.method_version,
        "created": f"{campaign.date.isoformat()}T00:00:00Z",
        "licenses": [LICENCE], "sources": SOURCES,
        "keywords": ["départements", "services publics en ligne", "numérique", "accessibilité"],
        "barometre": {"software_version": __version__, "method_version": campaign.method_version,
                      "weights_version": load()["version"], "campaign": campaign.name},
        "resources": resources,
    }
    (directory / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1), encoding="utf-8")
    return {name: len(data[name]) for name in TABLES}


# The dashboard's downloads: the package `barometre export` writes into DATA_DIR/opendata/<campaign>/,
# generated on first request when absent or older than the figures.

_lock = threading.Lock()
DESCRIPTIONS = {"datapackage.json": "Description Frictionless du paquet (schémas, licence, sources)",
                "national.json": "Chiffres nationaux et phrases de synthèse"}


def directory(campaign) -> Path:
    return Path(settings.DATA_DIR) / "opendata" / safe_name(campaign.name)


def ensure(campaign) -> Path:
    folder = directory(campaign)
    package = folder / "datapackage.json"
    computed = campaign.national.computed_at.timestamp()
    with _lock:
        if not package.exists() or package.stat().st_mtime < computed:
            export(campaign, folder)
    return folder


def files(campaign) -> list[dict]:
    folder = ensure(campaign)
    out = []
    for path in sorted(folder.iterdir()):
        if path.is_file():
            stem = path.stem
            out.append({"name": path.name, "size": path.stat().st_size, "format": path.suffix.lstrip(".").upper(),
                        "description": DESCRIPTIONS.get(path.name, f"Table «\u00a0{stem}\u00a0»")})
    return out
