"""Portal Quality Index dimensions, scored in [0, 1] from a portal audit (static + browser).

Reads the audit as its typed record (`barometre.audit.core.record.AuditRecord`): a None field is
"not measurable" and leaves the denominator.
"""

from __future__ import annotations

from barometre.audit.core.record import AuditRecord, Statement


def _combine(parts: dict[str, float | None], weights: dict[str, float]) -> float | None:
    known = {k: v for k, v in parts.items() if v is not None}
    total = sum(weights[k] for k in known)
    return sum(weights[k] * v for k, v in known.items()) / total if total else None


def statement_score(statement: Statement | None, weights: dict) -> float | None:
    if statement is None:
        return None
    if statement.status is None:
        return 0.0  # looked for, not found: a legal obligation unmet
    fixed = weights["statement_status"].get(statement.status)
    if fixed is None:
        fixed = statement.rate / 100 if statement.rate is not None else 0.5
    return fixed * (weights["statement_expired_factor"] if statement.expired else 1)


def dimensions(audit: AuditRecord | None, weights: dict) -> dict[str, float | None]:
    if audit is None:
        return {k: None for k in weights["pqi"]}
    parts = weights["pqi_parts"]
    failing = audit.static_checks_failing
    axe_score = None
    if audit.axe_serious is not None and audit.axe_pages:
        axe_score = max(0.0, 1 - audit.axe_serious / audit.axe_pages / weights["axe_serious_per_page_zero"])
    headers = [h for h in audit.headers.values() if h is not None]
    return {
        "speed": weights["speed_grades"].get(audit.speed_grade) if audit.speed_grade else None,
        "accessibility": _combine({
            "statement": statement_score(audit.statement, weights),
            "static_checks": 1 - sum(failing) / len(failing) if failing else None,
            "axe": axe_score,
        }, parts["accessibility"]),
        "mobile": _combine({
            "viewport": _bool(audit.viewport),
            "zoom_allowed": None if audit.blocks_zoom is None else float(not audit.blocks_zoom),
            "phone_layout": _bool(audit.phone_layout),
        }, parts["mobile"]),
        "support": _combine({
            "two_channels": _bool(audit.min_channels),
            "human_help": _bool(audit.human_help),
            "phone_hours": _bool(audit.phone_with_hours),
        }, parts["support"]),
        "security": _combine({
            "https": _bool(audit.https),
            "headers": sum(1 for h in headers if h) / len(headers) if headers else None,
            "cookies": None if audit.insecure_cookies is None else float(audit.insecure_cookies == 0),
        }, parts["security"]),
    }


def _bool(value) -> float | None:
    return None if value is None else float(bool(value))
