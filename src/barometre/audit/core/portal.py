"""One portal's static audit: compose speed, accessibility, statement, mobile, security, support
and completeness into a JSON-serialisable dict, with what a static audit cannot measure named.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from barometre.crawl.urls import absolute, host_of

from .. import knowledge
from .completeness import audit_completeness
from .document import documents
from .inputs import FetchedPage, Links, normalise_url
from .mobile import audit_mobile
from .security import audit_security, franceconnect
from .speed import audit_speed
from .statement import audit_statement
from .static_a11y import audit_static_a11y
from .support import audit_support

PortalAudit = dict[str, Any]

NOT_MEASURED = [
    {"measure": "first_contentful_paint", "reason": "browser metric (FCP): needs a real browser"},
    {"measure": "largest_contentful_paint", "reason": "browser metric (LCP): needs a real browser"},
    {"measure": "cumulative_layout_shift", "reason": "browser metric (CLS): needs a real browser"},
    {"measure": "axe_core", "reason": "rendered-DOM accessibility rules (axe-core, colour "
                                      "contrast, ARIA) need a browser"},
    {"measure": "phone_width_layout", "reason": "whether the layout fits a 320-390 px screen "
                                                "needs a browser"},
    {"measure": "tls_validity", "reason": "no https:// page of the collectivité carries the crawl's "
                                          "certificate verdict"},
]


def find_home(home_url: str, pages: list[FetchedPage]) -> FetchedPage | None:
    """The fetched page of the home URL (requested, final or redirect URL; http/https alike):
    where it lands, not the redirect that sent there (http://… → https://…). A redirect stored
    apart from its target (the target was reached first from a sitemap or a link, so the crawl
    did not fetch it twice) is followed through its Location to the stored target."""
    wanted = normalise_url(home_url)
    bare = wanted.split("://", 1)[-1]
    landed = [p for p in pages if not (p.status and 300 <= p.status < 400)]
    for exact, candidates in ((True, landed), (False, landed), (True, pages), (False, pages)):
        for p in candidates:
            urls = [normalise_url(u) for u in (p.url, p.final_url or p.url, *p.redirect_chain)]
            if (wanted in urls) if exact else any(u.split("://", 1)[-1] == bare for u in urls):
                return _landing(p, landed)
    return None


def _landing(page: FetchedPage, landed: list[FetchedPage], hops: int = 5) -> FetchedPage:
    by_url = {normalise_url(p.url): p for p in landed}
    current = page
    for _ in range(hops):
        location = current.headers.get("location") if current.status and 300 <= current.status < 400 else None
        target = by_url.get(normalise_url(absolute(location.strip(), current.url))) if location else None
        if target is None:
            return current
        current = target
    return current


def statement_summary(section: dict) -> dict:
    """The flat {status, rate, date, url, expired, contact, recourse} view, with evidence."""
    keys = ("status", "rate", "date", "expired", "contact", "recourse")
    summary: dict[str, Any] = {k: section[k]["value"] for k in keys}
    summary["url"] = section["url"]
    summary["home_mention"] = section["home_mention"]["value"]
    summary["home_mention_status"] = section["home_mention"].get("status")
    summary["reasons"] = {k: section[k]["reason"] for k in keys if section[k]["reason"]}
    summary["evidence"] = sorted({u for k in (*keys, "home_mention") for u in section[k]["evidence"]})
    return summary


def audit_portal(home_url: str, pages: list[FetchedPage], links: Links, hosts: list[str] | set[str],
                 reference_date: date, linked_pages: list[FetchedPage] | None = None,
                 probes: list[FetchedPage] = ()) -> PortalAudit:
    """Static audit of one collectivité's portal from its stored crawl.

    `hosts` are the collectivité's own hosts (sub-domains included); `reference_date` is the
    campaign date, against which the accessibility statement's age is judged. `linked_pages` are
    off-site pages one hop away (a Démarches Simplifiées procedure, an operator's page): they only
    count to tell whether the collectivité's procedures offer FranceConnect. `probes` are the
    crawl's requests of the plain-http home of a portal found on https: they only count for the
    http → https redirect.
    """
    limits, cues, rgaa = knowledge.thresholds(), knowledge.cues(), knowledge.rgaa()
    fc_cues = knowledge.franceconnect()
    home = find_home(home_url, pages)
    own = {h.lower() for h in hosts} | {host_of(home_url)}
    if home is not None:
        own.add(host_of(home.final_url or home.url))
    own_hosts = frozenset(own - {""})
    docs = documents(pages)
    home_doc = next((d for d in docs if d.page is home), None) if home else None
    speed = audit_speed(pages, limits["speed"])
    statement = audit_statement(home_doc, docs, links, reference_date, cues["statement"],
                                limits["statement"]["validity_years"])
    mobile = audit_mobile(home_doc, docs, limits["mobile"]["min_maximum_scale"])
    security = audit_security(home, pages, docs, links, own_hosts, knowledge.trackers(),
                              fc_cues, probes)
    if linked_pages:
        security["franceconnect"] = franceconnect(docs + documents(linked_pages), links, fc_cues)
    completeness = audit_completeness(pages, links, own_hosts, speed["slow_urls"])
    return {
        "home_url": home_url,
        "home_fetched": home is not None,
        "reference_date": reference_date.isoformat(),
        "knowledge_versions": {"thresholds": limits["version"], "cues": cues["version"],
                               "rgaa": rgaa["version"]},
        "pages": {"fetched": len(pages), "html": len(docs)},
        "accessibility_statement": {**statement_summary(statement), "details": statement},
        "viewport_meta": mobile["viewport"]["value"],
        "franceconnect": security["franceconnect"]["value"],
        "slow_urls": speed["slow_urls"],
        "broken_links": completeness["broken_links"]["items"],
        "error_urls": completeness["error_pages"]["items"],
        "speed": speed,
        "accessibility": {**audit_static_a11y(docs, cues["generic_link_texts"], rgaa["static_checks"]),
                          "rgaa_coverage": knowledge.rgaa_coverage()},
        "mobile": mobile,
        "security": security,
        "support": audit_support(docs, links, cues["support"], limits["support"]),
        "completeness": completeness,
        "not_measured": [m for m in NOT_MEASURED
                         if m["measure"] != "tls_validity" or security["tls_valid"]["value"] is None],
    }


__all__ = ["PortalAudit", "audit_portal", "find_home"]
