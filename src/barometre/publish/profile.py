"""A collectivité's profile in a campaign: indicators against peers and the nation, services,
portal audit, context, and progress since the previous campaign."""

from __future__ import annotations

from django.http import Http404

from barometre.glossary import (
    CONTACT_CHANNEL_LABELS,
    SPEED_GRADE_LABELS,
    STATEMENT_STATUS_LABELS,
    THEMES,
)
from barometre.indicators.models import CollectiviteIndicators
from barometre.referential.models import Collectivite
from barometre.referential.resolve import UnknownCode, get_collectivite

from . import campaigns

COMPARED = [("sdi", "Indice de numérisation (0–100)", 1), ("pqi", "Indice de qualité du portail (0–100)", 1),
            ("end_to_end", "Services de bout en bout", 0), ("themes_covered", "Thématiques couvertes (sur 7)", 0)]
PROGRESS = [("sdi", "Indice de numérisation", 1), ("pqi", "Indice de qualité du portail", 1),
            ("end_to_end", "Services de bout en bout", 0), ("partial", "Services partiels", 0),
            ("services_found", "Services trouvés", 0), ("themes_covered", "Thématiques couvertes", 0)]


def collectivite(code: str) -> Collectivite:
    try:
        return get_collectivite(code)
    except (UnknownCode, Collectivite.DoesNotExist):
        raise Http404(f"Collectivité inconnue : {code}") from None


def indicators(campaign, coll) -> CollectiviteIndicators | None:
    return CollectiviteIndicators.objects.filter(campaign=campaign, collectivite=coll).first()


def against_peers(ind: CollectiviteIndicators, national: dict) -> list[dict]:
    """Each headline indicator beside its peer groups' medians and the national median."""
    peers = (ind.context or {}).get("peer_groups") or {}
    groups = national.get("peer_groups") or {}
    pop = (groups.get("population") or {}).get(peers.get("population") or "", {})
    settle = (groups.get("settlement") or {}).get(peers.get("settlement") or "", {})
    dist = national.get("distributions") or {}
    return [{"key": key, "label": label, "digits": digits, "value": getattr(ind, key),
             "population": pop.get(f"median_{key}"), "settlement": settle.get(f"median_{key}"),
             "nation": (dist.get(key) or {}).get("median")} for key, label, digits in COMPARED]


def residual(code: str, national: dict) -> dict | None:
    model = national.get("context_model") or {}
    for r in model.get("residuals") or []:
        if r["code"] == code:
            verdict = ("au-delà de l’attendu" if code in model.get("over_performers", [])
                       else "en deçà de l’attendu" if code in model.get("under_performers", [])
                       else "conforme à l’attendu")
            return {**r, "verdict": verdict}
    return None


def progress(campaign, coll, ind) -> dict | None:
    before = campaigns.previous(campaign)
    if before is None or ind is None:
        return None
    old = indicators(before, coll)
    if old is None:
        return {"campaign": before, "rows": [], "missing": True}
    rows = []
    for key, label, digits in PROGRESS:
        a, b = getattr(old, key), getattr(ind, key)
        rows.append({"label": label, "before": a, "after": b, "digits": digits,
                     "delta": None if a is None or b is None else b - a})
    warning = None if before.method_version == campaign.method_version else (
        f"Méthodes différentes ({before.method_version} puis {campaign.method_version})\u00a0: une partie "
        "des écarts peut venir de la méthode.")
    return {"campaign": before, "rows": rows, "warning": warning, "missing": False}


def per_theme(ind: CollectiviteIndicators) -> list[dict]:
    themes = (ind.values or {}).get("per_theme") or {}
    return [{"theme": t, **(themes.get(t) or {})} for t in THEMES]


def _measure(section: dict | None) -> dict:
    section = section or {}
    return {"value": section.get("value"), "evidence": section.get("evidence") or [],
            "reason": section.get("reason")}


def audit_view(record: dict) -> dict:
    """The parts of an audit record the profile shows, each with evidence or its reason."""
    statement = record.get("accessibility_statement") or {}
    speed = record.get("speed") or {}
    support = record.get("support") or {}
    channels = support.get("channels") or {}
    completeness = record.get("completeness") or {}
    security = record.get("security") or {}
    mobile = record.get("mobile") or {}
    return {
        "home_url": record.get("home_url"),
        "fetched": (record.get("pages") or {}).get("fetched") or 0,  # 0: no count below was measured
        "statement": {**statement, "status_label": STATEMENT_STATUS_LABELS.get(statement.get("status") or "", "")},
        "viewport": {**_measure(mobile.get("viewport")), "value": record.get("viewport_meta")},
        "franceconnect": {**_measure(security.get("franceconnect")), "value": record.get("franceconnect")},
        "https": _measure(security.get("https")),
        "ttfb": speed.get("ttfb") or {},
        "grade": SPEED_GRADE_LABELS.get((speed.get("grade") or {}).get("value") or "", "non notée"),
        "slow_urls": [u.get("url") if isinstance(u, dict) else u for u in record.get("slow_urls") or []],
        "broken_links": record.get("broken_links") or [],
        "broken_checked": (completeness.get("broken_links") or {}).get("links_checked"),
        "error_urls": record.get("error_urls") or [],
        "channels": [{"key": k, "label": label, **_measure(channels.get(k)),
                      "cues": (channels.get(k) or {}).get("cues") or []}
                     for k, label in CONTACT_CHANNEL_LABELS.items() if k in channels],
        "not_measured": record.get("not_measured") or [],
    }
