"""Portal Quality Index dimensions, scored in [0, 1] from a portal audit (static + browser).

Reads the audit's JSON (barometre.audit.core output): every measure is {"value", "evidence",
"reason"}; a None value is "not measurable" and leaves the denominator.
"""

from __future__ import annotations

HEADERS = ("hsts", "content_security_policy", "x_content_type_options", "framing_protection")


def _v(section: dict | None, *path):
    node = section
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    if isinstance(node, dict) and "value" in node:
        return node["value"]
    return node


def _combine(parts: dict[str, float | None], weights: dict[str, float]) -> float | None:
    known = {k: v for k, v in parts.items() if v is not None}
    total = sum(weights[k] for k in known)
    return sum(weights[k] * v for k, v in known.items()) / total if total else None


def statement_score(statement: dict | None, weights: dict) -> float | None:
    if statement is None:
        return None
    status = statement.get("status")
    if status is None:
        return 0.0  # looked for, not found: a legal obligation unmet
    fixed = weights["statement_status"].get(status)
    if fixed is None:
        rate = statement.get("rate")
        fixed = rate / 100 if rate is not None else 0.5
    return fixed * (weights["statement_expired_factor"] if statement.get("expired") else 1)


def dimensions(static: dict | None, browser: dict | None, weights: dict) -> dict[str, float | None]:
    if not static:
        return {k: None for k in weights["pqi"]}
    parts = weights["pqi_parts"]
    grade = _v(static, "speed", "grade")
    checks = (static.get("accessibility") or {}).get("checks") or {}
    failing = [c["value"] for c in checks.values() if isinstance(c, dict) and c.get("value") is not None]
    axe = ((browser or {}).get("accessibility") or {}).get("axe")
    axe_score = None
    if isinstance(axe, dict) and axe.get("value") is not None and axe.get("pages"):
        serious = (axe.get("by_impact") or {}).get("serious", 0) + (axe.get("by_impact") or {}).get("critical", 0)
        axe_score = max(0.0, 1 - serious / axe["pages"] / weights["axe_serious_per_page_zero"])
    viewport = _v(static, "mobile", "viewport")
    blocks = _v(static, "mobile", "blocks_zoom")
    phone = _v(browser, "mobile", "phone_layout") if browser else None
    headers = [_v(static, "security", "headers", h) for h in HEADERS]
    headers = [h for h in headers if h is not None]
    insecure = _v(static, "security", "cookies")
    https = _v(static, "security", "https")
    return {
        "speed": weights["speed_grades"].get(grade) if grade else None,
        "accessibility": _combine({
            "statement": statement_score(static.get("accessibility_statement"), weights),
            "static_checks": 1 - sum(failing) / len(failing) if failing else None,
            "axe": axe_score,
        }, parts["accessibility"]),
        "mobile": _combine({
            "viewport": None if viewport is None else float(bool(viewport)),
            "zoom_allowed": None if blocks is None else float(not blocks),
            "phone_layout": None if phone is None else float(bool(phone)),
        }, parts["mobile"]),
        "support": _combine({
            "two_channels": _bool(_v(static, "support", "min_channels")),
            "human_help": _bool(_v(static, "support", "human_help")),
            "phone_hours": _bool(_v(static, "support", "channels", "phone_with_hours")),
        }, parts["support"]),
        "security": _combine({
            "https": _bool(https),
            "headers": sum(1 for h in headers if h) / len(headers) if headers else None,
            "cookies": None if insecure is None else float(insecure == 0),
        }, parts["security"]),
    }


def _bool(value) -> float | None:
    return None if value is None else float(bool(value))
