"""Portal-level summary of the pages audited in a browser, and what stays not measured.

Inputs are the plain per-page results of `barometre.audit.browser.runner` (dicts); the summary
keeps, for every value, the URLs it comes from. Thresholds: knowledge/thresholds.yaml `browser`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .. import knowledge
from .evidence import measure, median, not_measurable, quantile

# Measures only a browser gives, with the section of the export they belong to.
BROWSER_MEASURES = {
    "first_contentful_paint": "speed", "largest_contentful_paint": "speed",
    "cumulative_layout_shift": "speed", "load_event": "speed", "transfer_size": "speed",
    "requests": "speed", "third_party_hosts_live": "security", "ecoindex": "speed",
    "axe_core": "accessibility", "phone_width_layout": "mobile", "tap_targets": "mobile",
    "mixed_content_live": "security", "tls_validity": "security",
}


def _grade(value: float | None, rule: dict) -> str | None:
    if value is None:
        return None
    if value <= rule["good_below"]:
        return "good"
    return "poor" if value > rule["poor_above"] else "needs_improvement"


def _distribution(pages: list[dict], key: str, rule: dict | None = None) -> dict:
    values = [(p["metrics"][key], p["url"]) for p in pages if p["metrics"].get(key) is not None]
    if not values:
        return not_measurable(f"no sampled page reported {key}")
    numbers = [v for v, _ in values]
    out = measure(round(median(numbers), 4), [u for _, u in values], median=round(median(numbers), 4),
                  p90=round(quantile(numbers, 0.9), 4), max=max(numbers),
                  per_page={u: v for v, u in values})
    if rule:
        out["grade"] = _grade(out["median"], rule)
        out["pages_poor"] = [u for v, u in values if v > rule["poor_above"]]
    return out


def _speed(pages: list[dict], limits: dict) -> dict:
    eco = [(p["ecoindex"]["score"], p["ecoindex"]["grade"], p["url"]) for p in pages if p["ecoindex"]]
    eco_median = round(median([s for s, _, _ in eco]), 1) if eco else None
    return {
        "fcp": _distribution(pages, "fcp", limits["fcp"]),
        "lcp": _distribution(pages, "lcp", limits["lcp"]),
        "cls": _distribution(pages, "cls", limits["cls"]),
        "load_event": _distribution(pages, "load_event"),
        "transfer_bytes": _distribution(pages, "transfer_bytes"),
        "requests": _distribution(pages, "requests"),
        "dom_elements": _distribution(pages, "dom_elements"),
        "ecoindex": (measure(eco_median, [u for _, _, u in eco], grade=_eco_grade(eco_median),
                             per_page={u: {"score": s, "grade": g} for s, g, u in eco})
                     if eco else not_measurable("no sampled page loaded")),
    }


def _eco_grade(score: float | None) -> str | None:
    # EcoIndex grade boundaries (GreenIT): A > 80, B > 70, C > 55, D > 40, E > 25, F > 10, else G.
    if score is None:
        return None
    for grade, floor in (("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10)):
        if score > floor:
            return grade
    return "G"


def _axe(pages: list[dict]) -> dict:
    audited = [p for p in pages if p["axe"]]
    if not audited:
        return not_measurable("axe-core did not run on any sampled page")
    rules: dict[str, dict] = {}
    by_impact: Counter = Counter()
    for p in audited:
        for v in p["axe"]["violations"]:
            rule = rules.setdefault(v["id"], {"id": v["id"], "impact": v["impact"], "rgaa": v["rgaa"],
                                              "help": v["help"], "nodes": 0, "pages": []})
            rule["nodes"] += v["nodes"]
            rule["pages"].append(p["url"])
            by_impact[v["impact"]] += v["nodes"]
    failing = sorted(rules.values(), key=lambda r: (-len(r["pages"]), -r["nodes"], r["id"]))
    criteria = sorted({c for r in failing for c in r["rgaa"]}, key=lambda c: tuple(map(int, c.split("."))))
    axe_criteria = sorted({c for cs in knowledge.rgaa()["axe_rules"].values() for c in cs})
    total = knowledge.rgaa()["total_criteria"]
    return measure(sum(r["nodes"] for r in failing), [p["url"] for p in audited],
                   version=audited[0]["axe"].get("version"), pages=len(audited),
                   by_impact={k: by_impact.get(k, 0) for k in ("critical", "serious", "moderate", "minor")},
                   rules=failing, rgaa_criteria_failed=criteria,
                   unmapped_rules=[r["id"] for r in failing if not r["rgaa"]],
                   rgaa_testable={"criteria": len(axe_criteria), "total": total,
                                  "share": round(len(axe_criteria) / total, 3),
                                  "note": "axe-core reaches these RGAA 4.1 criteria only partly; "
                                          "an automated pass never establishes conformity"})


def _mobile(pages: list[dict], limits: dict) -> dict:
    laid = [p for p in pages if p["mobile"]]
    if not laid:
        return {"phone_layout": not_measurable("no sampled page was laid out at phone width"),
                "tap_targets": not_measurable("no sampled page was laid out at phone width")}
    overflow = [p["url"] for p in laid if p["mobile"]["horizontal_overflow"]]
    scaled = [p["url"] for p in laid if p["mobile"]["viewport_meta"] is None]
    small = {p["url"]: p["mobile"]["small_targets"] for p in laid if p["mobile"]["tap_targets_below_min"]}
    total = sum(p["mobile"]["tap_targets"] for p in laid)
    below = sum(p["mobile"]["tap_targets_below_min"] for p in laid)
    below_comfortable = sum(p["mobile"]["tap_targets_below_comfortable"] for p in laid)
    return {
        "phone_layout": measure(not overflow and not scaled, [p["url"] for p in laid],
                                width=limits["phone_width"], pages=len(laid),
                                horizontal_overflow=overflow, desktop_layout_scaled_down=scaled),
        "tap_targets": measure(below, list(small) or [p["url"] for p in laid], total=total,
                               below_min=below, below_comfortable=below_comfortable,
                               min_px=limits["target_min"], comfortable_px=limits["target_comfortable"],
                               share_below_min=round(below / total, 3) if total else None,
                               examples=small),
    }


def _security(pages: list[dict]) -> dict:
    loaded = [p for p in pages if p["network"]]
    https = [p for p in loaded if p["network"]["https"]]
    mixed = [{"page": p["url"], **m} for p in https for m in p["network"]["mixed_content"]]
    third: dict[str, list[str]] = defaultdict(list)
    for p in loaded:
        for host in p["network"]["third_party_hosts"]:
            third[host].append(p["url"])
    tls_checked = [p for p in pages if p["tls_valid"] is not None]
    return {
        "mixed_content_live": (measure(mixed, [m["page"] for m in mixed] or [p["url"] for p in https])
                               if https else not_measurable("no sampled page was served over HTTPS")),
        "third_party_hosts_live": (measure(sorted(third), [u for us in third.values() for u in us],
                                           pages=dict(third)) if loaded
                                   else not_measurable("no sampled page loaded")),
        "tls_valid": (measure(all(p["tls_valid"] for p in tls_checked), [p["url"] for p in tls_checked],
                              invalid=[{"url": p["url"], "error": p["error"]} for p in tls_checked
                                       if not p["tls_valid"]])
                      if tls_checked else not_measurable("no sampled page was requested over HTTPS")),
    }


def summarise_browser(pages: list[dict]) -> dict:
    """One portal's browser results: speed, accessibility (axe), mobile, security; plus the pages."""
    limits = knowledge.thresholds()["browser"]
    ok = [p for p in pages if not p["error"]]
    return {
        "pages": [{k: p[k] for k in ("url", "role", "cue", "status", "error", "duration")} for p in pages],
        "pages_loaded": len(ok),
        "speed": _speed(ok, limits),
        "accessibility": {"axe": _axe(ok)},
        "mobile": _mobile(ok, limits),
        "security": _security(pages),
        "thresholds_source": limits["source"],
    }


