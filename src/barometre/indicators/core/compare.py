"""What changed between two campaigns: services new, gone, changed level; indicator deltas."""

from __future__ import annotations

from collections import defaultdict

DELTA_KEYS = ("sdi", "pqi", "end_to_end", "partial", "themes_covered", "services_found", "catalogue_coverage")


def service_key(s: dict) -> str:
    return f"catalogue:{s['catalogue_id']}" if s.get("catalogue_id") else f"page:{s.get('page_url') or s['service']}"


def compare(services_a: list[dict], services_b: list[dict], indicators_a: dict[str, dict],
            indicators_b: dict[str, dict], method_a: str, method_b: str) -> dict:
    """Services carry `collectivite`, `service`, `theme`, `level`, `catalogue_id`, `page_url`."""
    a = {(s["collectivite"], service_key(s)): s for s in services_a if s["level"] >= 1}
    b = {(s["collectivite"], service_key(s)): s for s in services_b if s["level"] >= 1}
    new = [b[k] for k in sorted(b.keys() - a.keys())]
    gone = [a[k] for k in sorted(a.keys() - b.keys())]
    changed = [{"collectivite": k[0], "service": b[k]["service"], "theme": b[k]["theme"],
                "level_a": a[k]["level"], "level_b": b[k]["level"]}
               for k in sorted(a.keys() & b.keys()) if a[k]["level"] != b[k]["level"]]
    per_coll: dict[str, dict] = defaultdict(lambda: {"new": 0, "gone": 0, "up": 0, "down": 0})
    per_theme: dict[str, dict] = defaultdict(lambda: {"new": 0, "gone": 0, "up": 0, "down": 0})
    for s in new:
        per_coll[s["collectivite"]]["new"] += 1
        per_theme[s["theme"]]["new"] += 1
    for s in gone:
        per_coll[s["collectivite"]]["gone"] += 1
        per_theme[s["theme"]]["gone"] += 1
    for c in changed:
        way = "up" if c["level_b"] > c["level_a"] else "down"
        per_coll[c["collectivite"]][way] += 1
        per_theme[c["theme"]][way] += 1
    deltas = {}
    for code in sorted(indicators_a.keys() & indicators_b.keys()):
        deltas[code] = {key: _delta(indicators_a[code].get(key), indicators_b[code].get(key)) for key in DELTA_KEYS}
    return {
        "method_a": method_a, "method_b": method_b, "same_method": method_a == method_b,
        "warning": None if method_a == method_b else
        f"méthodes différentes ({method_a} → {method_b}) : une partie des écarts peut venir de la méthode",
        "new": [_brief(s) for s in new], "gone": [_brief(s) for s in gone], "changed_level": changed,
        "per_collectivite": dict(sorted(per_coll.items())), "per_theme": dict(sorted(per_theme.items())),
        "indicator_deltas": deltas,
        "only_in_a": sorted(indicators_a.keys() - indicators_b.keys()),
        "only_in_b": sorted(indicators_b.keys() - indicators_a.keys()),
    }


def _brief(s: dict) -> dict:
    return {"collectivite": s["collectivite"], "service": s["service"], "theme": s["theme"], "level": s["level"]}


def _delta(a, b):
    if a is None or b is None:
        return None
    return round(b - a, 4)
