"""`barometre report`: the national report (HTML and PDF) and a one-page profile per collectivité."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from barometre import __version__, glossary
from barometre.crawl.models import Campaign
from barometre.indicators.core.weights import load
from barometre.indicators.models import CollectiviteIndicators, NationalFigures
from barometre.referential import bundled

from . import charts, choropleth, profile
from .labels import NOT_MEASURED_COLOUR, NOT_OBSERVED_COLOUR
from .national import rows as national_rows

CORRELATION_LABELS = {"population": "Population", "revenue_per_inhabitant": "Recettes de fonctionnement par habitant",
                      "fragility": "Fragilité numérique"}


def _font_dir() -> Path:
    import dsfr

    return Path(dsfr.__file__).parent / "static" / "dsfr" / "dist" / "fonts"


def national_context(campaign: Campaign) -> dict:
    national = NationalFigures.objects.get(campaign=campaign)
    values, weights = national.values, load()
    rows = list(CollectiviteIndicators.objects.filter(campaign=campaign).select_related("collectivite")
                .order_by("collectivite__code"))
    measured = [r for r in rows if r.measured]
    survey = values.get("survey") or {}
    bins = Counter(r.values.get("end_to_end_bin") for r in measured)
    bin_rows = [(b["label"], bins.get(b["label"], 0)) for b in weights["end_to_end_bins"]]
    theme_rows = [{"label": glossary.THEME_LABELS[t["theme"]], **t} for t in survey.get("themes", [])]
    drawn = choropleth.build(national_rows(campaign), None, href=lambda code: "")  # the dashboard's map
    on_map = any(a["fill"] not in (NOT_MEASURED_COLOUR, NOT_OBSERVED_COLOUR) for a in drawn["areas"])
    correlations = []
    for key, c in (values.get("correlations") or {}).items():
        index, context = key.split("~")
        correlations.append({"index": index.upper(), "context": CORRELATION_LABELS[context], **c})
    model = values.get("context_model") or {}
    residuals = model.get("residuals") or []
    statements = Counter()
    from barometre.audit.models import PortalAudit

    for audit in PortalAudit.objects.filter(campaign=campaign):
        status = audit.record.statement.status
        statements[glossary.STATEMENT_STATUS_LABELS[status] if status else "aucune déclaration"] += 1
    from barometre.survey.public import declared_vs_observed

    declared = declared_vs_observed(campaign.name)
    if declared:
        for row in declared["national"]["themes"]:
            row["label"] = glossary.THEME_LABELS.get(row["theme"], row["theme"])
    return {
        "declared": declared,
        "campaign": campaign, "national": values, "narrative": national.narrative, "survey": survey,
        "rows": rows, "n_measured": len(measured), "bins": bin_rows,
        "bins_chart": charts.bars(bin_rows, "Collectivités par nombre de services de bout en bout"),
        "themes": theme_rows,
        "themes_chart": charts.bars([(t["label"], round(100 * t["share_covering"])) for t in theme_rows],
                                    "Part des collectivités couvrant chaque thématique", unit=" %", maximum=100),
        "map": choropleth.svg(drawn, "Carte des niveaux de maturité") if on_map else None,
        "map_legend": drawn["legend"], "correlations": correlations, "model": model,
        "top_residuals": residuals[:5], "bottom_residuals": residuals[-5:][::-1] if len(residuals) > 5 else [],
        "statements": sorted(statements.items(), key=lambda kv: -kv[1]),
        "weights": weights, "levels": glossary.LEVEL_LABELS,
        "level_table": [(k, glossary.LEVEL_LABELS[k], glossary.LEVEL_DESCRIPTIONS[k]) for k in glossary.LEVELS],
        "theme_titles": {t: glossary.THEME_LABELS[t] for t in glossary.THEMES}, "sources": bundled.sources(),
        "version": __version__, "font_dir": _font_dir().as_uri(),
        "theme_labels": glossary.THEME_PHRASES,
    }


def profile_context(indicators: CollectiviteIndicators, national: dict) -> dict:
    v = indicators.values
    themes = [(glossary.THEME_LABELS[t], (v.get("per_theme") or {}).get(t, {})) for t in glossary.THEMES]
    peers = (indicators.context or {}).get("peer_groups") or {}
    return {"ind": indicators, "coll": indicators.collectivite, "values": v,
            "comparison": profile.against_peers(indicators, national), "peers": peers,  # the dashboard's comparison
            "themes": themes, "residual": profile.residual(indicators.collectivite.code, national),
            "levels": glossary.LEVEL_LABELS,
            "dimensions": [(glossary.PQI_DIMENSION_LABELS[k], x) for k, x in (v.get("pqi_components") or {}).items()],
            "not_measured_dimensions": [glossary.PQI_DIMENSION_LABELS[k].lower() for k in v.get("pqi_not_measured") or []],
            "counts": [(glossary.LEVEL_LABELS[int(k)], n) for k, n in sorted((v.get("counts_by_level") or {}).items())]}


def render(campaign: Campaign, directory: Path | None = None, pdf: bool = True) -> dict:
    """Write report.html/.pdf and profiles/<code>.html/.pdf; returns the paths written."""
    from weasyprint import HTML

    directory = Path(directory or Path(settings.DATA_DIR) / "reports" / campaign.name)
    (directory / "profiles").mkdir(parents=True, exist_ok=True)
    ctx = national_context(campaign)
    html = render_to_string("report/national.html", ctx)
    written = {"html": directory / "rapport.html"}
    written["html"].write_text(html, encoding="utf-8")
    if pdf:
        written["pdf"] = directory / "rapport.pdf"
        HTML(string=html, base_url=str(directory)).write_pdf(written["pdf"])
    profiles = []
    for ind in ctx["rows"]:
        if not ind.measured:
            continue
        page = render_to_string("report/profile.html", {**profile_context(ind, ctx["national"]), "campaign": campaign,
                                                         "font_dir": ctx["font_dir"], "version": __version__})
        path = directory / "profiles" / f"{ind.collectivite.code}.html"
        path.write_text(page, encoding="utf-8")
        if pdf:
            HTML(string=page, base_url=str(directory)).write_pdf(path.with_suffix(".pdf"))
        profiles.append(path)
    written["profiles"] = profiles
    return written
