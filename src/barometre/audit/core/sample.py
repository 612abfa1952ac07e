"""Which pages of a portal the in-browser audit loads: the home page, the services hub, the most
linked service pages and one page carrying a form — chosen from the stored crawl, with the cue
that chose each (a browser audit costs ~0.3 s per page, so it samples, the static audit does not).
"""

from __future__ import annotations

from collections import Counter

from barometre.crawl.urls import on_hosts

from .document import Document, documents, fold
from .inputs import FetchedPage, Links, normalise_url
from .portal import find_home


def _has_form(doc: Document) -> bool:
    """A form a user fills in: not a search box, with a message, a file or posted fields."""
    for form in doc.tree.css("form"):
        attrs = form.attributes
        if (attrs.get("role") or "") == "search" or form.css_first("input[type=search]"):
            continue
        if (form.css_first("textarea") or form.css_first("input[type=file]")
                or (attrs.get("method") or "").lower() == "post"):
            return True
    return False


def _find_hub(home_links: list[tuple[str, str]], ok: dict[str, Document], cues: dict) -> tuple[str, str] | None:
    for href, anchor in home_links:
        key = normalise_url(href)
        if key not in ok:
            continue
        folded = fold(anchor)
        url_cue = next((c for c in cues["hub_url_cues"] if c in key), None)
        anchor_cue = next((c for c in cues["hub_anchor_cues"] if c in folded), None)
        if url_cue or anchor_cue:
            return ok[key].url, f"lien « {anchor} »" if anchor_cue else f"URL contient « {url_cue} »"
    return None


def key_pages(home_url: str, pages: list[FetchedPage], links: Links, hosts, n: int,
              cues: dict) -> list[dict]:
    """Up to `n` pages: [{role: home|hub|service|form, url, cue}], home first.

    Only pages the crawl fetched successfully as HTML on the collectivité's hosts are chosen, so a
    browser never spends time on a known error page.
    """
    docs = [d for d in documents(pages) if d.page.ok and on_hosts(d.url, hosts)]
    ok = {}
    for doc in docs:
        for url in (doc.page.url, doc.url):
            ok.setdefault(normalise_url(url), doc)
    chosen: list[dict] = []
    taken: set[str] = set()

    def take(role: str, doc: Document, cue: str) -> None:
        if len(chosen) < n and normalise_url(doc.url) not in taken:
            chosen.append({"role": role, "url": doc.url, "cue": cue})
            taken.add(normalise_url(doc.url))

    home_page = find_home(home_url, pages)
    home = ok.get(normalise_url(home_page.final_url or home_page.url)) if home_page else None
    if home is None:
        return []
    take("home", home, "page d'accueil")
    home_links = links.get(home.url) or links.get(home.page.url) or home.anchors
    hub = _find_hub(home_links, ok, cues)
    if hub:
        take("hub", ok[normalise_url(hub[0])], hub[1])
    form = next((d for d in docs if normalise_url(d.url) not in taken and _has_form(d)), None)
    slots_for_services = n - len(chosen) - (1 if form else 0)
    source = links.get(hub[0], []) if hub else home_links
    inbound = Counter(normalise_url(href) for page_links in links.values() for href, _ in page_links)
    candidates, seen = [], set(taken)
    for order, (href, _) in enumerate(source):
        key = normalise_url(href)
        doc = ok.get(key)
        if doc is None or key in seen or any(c in key for c in cues["skip_url_cues"]):
            continue
        seen.add(key)
        candidates.append((-inbound[key], order, key, doc))
    for _, _, key, doc in sorted(candidates)[:max(slots_for_services, 0)]:
        take("service", doc, f"lié depuis {'le hub' if hub else 'l’accueil'} ({inbound[key]} liens entrants)")
    if form:
        take("form", form, "formulaire à remplir (textarea, fichier ou POST)")
    return chosen
