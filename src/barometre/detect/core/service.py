"""Decide every attribute of a grouped service, and the level-0 rows of what was not found."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from barometre.detect.core.catalogue import match_catalogue
from barometre.detect.core.cues import find_cues
from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.grouping import ServiceGroup
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.level import grade_level
from barometre.detect.core.platform import detect_platform, franceconnect
from barometre.detect.core.relay import classify_relay
from barometre.detect.core.theme import classify_theme

# "APA à domicile — Département de Valmont": keep the part before the site name.
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]*$")
COMPETENT_SCOPES = ("core",)


@dataclass(slots=True)
class ServiceRecord:
    """One inventoried service with its decisions (plain data; the Django edge stores it)."""

    name: str
    theme: str
    level: int
    relay: str | None
    platform: str | None
    catalogue_id: str | None
    page_url: str
    entry_url: str | None
    urls: list[str]
    franceconnect: bool
    offline_alternative: bool
    evidence: list[dict[str, str]] = field(default_factory=list)  # {field, cue, url}
    confidence: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


def service_name(page) -> str:
    if page.h1:
        return page.h1
    return _TITLE_SUFFIX.sub("", page.title).strip() or page.url


def service_view(group: ServiceGroup):
    """The service page as evidence of its service: its text and its own links, without the
    site's menus and, on the portal, without the portal CMS's fingerprints (a portal built with
    Publik or an "aides." link in the header does not put every service online)."""
    page = group.page
    links = tuple(group.content_links)
    if group.on_portal:
        return replace(page, generator="", asset_paths=(), markers=frozenset(), links=links)
    return replace(page, links=links)


def _evidence(field_name: str, decision: Decision, limit: int = 3) -> list[dict[str, str]]:
    return [{"field": field_name, "cue": e.cue, "url": e.url} for e in decision.evidence[:limit]]


def decide_service(group: ServiceGroup, knowledge: Knowledge | None = None) -> ServiceRecord:
    """Theme, catalogue entry, level, relay, platform, FranceConnect and offline alternative."""
    k = knowledge or load_knowledge()
    page = group.page
    name = service_name(page)
    match = match_catalogue(name, None, k)
    theme = classify_theme(name, page.text, page.url, k)
    own = service_view(group)
    level = grade_level(own, group.sub_pages, group.documents, group.entry_pages, k)
    relay = classify_relay(group.relay_links, page.text, page.url, k)
    platform = detect_platform(own, group.entry_pages, k)
    fc = franceconnect(group.entry_pages, (), k) if group.entry_pages else \
        Decision(False, 0.6, (Evidence("no e-service entry page", page.url),))
    offline = _offline_alternative(group, level.value, k)
    decisions = {"service": group.service_decision, "theme": theme, "level": level, "relay": relay,
                 "platform": platform, "franceconnect": fc, "offline_alternative": offline}
    evidence = [ev for name_, d in decisions.items() for ev in _evidence(name_, d)]
    if match is not None:
        evidence.insert(0, {"field": "catalogue_id", "cue": f"synonym '{match.synonym}' -> {match.id}",
                            "url": page.url})
    core = (group.service_decision, theme, level, relay)
    confidence = round(sum(d.confidence for d in core) / len(core), 3)
    return ServiceRecord(
        name=name, theme=theme.value, level=level.value or 1, relay=relay.value,
        platform=platform.value, catalogue_id=match.id if match else None, page_url=page.url,
        entry_url=group.entry_url, urls=list(group.urls), franceconnect=bool(fc.value),
        offline_alternative=bool(offline.value), evidence=evidence, confidence=confidence)


def _offline_alternative(group: ServiceGroup, level: int | None, k: Knowledge) -> Decision:
    for page in (group.page, *group.sub_pages):
        found = find_cues("offline_alternative", page.norm_text, k)
        if found:
            return Decision(True, 0.7, (Evidence(f"text '{found[0]}'", page.url),))
    if level == 1:
        return Decision(True, 0.6, (Evidence("information only: applying happens offline", group.page.url),))
    return Decision(False, 0.5, (Evidence("no phone, counter or France Services wording", group.page.url),))


def absent_services(found: Iterable[str | None], portal_url: str = "",
                    knowledge: Knowledge | None = None) -> list[ServiceRecord]:
    """Level-0 rows: catalogue entries of a competent scope that no detected service matched."""
    k = knowledge or load_knowledge()
    found_ids = {f for f in found if f}
    out = []
    for entry in k.catalogue:
        if entry.scope not in COMPETENT_SCOPES or entry.id in found_ids:
            continue
        cue = f"catalogue entry '{entry.id}' ({entry.scope} competence) not found on the portal"
        out.append(ServiceRecord(
            name=entry.label, theme=entry.theme, level=0, relay=None, platform=None,
            catalogue_id=entry.id, page_url="", entry_url=None, urls=[], franceconnect=False,
            offline_alternative=False, evidence=[{"field": "level", "cue": cue, "url": portal_url}],
            confidence=0.6))
    return out
