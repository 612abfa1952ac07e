"""Group a collectivité's stored pages into services: one service page with its sub-pages,
documents and entry points, so that counts do not depend on how finely a site splits them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from barometre.crawl.urls import HostSet, host_of, lookup_host
from barometre.detect.core.cues import find_cues
from barometre.detect.core.decision import Decision
from barometre.detect.core.documents import Document, document_kind
from barometre.detect.core.features import Link, PageFeatures
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.platform import _url_fingerprints
from barometre.detect.core.service_page import is_service_page
from barometre.detect.core.text import normalise

LISTING = 3  # a page linking to this many other service pages lists services
LISTING_SHARE = 0.4  # ... or whose text is mostly such titles (a theme page with one service)
OWN_SHARE = 0.5  # ... or whose text is mostly those titles and teasers quoted from those pages
OWN_SHARE_SEVERAL = 0.75  # (teasers are often a meta description, not quoted: less own text is needed with two)
QUOTE_WORDS = 6  # a run of this many words found in a linked page's text is quoted from it
MIN_TITLE = 8
SUB_PAGE_REST = 40  # what a sub-page's title adds to its service's title ("pièces à fournir")
TEMPLATE_SHARE, TEMPLATE_MIN_PAGES = 0.3, 5
TEMPLATE_TEXT_SHARE = 0.6  # menus printed in the text of pages without <main> (search facets stay below)  # a shorter service title is too generic to recognise it inside another title
LINK_RELS_SKIPPED = {"sitemap", "sitemap-entry", "alternate", "stylesheet", "icon"}


@dataclass(slots=True)
class StoredPage:
    """What the inventory needs of one stored page (plain data, filled by the Django edge)."""

    url: str
    status: int | None = 200
    content_type: str = "text/html"
    one_hop: bool = False
    links: tuple[tuple[str, str, str], ...] = ()  # (canonical url, anchor text, rel)
    document: dict = field(default_factory=dict)
    features: PageFeatures | None = None
    depth: int = 0

    @property
    def is_html(self) -> bool:
        return self.features is not None


@dataclass(slots=True)
class ServiceGroup:
    """One service: its page, the pages and files that belong to it, and where one starts it."""

    page: PageFeatures
    service_decision: Decision
    sub_pages: list[PageFeatures] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    entry_pages: list[PageFeatures] = field(default_factory=list)  # own e-service or platform pages
    relay_links: list[Link] = field(default_factory=list)
    entry_url: str | None = None
    urls: list[str] = field(default_factory=list)
    content_links: list[Link] = field(default_factory=list)  # the page's links, menus and footer left out
    on_portal: bool = True  # False: the page is on an e-service host (its fingerprints are the service's)


def page_links(stored: StoredPage) -> tuple[Link, ...]:
    """The stored (canonical) links of a page as :class:`Link` tuples."""
    out = []
    for url, text, rel in stored.links:
        if rel in LINK_RELS_SKIPPED or url.startswith(("mailto:", "tel:")):
            continue
        out.append(Link(url, text or "", host_of(url)))
    return tuple(out)


def _redirects(pages: Iterable[StoredPage]) -> dict[str, str]:
    return {p.url: url for p in pages if p.status and 300 <= p.status < 400
            for url, _, rel in p.links[:1] if rel == "redirect"}


def _resolve(url: str, redirects: dict[str, str]) -> str:
    for _ in range(6):
        nxt = redirects.get(url)
        if nxt is None or nxt == url:
            return url
        url = nxt
    return url


def _path(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


def _title(page: PageFeatures) -> str:
    return normalise(page.h1 or page.title)


def _is_satellite(service: PageFeatures, other: PageFeatures, independent: bool = False,
                  knowledge: Knowledge | None = None) -> bool:
    """A page that is part of ``service``: titled after it, or deeper in its path (unless it is
    a service page of its own)."""
    if other.host == service.host and not independent:
        base = _path(service.url)
        if base and _path(other.url).startswith(base + "/") and not urlsplit(service.url).query:
            return True
    title, other_title = _title(service), _title(other)
    if len(title) < MIN_TITLE or title not in other_title or len(other_title) <= len(title):
        return False
    if not independent:
        return True
    # a page that is a service page of its own is part of this one only when what its title
    # adds names a step ("X : pièces à fournir"), not another aid ("X : aide aux impayés d'énergie")
    rest = other_title.replace(title, " ", 1).strip()
    return bool(find_cues("sub_page_title", rest, knowledge)) and len(rest) <= SUB_PAGE_REST


def _is_platform_url(url: str, k: Knowledge) -> bool:
    return any(_url_fingerprints(url, spec) for name, spec in k.platforms.items() if name != "in_house")


def group_services(pages: Sequence[StoredPage], own_hosts: Iterable[str],
                   knowledge: Knowledge | None = None) -> list[ServiceGroup]:
    """Service pages of one collectivité, each with what belongs to it (pure, no I/O)."""
    k = knowledge or load_knowledge()
    own = HostSet(h.lower() for h in own_hosts)  # the crawl's rule: listed hosts and their sub-domains
    by_url = {p.url: p for p in pages}
    redirects = _redirects(pages)
    duplicates = duplicate_pages(pages)
    redirects.update(duplicates)
    portal_hosts = _portal_hosts(pages, own)
    language = _site_language(pages)
    _name_pages(pages)
    decisions: dict[str, Decision] = {}
    for p in pages:
        if p.features is not None and not p.one_hop and p.status == 200 and p.features.host in portal_hosts \
                and p.url not in duplicates and not p.features.noindex and _lang(p.features) in ("", language):
            decision = is_service_page(p.features, k)
            if decision.value:
                decisions[p.url] = decision
    chrome = template_links(pages)
    titled = _template_titles(pages, {u: _title(by_url[u].features) for u in decisions})
    for url in [u for u in decisions if _lists_services(by_url[u], decisions, redirects, by_url, titled)]:
        del decisions[url]  # a theme page, hub, FAQ or search result listing several services
    for url in [u for u in decisions if _news_about(by_url[u], decisions, redirects, titled, k)]:
        del decisions[url]  # a dated news item quoting a service and linking to its page
    main_host = _main_host(pages)
    # the portal's pages first: a démarche page of the e-service host that a portal page leads
    # to belongs to that page's service; only the e-service host's other démarches stand alone
    candidates = sorted(decisions, key=lambda u: (host_of(u) != main_host, by_url[u].depth, len(u), u))
    groups: dict[str, ServiceGroup] = {}
    absorbed: set[str] = set()
    for url in candidates:
        if url in absorbed:
            continue
        stored = by_url[url]
        group = ServiceGroup(page=stored.features, service_decision=decisions[url],
                             on_portal=stored.features.host == main_host)
        _attach(group, stored, by_url, redirects, own, absorbed, decisions, chrome, k)
        groups[url] = group
        for other in absorbed & groups.keys():
            if other != url:  # a page first taken for a service turns out to be part of this one
                _merge(group, groups.pop(other))
    return [groups[u] for u in candidates if u in groups]


def duplicate_pages(pages: Sequence[StoredPage]) -> dict[str, str]:
    """Pages that are another page under a second URL -> that page: a ``<link rel=canonical>``
    naming another stored page, or the same title and text as a page with a shorter URL
    (CMS aliases, session or portlet parameters, upper-case paths)."""
    from barometre.crawl.scope import canonicalize

    html = [p for p in pages if p.features is not None and not p.one_hop and p.status == 200]
    stored = {p.url for p in html}
    out: dict[str, str] = {}
    for p in html:
        canonical = canonicalize(p.features.canonical) if p.features.canonical else None
        if canonical and canonical != p.url and canonical in stored:
            out[p.url] = canonical
    first: dict[tuple[str, str], str] = {}
    for p in sorted(html, key=lambda p: (bool(urlsplit(p.url).query), len(p.url), p.url)):
        if p.url in out or len(p.features.norm_text) < 200:
            continue
        key = (p.features.h1 or p.features.title, p.features.norm_text)
        if key in first:
            out[p.url] = first[key]
        else:
            first[key] = p.url
    return {u: _resolve(c, out) for u, c in out.items()}


def _lang(page: PageFeatures) -> str:
    return page.lang.split("-", 1)[0].lower()


def _site_language(pages: Sequence[StoredPage]) -> str:
    """The language most of the site's pages declare: pages in another one are translations."""
    counts: dict[str, int] = {}
    for p in pages:
        if p.features is not None and not p.one_hop:
            lang = _lang(p.features)
            if lang:
                counts[lang] = counts.get(lang, 0) + 1
    return max(counts, key=counts.get) if counts else ""


