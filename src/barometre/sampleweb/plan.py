"""Decisions about one portal before any page is written: facts, services, levels, platforms."""

from __future__ import annotations

import re
import unicodedata

from .catalogue import EXTRAS, FICTION_PHONE_PREFIXES, LOCAL_AIDS, RELAY_HOST, RELAYS, SERVICES
from .model import Portal, Service

PLATFORM_HOSTS = {"publik": "demarches", "mgdis": "aides", "in_house": "moncompte"}
A11Y_STATUSES = ["partiellement conforme", "totalement conforme", "non conforme", None,
                 "partiellement conforme"]
CHANNELS = ["phone", "phone_hours", "form", "email", "chat", "appointment", "counter",
            "france_services"]
DS_HOST = "www.demarches-simplifiees.test"


def tls_for(index: int) -> str | None:
    """The https of a portal, by index: S01 (one portal in ten) plain http only; S02 an expired
    certificate, S03 an incomplete chain, their home linking to their https home; the others
    also serve https with a valid certificate. Every portal lives on http (its truth URLs)."""
    return {0: None, 1: "expired", 2: "incomplete_chain"}.get(index % 10, "valid")


def https_first_for(index: int) -> bool:
    """Whether a portal lives on https (plain http redirects there), by index: S04, S06 and S07
    (S07 with mixed content on its home); S05 serves https too but lives on http (no redirect)."""
    return index % 10 in (3, 5, 6)


MIXED_IMAGE = "/images/bandeau-accueil.gif"  # asked over plain http by the home of a portal on https
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,"
       b"\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")  # 1 x 1 pixel


def tls_facts(portal: Portal, index: int) -> dict:
    """What the crawl and the audit should see of the portal's transport (truth facts)."""
    served = portal.tls is not None
    first = portal.https_first
    return {"https": first, "https_served": served, "certificate": portal.tls,
            "http_redirects_to_https": first, "https_url": f"https://{portal.host}/" if served else None,
            "mixed_content": [f"http://{portal.host}{MIXED_IMAGE}"] if first and index % 10 == 6 else [],
            "refused_link": None}


def fiction_phone(rng) -> str:
    """A phone number from the ARCEP ranges reserved for fiction."""
    return f"{rng.choice(FICTION_PHONE_PREFIXES)} {rng.randint(10, 99):02d} {rng.randint(10, 99):02d}"


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")


def plan_portal(portal: Portal, index: int, sitemap_only: bool) -> None:
    rng = portal.rng
    portal.maturity = rng.random()
    region = rng.choice([1, 2, 3, 4, 5])
    digits = [rng.randint(10, 99) for _ in range(4)]  # four draws kept: the ones after do not move
    portal.phone = f"{FICTION_PHONE_PREFIXES[region - 1]} {digits[2]:02d} {digits[3]:02d}"
    choice = rng.choice(["publik", "mgdis", "in_house", None])
    if choice:
        portal.platforms[choice] = f"{PLATFORM_HOSTS[choice]}.{portal.slug}.test"
        if portal.maturity > 0.7 and choice != "mgdis":
            portal.platforms["mgdis"] = f"aides.{portal.slug}.test"
    portal.facts = _facts(portal, index)
    portal.chrome["fc"] = rng.random() < 0.6
    _services(portal, sitemap_only)
    portal.facts["franceconnect"] = any(s.franceconnect for s in portal.services)


