"""Tell the kinds of pages that are never services (e-service screens, legal and institutional
pages, job offers, directory entries) from their title, URL and fields (page_kinds.yaml)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import unquote, urlsplit

from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.features import PageFeatures
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.text import KeywordSet, normalise

FIELDS_CONFIDENCE = 0.6  # fields alone: a directory entry unless the page shows a way to apply
ENTRY_CONFIDENCE = 0.8  # fields and an entry title ("Collège …", "Maison des solidarités …")
_EXTENSIONS = (".html", ".htm", ".php", ".aspx", ".asp", ".jsp", ".do")


@lru_cache(maxsize=16)
def _compiled(knowledge: Knowledge) -> dict[str, dict]:
    out = {}
    for kind, spec in knowledge.page_kinds.items():
        entry = dict(spec)
        for key in ("title_exact", "url_segment"):
            if key in spec:
                entry[key] = frozenset(normalise(c) for c in spec[key])
        for key in ("title_start", "entry_titles"):
            if key in spec:
                entry[key] = tuple((normalise(c.rstrip("*")), c.endswith("*")) for c in spec[key])
        for key in ("title_any", "fields", "contact_fields"):
            if key in spec:
                entry[key] = KeywordSet(spec[key])
        out[kind] = entry
    return out


def last_segment(url: str) -> str:
    """Normalised last path segment, without a file extension ('/aides/connexion?next=…' → 'connexion')."""
    path = unquote(urlsplit(url).path).rstrip("/")
    last = path.rsplit("/", 1)[-1].lower()
    for ext in _EXTENSIONS:
        if last.endswith(ext):
            last = last[: -len(ext)]
            break
    return normalise(last)


def _starts(title: str, cues) -> str | None:
    for body, stem in cues:
        if title.startswith(body) and (stem or len(title) == len(body) or title[len(body)] == " "):
            return body
    return None


def page_kind(page: PageFeatures, knowledge: Knowledge | None = None) -> Decision:
    """The kind of a page that is not a service ('eservice_screen', 'legal_institutional',
    'job_offer', 'directory_entry'), or None when nothing says so."""
    k = knowledge or load_knowledge()
    title = normalise(page.h1 or page.title)
    segment = last_segment(page.url)
    for kind, spec in _compiled(k).items():
        if title and title in spec.get("title_exact", ()):
            return Decision(kind, 0.9, (Evidence(f"{kind}: title '{title}'", page.url),))
        cue = _starts(title, spec.get("title_start", ()))
        if cue:
            return Decision(kind, 0.85, (Evidence(f"{kind}: title starts with '{cue}'", page.url),))
        found = spec["title_any"].find(title) if "title_any" in spec else []
        if found:
            return Decision(kind, 0.8, (Evidence(f"{kind}: title has '{found[0]}'", page.url),))
        if segment and segment in spec.get("url_segment", ()):
            return Decision(kind, 0.8, (Evidence(f"{kind}: URL ends with '{segment}'", page.url),))
        if "fields" in spec and len(page.norm_text) <= spec["max_chars"]:
            fields = spec["fields"].find(page.norm_text)
            contact = spec["contact_fields"].find(page.norm_text) if "contact_fields" in spec else []
            if 2 * len(fields) + len(contact) >= spec["min_score"]:
                titled = _starts(title, spec.get("entry_titles", ()))
                cue = f"{kind}: short page with fields {', '.join([*fields, *contact][:5])}"
                if titled:  # decisive: an entry of the directory even when it links a document
                    return Decision(kind, ENTRY_CONFIDENCE, (Evidence(f"{cue}, titled '{titled}…'", page.url),))
                return Decision(kind, FIELDS_CONFIDENCE, (Evidence(cue, page.url),))
    return Decision(None, 0.5, (Evidence("no page-kind cue", page.url),))