def template_links(pages: Sequence[StoredPage]) -> frozenset[str]:
    """Links of the site's template (menus, footer): found on a large share of its pages."""
    html = [p for p in pages if p.features is not None and not p.one_hop]
    counts: dict[str, int] = {}
    for p in html:
        for url in {u for u, _, _ in p.links}:
            counts[url] = counts.get(url, 0) + 1
    floor = max(TEMPLATE_MIN_PAGES, TEMPLATE_SHARE * len(html))
    return frozenset(u for u, n in counts.items() if n >= floor)


_SEPARATORS = re.compile(r"\s+[|–—-]\s+")


def _name_pages(pages: Sequence[StoredPage]) -> None:
    """Give pages without a <h1> their <title> minus the site name shared by the site's titles."""
    html = [p for p in pages if p.features is not None and not p.one_hop]
    counts: dict[str, int] = {}
    for p in html:
        for part in set(_SEPARATORS.split(p.features.title)):
            counts[part] = counts.get(part, 0) + 1
    floor = max(TEMPLATE_MIN_PAGES, TEMPLATE_SHARE * len(html))
    site_names = {part for part, n in counts.items() if n >= floor}
    for p in html:
        if not p.features.h1 and p.features.title:
            parts = [x for x in _SEPARATORS.split(p.features.title) if x not in site_names]
            p.features = replace(p.features, h1=" - ".join(parts) or p.features.title)


