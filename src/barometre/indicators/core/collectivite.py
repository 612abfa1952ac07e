"""Indicators of one collectivité for one campaign, from its services and its portal audit."""

from __future__ import annotations

from collections import Counter

DIGITISED = 2  # partial (2-3) or end to end (4)


def end_to_end_bin(count: int, bins: list[dict]) -> str:
    for b in bins:
        if count >= b["min"] and (b["max"] is None or count <= b["max"]):
            return b["label"]
    raise ValueError(f"no bin for {count}")


def _score(levels: list[int], ladder: dict[int, float]) -> float | None:
    return sum(ladder[lv] for lv in levels) / len(levels) if levels else None


def service_indicators(services: list[dict], weights: dict, *, losi: bool = False) -> dict:
    """Counts, themes, catalogue coverage and the SDI from a collectivité's services.

    Each service is a dict with `theme`, `level` (0–4; 0 = catalogue service not found),
    `relay`, `catalogue_id`, `offline_alternative`, `franceconnect`. With `losi`, a relayed
    service counts as digitised through a link (at `relay_losi_level` at least).
    """
    ladder, themes = weights["ladder"], weights["themes"]

    def level(s: dict) -> int:
        if losi and s.get("relay") and s["level"] >= 1:
            return max(s["level"], weights["relay_losi_level"])
        return s["level"]

    found = [s for s in services if s["level"] >= 1]
    counts = Counter(level(s) for s in services)
    per_theme = {}
    for theme in themes:
        rows = [s for s in found if s["theme"] == theme]
        levels = [level(s) for s in rows]
        per_theme[theme] = {
            "services": len(rows), "max_level": max(levels, default=0),
            "end_to_end": sum(1 for lv in levels if lv == 4),
            "partial": sum(1 for lv in levels if lv in (2, 3)),
            "score": round(100 * _score(levels, ladder), 1) if levels else None,
        }
    covered = [t for t in themes if per_theme[t]["max_level"] >= weights["theme_covered_level"]]
    catalogue = [s for s in services if s.get("catalogue_id")]
    catalogue_levels = [level(s) for s in catalogue]
    cat_score = _score(catalogue_levels, ladder)
    all_score = _score([level(s) for s in found], ladder)
    components = {
        "catalogue": cat_score,
        "themes": len(covered) / len(themes),
        "extras": all_score,
    }
    sdi = _weighted(components, weights["sdi"])
    digitised = [s for s in found if level(s) >= DIGITISED]
    e2e = counts.get(4, 0)
    return {
        "counts_by_level": {lv: counts.get(lv, 0) for lv in range(5)},
        "services_found": len(found),
        "end_to_end": e2e,
        "partial": counts.get(2, 0) + counts.get(3, 0),
        "end_to_end_bin": end_to_end_bin(e2e, weights["end_to_end_bins"]),
        "themes_covered": len(covered),
        "themes_covered_list": covered,
        "per_theme": per_theme,
        "catalogue_entries": len(catalogue),
        "catalogue_found": sum(1 for lv in catalogue_levels if lv >= 1),
        "catalogue_coverage": (round(sum(1 for lv in catalogue_levels if lv >= 1) / len(catalogue), 4)
                               if catalogue else None),
        "relays": sum(1 for s in found if s.get("relay")),
        "digitised": len(digitised),
        "offline_alternative_share": (round(sum(1 for s in digitised if s.get("offline_alternative"))
                                            / len(digitised), 4) if digitised else None),
        "franceconnect_share": (round(sum(1 for s in digitised if s.get("franceconnect")) / len(digitised), 4)
                                if digitised else None),
        "sdi": round(sdi, 1) if sdi is not None else None,
        "sdi_components": {k: (round(v, 4) if v is not None else None) for k, v in components.items()},
    }


def _weighted(components: dict[str, float | None], weights: dict[str, float]) -> float | None:
    """100 × weighted mean of the measurable components; None when none is measurable."""
    known = {k: v for k, v in components.items() if v is not None and weights.get(k)}
    total = sum(weights[k] for k in known)
    if not total:
        return None
    return 100 * sum(weights[k] * v for k, v in known.items()) / total


def portal_quality(dimensions: dict[str, float | None], weights: dict) -> dict:
    """PQI (0–100) from dimension scores in [0, 1]; None dimensions leave the denominator."""
    pqi = _weighted(dimensions, weights["pqi"])
    return {
        "pqi": round(pqi, 1) if pqi is not None else None,
        "pqi_components": {k: (round(v, 4) if v is not None else None) for k, v in dimensions.items()},
        "pqi_not_measured": sorted(k for k, v in dimensions.items() if v is None),
    }


def tier(sdi: float | None, pqi: float | None, tiers: list[dict]) -> str | None:
    """The first tier whose minimums are met; PQI not measurable → judged on the SDI alone."""
    if sdi is None:
        return None
    for t in tiers:
        if sdi >= t["sdi_min"] and (pqi is None or pqi >= t["pqi_min"]):
            return t["label"]
    return tiers[-1]["label"]


def indicators(services: list[dict], dimensions: dict[str, float | None], weights: dict) -> dict:
    """Everything the campaign stores for one collectivité."""
    result = service_indicators(services, weights)
    losi = service_indicators(services, weights, losi=True)
    result["losi"] = {k: losi[k] for k in ("end_to_end", "partial", "digitised", "themes_covered", "sdi")}
    result.update(portal_quality(dimensions, weights))
    result["tier"] = tier(result["sdi"], result["pqi"], weights["tiers"])
    result["weights_version"] = weights["version"]
    return result
