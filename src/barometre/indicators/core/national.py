"""The national picture of a campaign: distributions, the 2021 survey's figures recomputed,
inequality, correlations with context, the context model and peer groups.

Rows are one per collectivité: {code, name, population, revenue_per_inhabitant, fragility,
density, measured (bool: its portal could be crawled), indicators (see collectivite.py)}.
Collectivités not measured stay out of every denominator and are listed.
"""

from __future__ import annotations

import math

import numpy as np

from . import stats

INDICES = ("sdi", "pqi")
CONTEXT = ("population", "revenue_per_inhabitant", "fragility")


def population_band(population: int | None, bands: list[dict]) -> str | None:
    if population is None:
        return None
    for band in bands:
        if band["max"] is None or population < band["max"]:
            return band["label"]
    return None


def settlement(density: float | None, threshold: float) -> str | None:
    if density is None:
        return None
    return "urbain" if density >= threshold else "rural"


def analyse(rows: list[dict], weights: dict) -> dict:
    measured = [r for r in rows if r.get("measured") and r.get("indicators")]
    ind = [r["indicators"] for r in measured]
    n = len(measured)
    result = {
        "n_collectivites": len(rows),
        "n_measured": n,
        "not_measured": sorted(r["code"] for r in rows if r not in measured),
        "weights_version": weights["version"],
    }
    if not n:
        return result
    result["distributions"] = {key: stats.distribution([i.get(key) for i in ind]) for key in
                               ("sdi", "pqi", "end_to_end", "partial", "services_found", "themes_covered",
                                "catalogue_coverage")}
    result["survey"] = survey_figures(ind, weights)
    result["inequality"] = {key: {"gini": stats.gini([i.get(key) for i in ind]),
                                  "p90_p10": stats.ratio_p90_p10([i.get(key) for i in ind])}
                            for key in ("sdi", "end_to_end", "pqi")}
    result["missing_context"] = {c: sorted(r["code"] for r in measured if r.get(c) is None) for c in CONTEXT}
    b = weights["bootstrap"]
    result["correlations"] = {
        f"{index}~{context}": stats.spearman_ci([r["indicators"].get(index) for r in measured],
                                                [r.get(context) for r in measured],
                                                b["samples"], b["seed"], b["confidence"])
        for index in INDICES for context in CONTEXT
    }
    result["context_model"] = context_model(measured, weights["residual_sd"])
    result["peer_groups"] = peer_groups(measured, weights)
    result["divide_risk"] = divide_risk(measured, weights["divide_risk"])
    return result


def survey_figures(ind: list[dict], weights: dict) -> dict:
    """The 2021 survey's headline figures, recomputed on this campaign."""
    n = len(ind)
    themes = weights["themes"]
    covered = [i["themes_covered"] for i in ind]
    e2e = [i["end_to_end"] for i in ind]
    theme_rows = []
    for t in themes:
        covering = sum(1 for i in ind if t in i["themes_covered_list"])
        theme_rows.append({"theme": t, "collectivites_covering": covering, "share_covering": covering / n,
                           "end_to_end": sum(i["per_theme"][t]["end_to_end"] for i in ind),
                           "partial": sum(i["per_theme"][t]["partial"] for i in ind)})
    ranked = sorted(theme_rows, key=lambda r: (-r["share_covering"], -r["end_to_end"], r["theme"]))
    return {
        "n": n,
        "started": sum(1 for i in ind if i["digitised"] >= 1),
        "share_6_of_7": sum(1 for c in covered if c >= 6) / n,
        "share_2_to_5": sum(1 for c in covered if 2 <= c <= 5) / n,
        "share_below_2": sum(1 for c in covered if c < 2) / n,
        "above_50": sum(1 for x in e2e if x > 50),
        "from_20_to_50": sum(1 for x in e2e if 20 <= x <= 50),
        "below_20": sum(1 for x in e2e if x < 20),
        "below_10": sum(1 for x in e2e if x < 10),
        "themes": theme_rows,
        "most_digitised_themes": [r["theme"] for r in ranked[:2]],
        "least_digitised_themes": [r["theme"] for r in ranked[-4:]][::-1],
    }


