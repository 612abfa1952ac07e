"""Security and privacy signals readable from stored responses: HTTPS, headers, cookies, mixed
content, third parties and trackers (knowledge/trackers.yaml), FranceConnect, certificates.

Certificates: the crawl verifies every https connection and writes the verdict on the first page
of each https host (`tls:*` anomalies), or fails the page with error kind `tls` (barometre.crawl.tls).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from barometre.crawl.urls import host_of, host_suffixes, on_hosts

from .document import Document
from .evidence import measure, not_measurable
from .inputs import FetchedPage, Hosts, Links

MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)
HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options",
           "referrer-policy", "permissions-policy")


def inline_scripts(doc: Document) -> str:
    return "\n".join(node.text() for node in doc.tree.css("script:not([src])")).lower()


def _header(page: FetchedPage, name: str) -> dict:
    value = page.headers.get(name)
    return measure(value is not None, [page.final_url], header=value)


def security_headers(home: FetchedPage) -> dict:
    """HSTS, CSP, X-Content-Type-Options, framing protection, Referrer- and Permissions-Policy.

    HSTS sent over plain http is ignored by browsers (RFC 6797 §8.1): it does not count.
    """
    hsts = home.headers.get("strict-transport-security")
    if hsts and (home.final_url or home.url).startswith("http://"):
        hsts = None
    max_age = int(m.group(1)) if hsts and (m := MAX_AGE.search(hsts)) else None
    out = {"hsts": measure(bool(hsts and max_age), [home.final_url], header=hsts, max_age=max_age,
                           include_subdomains=bool(hsts and "includesubdomains" in hsts.lower()))}
    for name in HEADERS:
        out[name.replace("-", "_")] = _header(home, name)
    csp = (home.headers.get("content-security-policy") or "").lower()
    xfo = home.headers.get("x-frame-options")
    out["framing_protection"] = measure(bool(xfo) or "frame-ancestors" in csp, [home.final_url],
                                        via="x-frame-options" if xfo else
                                        "frame-ancestors" if "frame-ancestors" in csp else None)
    out["x_content_type_options"]["value"] = (home.headers.get("x-content-type-options") or "") \
        .strip().lower() == "nosniff"
    return out


def http_redirect(pages: list[FetchedPage], hosts: Hosts) -> dict:
    """Whether http:// URLs of the collectivité's hosts end on https://.

    A page reached through redirects says where its first http:// URL ended; a redirect whose
    destination was not fetched again (already fetched, or the crawl's http-probe of a portal
    found on https) says it by its Location."""
    hosts = frozenset(hosts)
    verdicts: dict[str, bool] = {}
    hops: dict[str, bool] = {}
    for p in pages:
        if p.status and 300 <= p.status < 400:
            if p.url.startswith("http://") and on_hosts(p.url, hosts) and p.headers.get("location"):
                hops[p.url] = urljoin(p.url, p.headers["location"]).startswith("https://")
            continue
        starts = [p.url] + list(p.redirect_chain)
        http = [u for u in starts if u.startswith("http://") and on_hosts(u, hosts)]
        if http and p.final_url and p.error_kind is None:
            verdicts.setdefault(http[0], p.final_url.startswith("https://"))
    seen = {**hops, **verdicts}
    if not seen:
        return not_measurable("the crawl requested no http:// URL of the collectivité's hosts")
    failing = [u for u, ok in seen.items() if not ok]
    return measure(not failing, failing or list(seen), checked=len(seen))


PROBLEMS = {  # tls:<problem> anomalies of the crawl, as the dashboard says them
    "expired": "certificat expiré",
    "not_yet_valid": "certificat pas encore valide",
    "incomplete_chain": "chaîne de certification incomplète (certificat intermédiaire manquant)",
    "self_signed": "certificat auto-signé",
    "untrusted_root": "autorité de certification non reconnue",
    "hostname_mismatch": "certificat émis pour un autre nom de domaine",
}


def _tls_facts(page: FetchedPage) -> dict | None:
    """The certificate verdict the crawl wrote on a page, or None."""
    marks = [a[4:] for a in page.anomalies if a.startswith("tls:")]
    if not marks and page.error_kind != "tls":
        return None
    facts: dict = {"url": page.url, "host": host_of(page.url), "verified": "verified" in marks,
                   "problem": None, "not_after": None, "issuer": None}
    for mark in marks:
        key, _, value = mark.partition("=")
        if key in ("not_after", "issuer"):
            facts[key] = value
        elif key != "verified":
            facts["problem"] = key
    if not facts["verified"] and not facts["problem"]:
        facts["problem"] = "unverified"
    facts["label"] = PROBLEMS.get(facts["problem"], "certificat non vérifiable") if facts["problem"] else None
    return facts


def certificates(pages: list[FetchedPage], hosts: Hosts) -> dict:
    """Whether the certificates of the collectivité's https hosts verified, with why not and
    their expiry (notAfter); the evidence is the https URL that showed each failure."""
    hosts = frozenset(hosts)
    seen: dict[str, dict] = {}
    for p in pages:
        if p.url.startswith("https://") and on_hosts(p.url, hosts):
            facts = _tls_facts(p)
            if facts and (facts["host"] not in seen or not facts["verified"]):
                seen[facts["host"]] = facts
    if not seen:
        return not_measurable("aucune page https:// de la collectivité ne porte le verdict TLS "
                              "du crawl (pas d'https, ou crawl antérieur à la vérification des certificats)")
    listed = sorted(seen.values(), key=lambda f: f["host"])
    failing = [f for f in listed if not f["verified"]]
    return measure(not failing, [f["url"] for f in failing] or [f["url"] for f in listed], hosts=listed,
                   problems=sorted({f["problem"] for f in failing}),
                   reasons=[f"{f['host']}\u00a0: {f['label']}" for f in failing])


def https_offered(home: FetchedPage | None, pages: list[FetchedPage], hosts: Hosts) -> dict:
    """Whether the portal lives on https; a home on http whose https is broken says so."""
    if home is None:
        return not_measurable("page d'accueil non collectée")
    if (home.final_url or "").startswith("https://"):
        return measure(True, [home.final_url])
    broken = [p for p in pages if p.url.startswith("https://") and p.error_kind == "tls"
              and on_hosts(p.url, frozenset(hosts))]
    return measure(False, [home.final_url, *(p.url for p in broken[:1])],
                   https_broken=bool(broken))


def parse_cookie(header: str) -> dict:
    """Name and security flags of one Set-Cookie header."""
    first, *attrs = [part.strip() for part in header.split(";")]
    flags = {a.split("=", 1)[0].strip().lower(): a.split("=", 1)[1].strip() if "=" in a else True
             for a in attrs if a}
    return {"name": first.split("=", 1)[0].strip(), "secure": "secure" in flags,
            "httponly": "httponly" in flags, "samesite": flags.get("samesite")}


def cookies(pages: list[FetchedPage], hosts: Hosts) -> dict:
    """Cookies set by the collectivité's hosts, with the flags they lack."""
    hosts = frozenset(hosts)
    found: dict[tuple[str, str], dict] = {}
    for p in pages:
        url = p.final_url or p.url
        if not on_hosts(url, hosts):
            continue
        for header in p.set_cookies:
            cookie = parse_cookie(header)
            missing = [flag for flag in ("secure", "httponly") if not cookie[flag]]
            missing += [] if cookie["samesite"] else ["samesite"]
            found.setdefault((cookie["name"], host_of(url)), {**cookie, "url": url, "missing": missing})
    listed = list(found.values())
    weak = [c for c in listed if c["missing"]]
    return measure(len(weak), [c["url"] for c in weak], cookies=listed, total=len(listed))