def _template_titles(pages: Sequence[StoredPage], titles: dict[str, str]) -> dict[str, str]:
    """Candidate titles that are not part of the site's template text (menus printed in pages
    without a <main>): url -> title."""
    texts = [p.features.norm_text for p in pages if p.features is not None and not p.one_hop]
    floor = max(TEMPLATE_MIN_PAGES, TEMPLATE_TEXT_SHARE * len(texts))
    return {u: t for u, t in titles.items() if t and sum(t in text for text in texts) < floor}


def _lists_services(stored: StoredPage, decisions: dict[str, Decision], redirects: dict[str, str],
                    by_url: dict[str, StoredPage], titled: dict[str, str]) -> bool:
    """A page whose own text is mostly the titles of the service pages it links to."""
    page = stored.features
    others = {_resolve(u, redirects) for u, _, _ in stored.links} & titled.keys()
    others.discard(stored.url)
    own_title = _title(page)
    # a linked page whose title begins this page's own title ("FSL" → "FSL : aide aux impayés
    # d'énergie") is its parent, not a listed service
    named = [u for u in others if titled[u] in page.norm_text
             and not (own_title.startswith(titled[u]) and len(own_title) > len(titled[u]))]
    if len(named) >= LISTING:
        return True
    if not named:
        return False
    if sum(len(titled[u]) for u in named) >= LISTING_SHARE * len(page.norm_text):
        return True
    own = _own_share(page.norm_text, [by_url[u].features.norm_text for u in named], titled, named)
    return own < (OWN_SHARE_SEVERAL if len(named) > 1 else OWN_SHARE)


def _news_about(stored: StoredPage, decisions: dict[str, Decision], redirects: dict[str, str],
                titled: dict[str, str], knowledge: Knowledge) -> str | None:
    """The service page a dated page is news about: it shows a publication date, links to a
    service page, and carries that page's title in its own (« Chèque Sénior : déposez votre
    demande avant le 3 juillet », « Nouveau en 2026 : Chèque Solidarité Chauffage ») or sends
    its reader there (« Toutes les informations sur la page Devenir assistant(e) maternel(le) »)."""
    from barometre.detect.core.service_page import publication

    page = stored.features
    if publication(page) is None:
        return None
    own_title = _title(page)
    pointers = find_cues("news_pointer", page.norm_text, knowledge)
    for url, _, _ in stored.links:
        target = _resolve(url, redirects)
        title = titled.get(target)
        if target == stored.url or target not in decisions or not title:
            continue
        if (title in own_title and len(title) < len(own_title)) \
                or any(f"{cue} {title}" in page.norm_text for cue in pointers):
            return target
    return None