def context_model(measured: list[dict], k: float) -> dict:
    """SDI ~ log(population) + revenue per inhabitant + fragility; residuals name who does
    better or worse than their context predicts. Rows missing a variable are left out (listed)."""
    usable = [r for r in measured if r["indicators"].get("sdi") is not None and r.get("population")
              and r.get("revenue_per_inhabitant") is not None and r.get("fragility") is not None]
    excluded = sorted(r["code"] for r in measured if r not in usable)
    if len(usable) < 6:
        return {"n": len(usable), "excluded": excluded,
                "reason": "fewer than 6 collectivités with population, revenue and fragility known"}
    fit = stats.ols([r["indicators"]["sdi"] for r in usable], {
        "log_population": [math.log(r["population"]) for r in usable],
        "revenue_per_inhabitant": [r["revenue_per_inhabitant"] for r in usable],
        "fragility": [r["fragility"] for r in usable],
    })
    sd = float(np.std(fit["residuals"], ddof=1)) if len(usable) > 1 else 0.0
    residuals = [{"code": r["code"], "name": r.get("name", ""), "observed": r["indicators"]["sdi"],
                  "expected": round(e, 1), "residual": round(res, 1)}
                 for r, e, res in zip(usable, fit["fitted"], fit["residuals"], strict=True)]
    residuals.sort(key=lambda x: -x["residual"])
    return {
        "n": len(usable), "excluded": excluded, "coefficients": fit["coefficients"], "r2": fit["r2"],
        "residual_sd": sd, "residuals": residuals,
        "over_performers": [x["code"] for x in residuals if sd and x["residual"] > k * sd],
        "under_performers": [x["code"] for x in residuals if sd and x["residual"] < -k * sd],
    }


def peer_groups(measured: list[dict], weights: dict) -> dict:
    groups: dict[str, dict[str, list[dict]]] = {"population": {}, "settlement": {}}
    for r in measured:
        band = population_band(r.get("population"), weights["population_bands"])
        kind = settlement(r.get("density"), weights["urban_density"])
        if band:
            groups["population"].setdefault(band, []).append(r)
        if kind:
            groups["settlement"].setdefault(kind, []).append(r)
    out = {}
    for family, members in groups.items():
        out[family] = {}
        for label, rs in members.items():
            out[family][label] = {
                "n": len(rs), "codes": sorted(r["code"] for r in rs),
                **{f"median_{k}": stats.distribution([r["indicators"].get(k) for r in rs])["median"]
                   for k in ("sdi", "pqi", "end_to_end", "themes_covered")},
            }
    return out


def peer_group_of(row: dict, weights: dict) -> dict:
    return {"population": population_band(row.get("population"), weights["population_bands"]),
            "settlement": settlement(row.get("density"), weights["urban_density"])}


def divide_risk(measured: list[dict], rule: dict) -> dict:
    """High digitisation + high fragility + no offline alternative shown."""
    sdis = stats.clean([r["indicators"].get("sdi") for r in measured])
    frags = stats.clean([r.get("fragility") for r in measured])
    if not sdis or not frags:
        return {"flagged": [], "reason": "SDI or fragility not known" if sdis else "SDI not known"}
    sdi_cut = float(np.quantile(sdis, rule["sdi_quantile"]))
    frag_cut = float(np.quantile(frags, rule["fragility_quantile"]))
    flagged = []
    for r in measured:
        i = r["indicators"]
        share = i.get("offline_alternative_share")
        if (i.get("sdi") is not None and r.get("fragility") is not None and i["sdi"] >= sdi_cut
                and r["fragility"] >= frag_cut and share is not None and share < rule["offline_share_max"]):
            flagged.append(r["code"])
    return {"sdi_threshold": sdi_cut, "fragility_threshold": frag_cut, "flagged": sorted(flagged)}