def _facts(portal: Portal, index: int) -> dict:
    rng = portal.rng
    status = A11Y_STATUSES[index % len(A11Y_STATUSES)]
    statement = None
    if status:
        year = 2021 if index % len(A11Y_STATUSES) == 4 else rng.choice([2023, 2024, 2025])
        rate = round(rng.uniform(45, 92) * 2) / 2 if status == "partiellement conforme" else None
        if status == "non conforme" and rng.random() < 0.5:
            rate = round(rng.uniform(10, 45) * 2) / 2
        statement = {"status": status, "rate": rate,
                     "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     "url": None, "contact": rng.random() < 0.75, "recourse": rng.random() < 0.7}
    mention = status if status and rng.random() < 0.8 else None
    if not status and rng.random() < 0.5:
        mention = "non conforme"
    channels = sorted(rng.sample(CHANNELS, rng.randint(2, 6)), key=CHANNELS.index)
    if "phone_hours" in channels and "phone" not in channels:
        channels.insert(0, "phone")
    return {
        "accessibility_statement": statement, "home_accessibility_mention": mention,
        "viewport_meta": portal.cms != "legacy", "franceconnect": False,
        "contact_channels": channels, "slow_urls": [], "error_urls": [], "broken_links": [],
        "redirect_chains": [], "redirect_loops": [],
        "robots_disallow": ["/admin/", "/intranet/"], "sitemap_only_urls": [],
        "trap_prefixes": [],
        "security_headers": {"strict-transport-security": rng.random() < 0.3,
                             "content-security-policy": rng.random() < 0.4,
                             "x-content-type-options": rng.random() < 0.6},
        "insecure_cookies": rng.random() < 0.5, "other": {},
    }


def _level(portal: Portal) -> int:
    m = portal.maturity
    weights = [0.4 - 0.3 * m, 0.3 - 0.1 * m, 0.15 + 0.05 * m, 0.15 + 0.35 * m]
    return portal.rng.choices([1, 2, 3, 4], weights=weights)[0]


def _services(portal: Portal, sitemap_only: bool) -> None:
    rng = portal.rng
    ids = rng.sample(sorted(SERVICES), rng.randint(20, 34))
    picks = [(cid, *SERVICES[cid]) for cid in sorted(ids)]
    for title, theme in rng.sample(EXTRAS, rng.randint(1, 3)):
        picks.append((None, theme, [title]))
    blurbs = {}
    for title, theme, blurb in portal.style.sample(LOCAL_AIDS, portal.style.randint(1, 2)):
        picks.append((None, theme, [title]))
        blurbs[title] = blurb
    used: set[str] = set()
    for cid, theme, titles in picks:
        title = rng.choice(titles)
        slug = slugify(title)
        while slug in used:
            slug += "-2"
        used.add(slug)
        sid = f"{portal.code}-{cid or 'extra-' + slug}"
        svc = Service(sid=sid, title=title, slug=slug, catalogue_id=cid, theme=theme, level=1,
                      blurb=blurbs.get(title, ""))
        svc.layout = portal.style.choice(["classic", "classic", "short", "faq"])
        _grade(portal, svc)
        portal.services.append(svc)
    candidates = [s for s in portal.services if s.level >= 3 and not s.relay]
    if candidates:
        rng.choice(candidates).split = True
    if sitemap_only:
        hidden = [s for s in portal.services if s.level <= 2 and not s.split and not s.relay]
        if hidden:
            hidden[0].sitemap_only = True


def _grade(portal: Portal, svc: Service) -> None:
    rng = portal.rng
    if svc.catalogue_id in RELAYS and rng.random() < 0.75:
        svc.relay, path = RELAYS[svc.catalogue_id]
        svc.relay_url = f"http://{RELAY_HOST[svc.relay]}{path}"
        svc.level = 2 if rng.random() < 0.2 else 1
        svc.form_kind = "pdf_flat" if svc.level == 2 else None
    else:
        svc.level = _level(portal)
        if svc.level == 2:
            svc.form_kind = rng.choice(["pdf_fillable", "pdf_flat", "pdf_flat", "docx", "doc"])
        elif svc.level == 3:
            svc.form_kind = rng.choice(["html_form", "ds"])
        elif svc.level == 4:
            options = sorted(portal.platforms) + ["demarches_simplifiees"]
            svc.platform = rng.choice(options)
            svc.form_kind = "ds" if svc.platform == "demarches_simplifiees" else "eservice"
    if svc.form_kind == "ds":
        svc.platform = "demarches_simplifiees"
        svc.franceconnect = True
    elif svc.form_kind == "eservice":
        svc.franceconnect = portal.chrome["fc"]
    svc.offline_alternative = svc.level == 1 or rng.random() < 0.55