def mixed_content(docs: list[Document]) -> dict:
    """http:// resources loaded by https:// pages."""
    items = [{"page": d.url, "resource": url, "tag": tag} for d in docs if d.url.startswith("https://")
             for tag, url in d.resources if url.startswith("http://")]
    checked = sum(d.url.startswith("https://") for d in docs)
    if not checked:
        return not_measurable("no https:// page fetched")
    return measure(len(items), [i["page"] for i in items], items=items[:100], pages_checked=checked)


class TrackerIndex:
    """Trackers looked up by host suffix, so each resource costs a few dict lookups."""

    def __init__(self, trackers: list[dict]):
        self.trackers = {t["id"]: t for t in trackers}
        self.by_host: dict[str, list[str]] = {}
        self.by_path: list[tuple[str, str]] = []
        for t in trackers:
            for entry in t["hosts"]:
                if "/" in entry:
                    self.by_path.append((entry, t["id"]))
                else:
                    self.by_host.setdefault(entry, []).append(t["id"])
        self.patterns = [(p.lower(), t["id"]) for t in trackers for p in t["patterns"]]

    def match(self, resources: list[str], scripts: str) -> dict[str, list[str]]:
        """{tracker id: cues} for a page's resource URLs and inline script text."""
        hits: dict[str, list[str]] = {}
        for url in resources:
            for suffix in host_suffixes(host_of(url)):
                for tid in self.by_host.get(suffix, ()):
                    hits.setdefault(tid, []).append(url)
            lowered = url.lower()
            for entry, tid in self.by_path:
                if entry in lowered:
                    hits.setdefault(tid, []).append(url)
        urls = "\n".join(resources).lower()
        for pattern, tid in self.patterns:
            if pattern in scripts or pattern in urls:
                hits.setdefault(tid, []).append(pattern)
        return hits


