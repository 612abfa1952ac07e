"""The open-data view of a campaign's audits: one object per collectivité, every measure with
its evidence URL(s), static and browser results side by side, and what was not measured."""

from __future__ import annotations

from barometre.crawl.models import Campaign

from .models import PortalAudit


def _with_browser(static: dict, browser: dict | None, key: str) -> dict:
    section = dict(static)
    section["browser"] = browser[key] if browser else None
    return section


def audit_record(audit: PortalAudit) -> dict:
    s, b = audit.static, audit.browser
    statement = {k: v for k, v in s["accessibility_statement"].items() if k != "details"}
    mobile = s["mobile"]
    security = s["security"]
    return {
        "collectivite": {"code": audit.collectivite.code, "name": audit.collectivite.name},
        "campaign": audit.campaign.name,
        "reference_date": audit.reference_date.isoformat(),
        "method_version": audit.method_version,
        "crawl_status": audit.crawl_status,
        "home_url": audit.home_url,
        "accessibility_statement": statement,
        "viewport_meta": s["viewport_meta"],
        "franceconnect": s["franceconnect"],
        "evidence": {
            "viewport_meta": mobile["viewport"]["evidence"],
            "franceconnect": security["franceconnect"]["evidence"],
            "accessibility_statement": statement["evidence"],
        },
        "slow_urls": s["slow_urls"],
        "broken_links": s["broken_links"],
        "error_urls": s["error_urls"],
        "speed": _with_browser(s["speed"], b, "speed"),
        "accessibility": {**s["accessibility"], "axe": b["accessibility"]["axe"] if b else None},
        "mobile": _with_browser(mobile, b, "mobile"),
        "security": _with_browser(security, b, "security"),
        "support": s["support"],
        "completeness": s["completeness"],
        "browser_pages": b["pages"] if b else [],
        "not_measured": audit.not_measured,
        "knowledge_versions": s["knowledge_versions"],
        "pages": s["pages"],
    }


def export_campaign(campaign: Campaign) -> list[dict]:
    audits = (PortalAudit.objects.filter(campaign=campaign).select_related("collectivite", "campaign")
              .order_by("collectivite__code"))
    return [audit_record(a) for a in audits]