def not_measured(static_missing: list[dict], browser: dict | None, reason_if_absent: str) -> list[dict]:
    """The audit's not-measured list: the static one, minus what the browser measured, plus every
    browser measure when the browser did not run (with why)."""
    if browser is None:
        names = {m["measure"] for m in static_missing}
        extra = [{"measure": m, "reason": reason_if_absent} for m in BROWSER_MEASURES if m not in names]
        return [{**m, "reason": f"{m['reason']} ({reason_if_absent})"} for m in static_missing] + extra
    measured = {
        "first_contentful_paint": browser["speed"]["fcp"], "largest_contentful_paint": browser["speed"]["lcp"],
        "cumulative_layout_shift": browser["speed"]["cls"], "load_event": browser["speed"]["load_event"],
        "transfer_size": browser["speed"]["transfer_bytes"], "requests": browser["speed"]["requests"],
        "ecoindex": browser["speed"]["ecoindex"], "axe_core": browser["accessibility"]["axe"],
        "phone_width_layout": browser["mobile"]["phone_layout"], "tap_targets": browser["mobile"]["tap_targets"],
        "mixed_content_live": browser["security"]["mixed_content_live"],
        "third_party_hosts_live": browser["security"]["third_party_hosts_live"],
        "tls_validity": browser["security"]["tls_valid"],
    }
    missing = [{"measure": name, "reason": value["reason"]} for name, value in measured.items()
               if value["value"] is None and value["reason"]]
    static_names = {m["measure"] for m in static_missing}
    kept = [m for m in static_missing if m["measure"] not in measured]
    return kept + [m for m in missing if m["measure"] in static_names or m["measure"] in BROWSER_MEASURES]
