"""Tell a page that presents a service from news, agenda or elected-official pages."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from barometre.detect.core.catalogue import match_catalogue
from barometre.detect.core.cues import find_cues
from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.documents import documents_from_links
from barometre.detect.core.features import PageFeatures
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.level import is_request_form
from barometre.detect.core.text import normalise

# Points per observation; the sum goes through a logistic-like squashing to a confidence.
WEIGHTS = {
    "service_cue": 1.0,
    "service_url": 1.0,
    "catalogue": 1.5,
    "document": 1.0,
    "form": 1.5,
    "non_service_cue": -1.2,
    "non_service_url": -2.0,
    "published": -1.0,
}
CAP = {"service_cue": 4, "non_service_cue": 3, "document": 2}


def is_service_page(page: PageFeatures, knowledge: Knowledge | None = None) -> Decision:
    """True when the page describes a procedure or aid (conditions, documents, how to apply)."""
    k = knowledge or load_knowledge()
    points: list[tuple[str, float, Evidence]] = []

    def add(kind: str, cues: list[str], where: str) -> None:
        for cue in cues[: CAP.get(kind, 1)]:
            points.append((kind, WEIGHTS[kind], Evidence(f"{kind.replace('_', ' ')} '{cue}'", where)))

    head = page.norm_text[:3000]
    add("service_cue", find_cues("service_page", head, k), page.url)
    add("non_service_cue", find_cues("non_service_page", head + " " + normalise(" ".join(page.breadcrumb)), k),
        page.url)
    path = normalise(unquote(urlsplit(page.url).path))
    add("service_url", find_cues("service_url", path, k), page.url)
    add("non_service_url", find_cues("non_service_url", path, k), page.url)
    if page.published_dates:
        add("published", [page.published_dates[0]], page.url)
    match = match_catalogue(page.h1 or page.title, None, k)
    if match is not None and match.score >= 0.5:
        add("catalogue", [match.id], page.url)
    add("document", [d.url for d in documents_from_links(page.links)], page.url)
    add("form", ["request form" for f in page.forms if is_request_form(f)], page.url)
    total = sum(w for _, w, _ in points)
    value = total >= 1.0
    confidence = min(0.95, 0.5 + 0.12 * abs(total - 1.0 + (0.5 if value else 0)))
    evidence = tuple(e for _, w, e in sorted(points, key=lambda p: -abs(p[1])) if (w > 0) == value)[:6]
    return Decision(value, round(confidence, 3), evidence or (Evidence("no cue", page.url),))