def _own_share(text: str, linked_texts: list[str], titled: dict[str, str], named: list[str]) -> float:
    """Share of a page's words that are neither the titles of the service pages it links to nor
    quoted from them (the teasers of a theme page or a hub are the leads of its services)."""
    words = text.split()
    covered = [False] * len(words)
    quoted = {" ".join(t.split()[i:i + QUOTE_WORDS]) for t in linked_texts
              for i in range(0, max(1, len(t.split()) - QUOTE_WORDS + 1))}
    quoted |= {titled[u] for u in named}
    for size in {QUOTE_WORDS, *(len(titled[u].split()) for u in named)}:
        for i in range(0, len(words) - size + 1):
            if " ".join(words[i:i + size]) in quoted:
                covered[i:i + size] = [True] * size
    return 1 - sum(covered) / max(1, len(words))


def _portal_hosts(pages: Sequence[StoredPage], own: HostSet) -> HostSet:
    """Own hosts whose pages may present services: the portal and the e-service hosts (whose
    screens — login, account, "mes demandes" — are told apart by their page kind)."""
    return own | {p.features.host for p in pages if p.features is not None and not p.one_hop}


def _main_host(pages: Sequence[StoredPage]) -> str:
    """The host holding most of the information pages (the portal)."""
    counts: dict[str, int] = {}
    for p in pages:
        if p.features is not None and not p.one_hop:
            counts[p.features.host] = counts.get(p.features.host, 0) + 1
    return max(sorted(counts), key=counts.get) if counts else ""


def _attach(group: ServiceGroup, stored: StoredPage, by_url: dict[str, StoredPage],
            redirects: dict[str, str], own: HostSet, absorbed: set[str],
            decisions: dict[str, Decision], chrome: frozenset[str], k: Knowledge) -> None:
    page = group.page
    urls = [page.url]
    queue = [stored]
    seen = {page.url}
    while queue:
        current = queue.pop(0)
        for link in page_links(current):
            if link.url in chrome:
                continue
            if current is stored:
                group.content_links.append(link)
            target = _resolve(link.url, redirects)
            if target in seen:
                continue
            seen.add(target)
            linked = by_url.get(target)
            host = host_of(target)
            kind = document_kind(target)
            if kind:
                if host in own:
                    doc = (linked.document if linked else {}) or {}
                    group.documents.append(Document(target, kind, doc.get("fillable"), link.text))
                    urls.append(target)
                continue
            if lookup_host(host, k.relay_hosts):
                group.relay_links.append(Link(target, link.text, host))
                urls.append(target)
                group.entry_url = group.entry_url or target
                continue
            feats = linked.features if linked is not None else None
            if host in own and host != page.host and _path(target) or host not in own and _is_platform_url(target, k):
                group.entry_pages.append(feats or PageFeatures(url=target))
                urls.append(target)
                group.entry_url = target
                if host in own:
                    absorbed.add(target)
            elif feats is not None and host in own and current is stored \
                    and _is_satellite(page, feats, target in decisions, k):
                group.sub_pages.append(feats)
                urls.append(target)
                absorbed.add(target)
                queue.append(linked)
    if group.entry_url is None:
        group.entry_url = _own_entry(group, k)
    group.urls = list(dict.fromkeys(urls))


def _own_entry(group: ServiceGroup, k: Knowledge) -> str | None:
    """Where one starts a service the portal handles itself: its form page, else its form file."""
    from barometre.detect.core.level import is_request_form

    for candidate in (group.page, *group.sub_pages):
        if any(is_request_form(f) for f in candidate.forms):
            return candidate.url
    forms = [d for d in group.documents if d.fillable or is_form_document(d, k)]
    return forms[0].url if forms else None


def is_form_document(doc: Document, knowledge: Knowledge | None = None) -> bool:
    """A document whose link text or file name says it is a form to fill in."""
    words = normalise(f"{doc.text} {doc.url.rsplit('/', 1)[-1]}")
    return bool(find_cues("form_documents", words, knowledge))


def _merge(into: ServiceGroup, other: ServiceGroup) -> None:
    into.sub_pages.extend([other.page, *other.sub_pages])
    into.documents.extend(other.documents)
    into.entry_pages.extend(other.entry_pages)
    into.relay_links.extend(other.relay_links)
    into.entry_url = into.entry_url or other.entry_url
    into.urls = list(dict.fromkeys([*into.urls, *other.urls]))