def third_parties(docs: list[Document], hosts: Hosts, trackers: list[dict]) -> dict:
    """Third-party hosts loaded by the pages, and the known trackers among them."""
    hosts = frozenset(hosts)
    index = TrackerIndex(trackers)
    third: dict[str, set[str]] = {}
    hits: dict[str, dict] = {}
    for doc in docs:
        resources = [url for _, url in doc.resources if urlsplit(url).scheme in ("http", "https")]
        for url in resources:
            if not on_hosts(url, hosts):
                third.setdefault(host_of(url), set()).add(doc.url)
        for tid, cues in index.match(resources, inline_scripts(doc)).items():
            tracker = index.trackers[tid]
            hit = hits.setdefault(tid, {
                "id": tid, "name": tracker["name"], "category": tracker["category"],
                "exempt_if_configured": tracker.get("exempt_if_configured", False),
                "note": tracker.get("note"), "evidence": [], "cues": []})
            hit["evidence"].append(doc.url)
            hit["cues"] = sorted(set(hit["cues"]) | set(cues))[:6]
    found = sorted(hits.values(), key=lambda t: t["id"])
    for hit in found:
        hit["evidence"] = list(dict.fromkeys(hit["evidence"]))[:20]
    needing_consent = [t["id"] for t in found
                       if t["category"] != "consent" and not t["exempt_if_configured"]]
    return {
        "third_party_hosts": measure(sorted(third), sorted({u for s in third.values() for u in s})[:50],
                                     count=len(third)),
        "trackers": found,
        "trackers_requiring_consent": needing_consent,
        "consent_manager": any(t["category"] == "consent" for t in found),
    }


def franceconnect(docs: list[Document], links: Links, cues: dict) -> dict:
    """FranceConnect offered: a link to a FranceConnect host, its button class or its label."""
    if not docs and not links:
        return not_measurable("no HTML page fetched")  # nothing read: not "no FranceConnect"
    evidence, found_cues = [], []
    fc_hosts = frozenset(cues["hosts"])
    class_selector = ", ".join(f'[class*="{c}"]' for c in cues["class_cues"])
    for page_url, page_links in links.items():
        for href, _ in page_links:
            if on_hosts(href, fc_hosts):
                evidence.append(page_url)
                found_cues.append(href)
    for doc in docs:
        if any(c in doc.folded for c in cues["text_cues"]):
            evidence.append(doc.url)
            found_cues.append(next(c for c in cues["text_cues"] if c in doc.folded))
        elif doc.tree.css_first(class_selector):
            evidence.append(doc.url)
            found_cues.append("class")
        elif any(on_hosts(h, fc_hosts) for h, _ in doc.anchors):
            evidence.append(doc.url)
            found_cues.append("link")
    return measure(bool(evidence), evidence, cues=sorted(set(found_cues))[:10])


def audit_security(home: FetchedPage | None, pages: list[FetchedPage], docs: list[Document],
                   links: Links, hosts: Hosts, trackers: list[dict], fc_cues: dict,
                   probes: list[FetchedPage] = ()) -> dict:
    """Security section of a portal audit (`probes`: the crawl's http-probe answers)."""
    https = https_offered(home, pages, hosts)
    headers = {} if home is None else security_headers(home)
    return {
        "https": https,
        "http_to_https_redirect": http_redirect([*pages, *probes], hosts),
        "headers": headers,
        "cookies": cookies(pages, hosts),
        "mixed_content": mixed_content(docs),
        **third_parties(docs, hosts, trackers),
        "franceconnect": franceconnect(docs, links, fc_cues),
        "tls_valid": certificates(pages, hosts),
    }
