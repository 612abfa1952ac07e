"""Which e-service platform a service runs on, and whether FranceConnect is offered."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit

from barometre.crawl.urls import any_host, host_of
from barometre.detect.core.decision import Decision, Evidence, undecided
from barometre.detect.core.features import Link, PageFeatures
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.text import keyword_set, normalise

# Strength of each fingerprint kind; several fingerprints combine as 1 - prod(1 - s).
STRENGTH = {
    "generators": 0.95,
    "hosts": 0.9,
    "asset_paths": 0.8,
    "url_paths": 0.6,
    "html_cues": 0.6,
    "host_prefixes": 0.55,
    "link": 0.7,
    "text_cues": 0.35,
}
ACCEPT = 0.5
ACCOUNT_CUES = ("creer mon compte", "creer un compte", "se connecter", "mot de passe", "mes demandes",
                "mon compte", "connexion", "identifiant")


def _url_fingerprints(url: str, spec: dict) -> list[tuple[str, str]]:
    host = host_of(url)
    path = urlsplit(url).path.lower()
    hits = []
    if pattern := any_host(host, spec["hosts"]):
        hits.append(("hosts", f"host {host} ~ {pattern}"))
    for prefix in spec["host_prefixes"]:
        if host.startswith(prefix):
            hits.append(("host_prefixes", f"host prefix '{prefix}' in {host}"))
            break
    for fragment in spec["url_paths"]:
        if fragment in path:
            hits.append(("url_paths", f"path contains '{fragment}'"))
            break
    return hits


def _page_fingerprints(page: PageFeatures, spec: dict) -> list[tuple[str, str]]:
    hits = _url_fingerprints(page.url, spec)
    generator = page.generator.lower()
    for value in spec["generators"]:
        if value in generator:
            hits.append(("generators", f'meta generator "{page.generator}"'))
            break
    for fragment in spec["asset_paths"]:
        if any(fragment in asset for asset in page.asset_paths):
            hits.append(("asset_paths", f"asset path '{fragment}'"))
            break
    for fragment in spec["html_cues"]:
        if any(fragment in marker for marker in page.markers):
            hits.append(("html_cues", f"class/id '{fragment}'"))
            break
    found = keyword_set(spec["text_cues"]).find(page.norm_text) if spec["text_cues"] else []
    if found:
        hits.append(("text_cues", f"text '{found[0]}'"))
    return hits


def teleservice_link(url: str, knowledge: Knowledge | None = None) -> str | None:
    """The cue by which a link leads to a teleservice (platforms.yaml ``teleservice_links``), or
    None. A bare e-service host (no path, no query) is a home page, not a démarche."""
    tl = (knowledge or load_knowledge()).teleservice_links
    parts = urlsplit(url)
    host, path, query = (parts.hostname or "").lower(), parts.path.lower(), parts.query.lower()
    for fragment in tl["url_paths"]:
        if fragment in path or fragment in f"{path}#{parts.fragment.lower()}":
            return f"path contains '{fragment}'"
    for cue in tl["query_cues"]:
        if cue in query:
            return f"query '{cue}' (a login that leads to a démarche)"
    if path.strip("/") == "" and not query and not parts.fragment:
        return None
    for start in tl["host_starts"]:
        if host.startswith(start):
            return f"e-service host '{start}…'"
    labels = host.split(".")
    if len(labels) >= 2 and any(labels[-2].endswith(end) and labels[-2] != end for end in tl["domain_label_ends"]):
        return f"e-service domain '{labels[-2]}.{labels[-1]}'"
    return None


def _has_account(page: PageFeatures) -> bool:
    return any(f.has_password for f in page.forms) or bool(keyword_set(ACCOUNT_CUES).find(page.norm_text))


def detect_platform(page: PageFeatures, linked_pages: Iterable[PageFeatures] = (),
                    knowledge: Knowledge | None = None) -> Decision:
    """Platform of a service from its page, the pages it links to (entry points) and its links."""
    knowledge = knowledge or load_knowledge()
    strength: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[tuple[float, Evidence]]] = defaultdict(list)

    def add(platform: str, kind: str, cue: str, url: str, factor: float = 1.0) -> None:
        s = STRENGTH[kind] * factor
        strength[platform] = 1 - (1 - strength[platform]) * (1 - s)
        evidence[platform].append((s, Evidence(cue, url)))

    for candidate in (page, *linked_pages):
        for platform, spec in knowledge.platforms.items():
            for kind, cue in _page_fingerprints(candidate, spec):
                if platform == "in_house" and kind in ("host_prefixes", "url_paths") \
                        and not _has_account(candidate):
                    continue  # a "mon." host without any account cue is just a sub-site
                add(platform, kind, cue, candidate.url)
    for link in page.links:
        for platform, spec in knowledge.platforms.items():
            for kind, cue in _url_fingerprints(link.url, spec):
                if platform == "in_house" and kind != "hosts":
                    continue  # needs the linked page itself to show an account
                add(platform, "link", f"link to {link.url} ({cue})", page.url,
                    1.0 if kind == "hosts" else 0.8)
    if not strength:
        return undecided("no platform fingerprint", page.url)
    platform, score = max(strength.items(), key=lambda kv: (kv[1], kv[0] != "in_house"))
    ranked = tuple(e for _, e in sorted(evidence[platform], key=lambda se: -se[0]))
    if score < ACCEPT:
        return Decision(None, round(1 - score, 3), ranked[:4])
    return Decision(platform, round(score, 3), ranked[:6])


def franceconnect(pages: Iterable[PageFeatures], links: Iterable[Link] = (),
                  knowledge: Knowledge | None = None) -> Decision:
    """True when a page offers FranceConnect (link, form action or wording)."""
    knowledge = knowledge or load_knowledge()
    fc = knowledge.franceconnect
    cues = keyword_set(fc["text_cues"])
    seen_url = ""
    all_links = list(links)
    for page in pages:
        seen_url = seen_url or page.url
        all_links.extend(page.links)
        for form in page.forms:
            if any_host(host_of(form.action), fc["hosts"]):
                return Decision(True, 0.95, (Evidence(f"form posts to {form.action}", page.url),))
        for asset in page.asset_paths:
            if "franceconnect" in asset.lower():
                return Decision(True, 0.85, (Evidence(f"FranceConnect asset {asset}", page.url),))
        if found := cues.find(page.norm_text):
            return Decision(True, 0.8, (Evidence(f"text '{found[0]}'", page.url),))
    for link in all_links:
        if any_host(link.host, fc["hosts"]) or cues.find(normalise(link.text)):
            return Decision(True, 0.95, (Evidence(f"link to {link.url}", link.url),))
    return Decision(False, 0.6, (Evidence("no FranceConnect marker", seen_url),))
