"""Grade how far a service is digitised (the 1-4 ladder; 0 is decided at catalogue level)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from barometre.detect.core.cues import find_cues
from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.documents import Document, documents_from_links
from barometre.detect.core.features import Form, PageFeatures
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.platform import detect_platform, teleservice_link
from barometre.detect.core.relay import classify_relay
from barometre.detect.core.text import normalise

SEARCH_FIELDS = {"q", "s", "search", "query", "keywords", "recherche", "text", "searchtext"}
CONTENT_FIELD_TYPES = {"text", "email", "tel", "date", "number", "textarea", "select", "radio",
                       "checkbox", "file"}
ACCOUNT_PLATFORMS = {"publik", "in_house", "mgdis", "demarches_simplifiees"}
LINK_ONLY_CONFIDENCE = 0.55  # online from a link to a teleservice, its page not seen


@dataclass
class Signals:
    """What was observed, by rung of the ladder; each item is an Evidence."""

    info: list[Evidence] = field(default_factory=list)
    download: list[Evidence] = field(default_factory=list)
    online_form: list[Evidence] = field(default_factory=list)
    online_documents: list[Evidence] = field(default_factory=list)
    follow_up: list[Evidence] = field(default_factory=list)
    offline_documents: list[Evidence] = field(default_factory=list)
    relayed: list[Evidence] = field(default_factory=list)
    platform: str | None = None


def is_request_form(form: Form) -> bool:
    """A form a user fills to apply (not a search box, newsletter or login-only form)."""
    names = {f.name.lower() for f in form.fields if f.type not in ("hidden", "submit", "button")}
    content = [f for f in form.fields if f.type in CONTENT_FIELD_TYPES]
    if not content or names <= SEARCH_FIELDS:
        return False
    if form.has_password and len(content) <= 2:
        return False
    return form.has_file_input or len(content) >= 3


def _text_signals(page: PageFeatures, s: Signals, k: Knowledge) -> None:
    text = page.norm_text
    for group, bucket in (("level_1", s.info), ("offline_procedure", s.info), ("level_2", s.download), ("online_form", s.online_form),
                          ("online_documents", s.online_documents), ("online_follow_up", s.follow_up),
                          ("offline_documents", s.offline_documents)):
        for cue in find_cues(group, text, k)[:3]:
            bucket.append(Evidence(f"text '{cue}'", page.url))
    for cue in find_cues("level_3", text, k)[:2]:
        s.online_form.append(Evidence(f"text '{cue}'", page.url))


def _form_signals(page: PageFeatures, s: Signals) -> None:
    for form in page.forms:
        if is_request_form(form):
            s.online_form.append(Evidence(f"HTML form {form.method.upper()} {form.action} "
                                          f"({len(form.fields)} fields)", page.url))
            if form.has_file_input:
                s.online_documents.append(Evidence("file upload field", page.url))
        if form.has_password:
            s.follow_up.append(Evidence("login form (account)", page.url))


def _document_signals(documents: Iterable[Document], s: Signals, k: Knowledge) -> None:
    for doc in documents:
        words = normalise(f"{doc.text} {doc.url.rsplit('/', 1)[-1]}")
        if find_cues("form_documents", words, k) or doc.fillable:
            fill = {True: "fillable", False: "not fillable", None: "fillability unknown"}[doc.fillable]
            s.download.append(Evidence(f"{doc.kind.upper()} form ({fill})", doc.url))


def collect_signals(service_page: PageFeatures, sub_pages: Sequence[PageFeatures] = (),
                    documents: Sequence[Document] | None = None,
                    entry_pages: Sequence[PageFeatures] = (), knowledge: Knowledge | None = None
                    ) -> Signals:
    k = knowledge or load_knowledge()
    s = Signals()
    pages = (service_page, *sub_pages, *entry_pages)
    for page in pages:
        _text_signals(page, s, k)
        _form_signals(page, s)
    if documents is None:
        documents = [d for p in (service_page, *sub_pages) for d in documents_from_links(p.links)]
    _document_signals(documents, s, k)
    for link in service_page.links:
        cue = teleservice_link(link.url, k) if link.host != service_page.host else None
        if cue:
            s.online_form.append(Evidence(f"link to a teleservice ({cue})", link.url))
    platform = detect_platform(service_page, entry_pages, k)
    if platform.value is not None:
        s.platform = platform.value
        s.online_form.insert(0, Evidence(f"platform {platform.value} ({platform.evidence[0].cue})",
                                           platform.evidence[0].url))
    relay = classify_relay(service_page.links, None, service_page.url, k)
    if relay.value is not None:
        s.relayed.extend(relay.evidence[:2])
    return s


def decide(s: Signals, base_url: str = "", described: bool = True) -> Decision:
    """The ladder rule applied to collected signals."""
    # Online needs something the pages show: a request form, a platform or an e-service entry
    # page. Wording alone ("demande en ligne", a "Comment faire ma demande ?" heading, "le
    # téléservice a été fermé", "bientôt en ligne") supports a level, it never makes one.
    online = any(not e.cue.startswith("text ") for e in s.online_form)
    if online:
        docs_online = bool(s.online_documents) or (
            s.platform in ACCOUNT_PLATFORMS and bool(s.follow_up) and not s.offline_documents)
        if docs_online and s.follow_up and not s.offline_documents:
            ev = s.online_form[:2] + s.online_documents[:2] + s.follow_up[:2]
            return Decision(4, min(0.9, 0.5 + 0.08 * len(ev)), tuple(ev))
        ev = s.online_form[:3] + s.offline_documents[:2]
        if all(e.cue.startswith(("link to a teleservice", "text ")) for e in s.online_form):
            return Decision(3, LINK_ONLY_CONFIDENCE, tuple(ev))  # a link is all there is
        return Decision(3, min(0.85, 0.5 + 0.1 * len(ev)), tuple(ev))
    if s.download:
        return Decision(2, min(0.85, 0.55 + 0.1 * len(s.download)), tuple(s.download[:4]))
    if s.info or s.relayed or described:
        ev = s.info[:3] + s.relayed[:2] or [Evidence("service described, no online or form cue", base_url)]
        return Decision(1, 0.6 if (s.info or s.relayed) else 0.45, tuple(ev))
    return Decision(None, 0.0, (Evidence("no level evidence", base_url),))


def grade_level(service_page: PageFeatures, sub_pages: Sequence[PageFeatures] = (),
                documents: Sequence[Document] | None = None,
                entry_pages: Sequence[PageFeatures] = (),
                knowledge: Knowledge | None = None) -> Decision:
    """Level 1-4 of a service from its page, sub-pages, linked documents and entry pages.

    ``documents=None`` derives them from the links; pass inspected documents (with
    ``fillable``) when the files were fetched.
    """
    s = collect_signals(service_page, sub_pages, documents, entry_pages, knowledge)
    return decide(s, service_page.url)
