"""The national picture of a campaign, as plain data for the page and the API."""

from __future__ import annotations

from barometre.crawl.models import Campaign
from barometre.glossary import THEME_LABELS, THEMES, TIERS
from barometre.indicators.core.weights import load as load_weights
from barometre.indicators.models import CollectiviteIndicators
from barometre.typography import matches, sort_key

from .labels import INDICATORS

SORT_KEYS = {"nom": "name", "code": "code", "niveau": "tier_order", "sdi": "sdi", "pqi": "pqi",
             "bout_en_bout": "end_to_end", "partiels": "partial", "thematiques": "themes_covered",
             "population": "population"}
# The 2021-22 survey of the 100 collectivités, for the recomputed figures.
SURVEY_2021 = {"share_6_of_7": "deux tiers", "share_2_to_5": "un tiers", "above_50": "6",
               "below_10": "47 à 48 (environ la moitié)"}


def rows(campaign: Campaign) -> list[dict]:
    """One flat row per collectivité of the campaign (measured or not)."""
    out = []
    qs = (CollectiviteIndicators.objects.filter(campaign=campaign).select_related("collectivite")
          .only("measured", "not_measured_reason", "sdi", "pqi", "tier", "end_to_end", "partial",
                "services_found", "themes_covered", "values", "context", "collectivite__code",
                "collectivite__name", "collectivite__region_name", "collectivite__population",
                "collectivite__kind").prefetch_related("collectivite__departements"))
    for i in qs:
        c = i.collectivite
        peers = (i.context or {}).get("peer_groups") or {}
        out.append({
            "code": c.code, "name": c.name, "region": c.region_name, "kind": c.kind,
            "population": c.population, "measured": i.measured, "not_measured_reason": i.not_measured_reason,
            "sdi": i.sdi, "pqi": i.pqi, "tier": i.tier, "tier_order": TIERS.index(i.tier) if i.tier in TIERS else None,
            "end_to_end": i.end_to_end, "partial": i.partial, "services_found": i.services_found,
            "themes_covered": i.themes_covered, "end_to_end_bin": (i.values or {}).get("end_to_end_bin"),
            "per_theme": (i.values or {}).get("per_theme") or {},
            "themes_covered_list": (i.values or {}).get("themes_covered_list") or [],
            "population_band": peers.get("population"), "settlement": peers.get("settlement"),
            # what the search reads: name, code, région, départements (names and codes)
            "search": " ".join([c.name, c.code, c.region_name or "", *(f"{d.code} {d.name}" for d in c.departements.all())]),
        })
    out.sort(key=lambda r: r["code"])
    return out


def sort_rows(table: list[dict], key: str, descending: bool) -> list[dict]:
    """Sort on a column, ties in alphabetical order of names; missing values always last."""
    field = SORT_KEYS.get(key, "code")
    present = [r for r in table if r.get(field) is not None]
    missing = sorted((r for r in table if r.get(field) is None), key=lambda r: sort_key(r["name"]))
    present.sort(key=lambda r: sort_key(r["name"]))
    present.sort(key=lambda r: r[field] if not isinstance(r[field], str) else sort_key(r[field]), reverse=descending)
    return present + missing


def search(table: list[dict], query: str) -> list[dict]:
    """The rows whose name, code, région or départements hold every word of the query."""
    return [r for r in table if matches(query, r["search"])] if query.strip() else table


def ranked(table: list[dict]) -> list[dict]:
    """Raw ranking by SDI (only shown on explicit request): ties share a rank."""
    order = sorted((r for r in table if r["sdi"] is not None), key=lambda r: -r["sdi"])
    ranks, previous, rank = {}, None, 0
    for position, r in enumerate(order, start=1):
        if r["sdi"] != previous:
            rank, previous = position, r["sdi"]
        ranks[r["code"]] = rank
    return [{**r, "rank": ranks.get(r["code"])} for r in table]


