"""Tell a page that presents a service from news, agenda or elected-official pages."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from barometre.detect.core.catalogue import match_catalogue
from barometre.detect.core.cues import find_any, find_cues
from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.documents import documents_from_links
from barometre.detect.core.features import PageFeatures
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.level import is_request_form
from barometre.detect.core.page_kind import ENTRY_CONFIDENCE, page_kind
from barometre.detect.core.text import normalise

# Points per observation; the sum goes through a logistic-like squashing to a confidence.
WEIGHTS = {
    "service_cue": 1.0,
    "service_url": 1.0,
    "catalogue": 1.5,
    "document": 1.0,
    "form": 1.5,
    "procedure": 1.0,
    "contact": 0.4,  # weak: contact pages say "contactez-nous par téléphone" too
    "non_service_cue": -1.2,
    "non_service_url": -2.0,
    "published": -1.0,
    "non_service_title": -3.0,
}
# At least one of these: a catalogue name alone (a news item, a deliberation) is not a service.
PROCEDURAL = {"service_cue", "document", "form", "procedure", "contact"}
# Observations of a way to apply: a directory entry (a collège, an office) has none of them.
APPLYING = {"document", "form", "procedure"}
# Wording telling how to apply (any rung of the ladder): short service pages have no
# "Conditions" heading, only a sentence and a button ("Contactez le service", "Faire ma demande").
PROCEDURE_GROUPS = ("level_2", "level_3", "level_4", "online_documents",
                    "online_follow_up", "offline_documents", "offline_procedure")
_MONTHS = "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre"
# A full date in the first lines of the text is how news items and posts open.
_LEADING_DATE = re.compile(rf"\b\d{{1,2}} (?:{_MONTHS}) \d{{4}}\b")
# "Mis à jour le …" dates service pages as much as news: only publication dates count.
_UPDATED = ("mis a jour", "mise a jour", "modifie")
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/")
CAP = {"service_cue": 4, "non_service_cue": 3, "document": 2, "procedure": 1, "contact": 1}


def publication(page: PageFeatures) -> str | None:
    """The publication date a page shows (metadata, "publié le", a date opening its text, a
    dated permalink), as news items and posts have; "mis à jour le" does not count."""
    published = [d for d in page.published_dates if not d.startswith(_UPDATED)]
    if published:
        return published[0]
    if leading := _LEADING_DATE.search(page.norm_text[:300]):
        return leading.group(0)
    if dated := _DATED_PATH.search(page.url):
        return dated.group(0).strip("/")
    return None


def is_service_page(page: PageFeatures, knowledge: Knowledge | None = None) -> Decision:
    """True when the page describes a procedure or aid (conditions, documents, how to apply)."""
    k = knowledge or load_knowledge()
    points: list[tuple[str, float, Evidence]] = []

    def add(kind: str, cues: list[str], where: str) -> None:
        for cue in cues[: CAP.get(kind, 1)]:
            points.append((kind, WEIGHTS[kind], Evidence(f"{kind.replace('_', ' ')} '{cue}'", where)))

    head = page.norm_text[:3000]
    add("service_cue", find_cues("service_page", head, k), page.url)
    add("procedure", find_any(PROCEDURE_GROUPS, head, k), page.url)
    add("contact", find_cues("level_1", head, k), page.url)
    add("non_service_cue", find_cues("non_service_page", head + " " + normalise(" ".join(page.breadcrumb)), k),
        page.url)
    path = normalise(unquote(urlsplit(page.url).path))
    add("service_url", find_cues("service_url", path, k), page.url)
    add("non_service_url", find_cues("non_service_url", path, k), page.url)
    add("non_service_title", find_cues("non_service_title", normalise(page.h1 or page.title), k), page.url)
    if _DATED_PATH.search(page.url):
        add("non_service_url", ["dated permalink"], page.url)
    if date := publication(page):
        add("published", [date], page.url)
    match = match_catalogue(page.h1 or page.title, None, k)
    if match is not None and match.score >= 0.5:
        add("catalogue", [match.id], page.url)
    add("document", [d.url for d in documents_from_links(page.links)], page.url)
    add("form", ["request form" for f in page.forms if is_request_form(f)], page.url)
    total = sum(w for _, w, _ in points)
    value = total >= 1.0 and any(kind in PROCEDURAL for kind, _, _ in points)
    if value:
        kind = page_kind(page, k)
        applying = any(kind_ in APPLYING for kind_, _, _ in points)
        weak = kind.value == "directory_entry" and kind.confidence < ENTRY_CONFIDENCE
        if kind.value is not None and not (weak and applying):
            return Decision(False, kind.confidence, kind.evidence)
    confidence = min(0.95, 0.5 + 0.12 * abs(total - 1.0 + (0.5 if value else 0)))
    evidence = tuple(e for _, w, e in sorted(points, key=lambda p: -abs(p[1])) if (w > 0) == value)[:6]
    return Decision(value, round(confidence, 3), evidence or (Evidence("no cue", page.url),))