def end_to_end_distribution(table: list[dict]) -> list[dict]:
    """Measured collectivités per end-to-end bin, in the survey's order (>50 … <10)."""
    bins = [b["label"] for b in load_weights()["end_to_end_bins"]]
    measured = [r for r in table if r["measured"]]
    out = []
    for label in bins:
        members = [r for r in measured if r["end_to_end_bin"] == label]
        out.append({"label": label, "count": len(members),
                    "share": len(members) / len(measured) if measured else None})
    top = max((b["count"] for b in out), default=0)
    for b in out:
        b["width"] = round(100 * b["count"] / top) if top else 0
    return out


def heat_map(table: list[dict]) -> list[dict]:
    """Per measured collectivité, the highest level reached in each of the 7 themes."""
    out = []
    for r in sorted((r for r in table if r["measured"]), key=lambda r: sort_key(r["name"])):
        cells = []
        for theme in THEMES:
            t = r["per_theme"].get(theme)
            cells.append({"theme": theme, "level": t.get("max_level") if t else None,
                          "services": t.get("services") if t else 0,
                          "covered": theme in r["themes_covered_list"]})
        out.append({"code": r["code"], "name": r["name"], "cells": cells})
    return out


def level_counts_by_theme(heat: list[dict]) -> list[dict]:
    """For the heat map's summary: how many collectivités reach each level, per theme, and how
    many cover it (the indicators' rule, `theme_covered_level` of the weights)."""
    out = []
    for i, theme in enumerate(THEMES):
        counts = {level: 0 for level in range(5)}
        for row in heat:
            level = row["cells"][i]["level"]
            counts[level if level is not None else 0] += 1
        out.append({"theme": theme, "label": THEME_LABELS[theme], "counts": [counts[k] for k in range(5)],
                    "covered": sum(1 for row in heat if row["cells"][i]["covered"])})
    return out


def peer_groups(values: dict) -> dict[str, list[dict]]:
    """Peer-group medians, population bands in increasing order."""
    weights = load_weights()
    groups = values.get("peer_groups") or {}
    order = [b["label"] for b in weights["population_bands"]]
    pop = groups.get("population") or {}
    settlement = groups.get("settlement") or {}
    return {
        "population": [{"label": k, **pop[k]} for k in order if k in pop],
        "settlement": [{"label": k, **settlement[k]} for k in ("urbain", "rural") if k in settlement]
        + [{"label": k, **v} for k, v in settlement.items() if k not in ("urbain", "rural")],
    }


def survey(values: dict) -> list[dict]:
    """The survey's headline figures recomputed, beside the 2021-22 ones."""
    s = values.get("survey") or {}
    if not s:
        return []
    n = s.get("n") or 0
    return [
        {"label": "Collectivités couvrant au moins 6 thématiques sur 7", "value": s.get("share_6_of_7"),
         "kind": "share", "reference": SURVEY_2021["share_6_of_7"]},
        {"label": "Collectivités couvrant seulement 2 à 5 thématiques", "value": s.get("share_2_to_5"),
         "kind": "share", "reference": SURVEY_2021["share_2_to_5"]},
        {"label": "Collectivités proposant plus de 50 services de bout en bout", "value": s.get("above_50"),
         "kind": "count", "reference": SURVEY_2021["above_50"]},
        {"label": "Collectivités proposant de 20 à 50 services de bout en bout", "value": s.get("from_20_to_50"),
         "kind": "count", "reference": "—"},
        {"label": "Collectivités proposant moins de 10 services de bout en bout", "value": s.get("below_10"),
         "kind": "count", "reference": SURVEY_2021["below_10"]},
        {"label": "Collectivités ayant engagé la numérisation (au moins un service en ligne)",
         "value": s.get("started"), "kind": "count", "reference": "toutes", "of": n},
    ]


def indicator_choices() -> list[tuple[str, str]]:
    return [("", "Niveau de maturité (par défaut)")] + [(k, v["label"]) for k, v in INDICATORS.items()]
