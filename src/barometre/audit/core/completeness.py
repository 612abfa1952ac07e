"""What is missing or broken on a portal: broken internal links, server errors, documents that
failed to load, redirect loops, network failures. Each item carries its URL and status.
"""

from __future__ import annotations

from barometre.crawl.urls import on_hosts

from .evidence import measure
from .inputs import FetchedPage, Hosts, Links, normalise_url

BROKEN_STATUSES = {404, 410}
# The crawler's own limits are not failures of the site: the target answered.
NOT_BROKEN_ERRORS = {"too_large"}


def index_pages(pages: list[FetchedPage]) -> dict[str, FetchedPage]:
    """Pages by normalised requested URL, final URL and intermediate redirect URLs."""
    index: dict[str, FetchedPage] = {}
    for p in pages:
        for url in [p.url, *p.redirect_chain, p.final_url or p.url]:
            index.setdefault(normalise_url(url), p)
    return index


def _failed(page: FetchedPage) -> bool:
    if page.error_kind in NOT_BROKEN_ERRORS:
        return False
    return page.error_kind is not None or page.status in BROKEN_STATUSES


def broken_links(pages: list[FetchedPage], links: Links, hosts: Hosts) -> dict:
    """Links to the collectivité's hosts whose target answered 404/410 or failed to load."""
    hosts = frozenset(hosts)
    index = index_pages(pages)
    broken, unchecked, checked = [], set(), 0
    seen: set[tuple[str, str]] = set()
    for source, page_links in links.items():
        for href, text in page_links:
            if not href.startswith(("http://", "https://")) or not on_hosts(href, hosts):
                continue
            key = normalise_url(href)
            target = index.get(key)
            if target is None:
                unchecked.add(key)
                continue
            checked += 1
            if _failed(target) and (key, source) not in seen:
                seen.add((key, source))
                broken.append({"url": href, "status": target.status, "error": target.error_kind,
                               "from": source, "anchor": text})
    return measure(len(broken), sorted({b["from"] for b in broken}), items=broken,
                   links_checked=checked, targets_not_fetched=len(unchecked))


def error_pages(pages: list[FetchedPage]) -> list[dict]:
    """Responses with a 5xx status."""
    return [{"url": p.url, "status": p.status, "from": p.referrer}
            for p in pages if p.status is not None and p.status >= 500]


def network_failures(pages: list[FetchedPage]) -> list[dict]:
    """Requests that got no usable response (timeout, reset, DNS, too large...)."""
    return [{"url": p.url, "status": p.status, "error": p.error_kind, "from": p.referrer}
            for p in pages if p.error_kind and p.error_kind not in ("http_error", "redirect_loop")]


def failed_documents(pages: list[FetchedPage]) -> list[dict]:
    """PDFs and office forms that did not load (HTTP error, network error, empty body)."""
    out = []
    for p in pages:
        if not p.is_document:
            continue
        empty = p.ok and p.size == 0
        if p.error_kind or (p.status is not None and p.status >= 400) or empty:
            out.append({"url": p.url, "status": p.status, "error": p.error_kind or
                        ("empty" if empty else None), "from": p.referrer})
    return out


def redirect_loops(pages: list[FetchedPage]) -> list[dict]:
    """Requests that ended in a redirect loop, or whose chain revisits a URL."""
    out = []
    for p in pages:
        chain = [normalise_url(u) for u in p.redirect_chain]
        if p.error_kind == "redirect_loop" or len(chain) != len(set(chain)):
            out.append({"url": p.url, "status": p.status, "chain": p.redirect_chain,
                        "from": p.referrer})
    return out


def audit_completeness(pages: list[FetchedPage], links: Links, hosts: Hosts,
                       slow_urls: list[dict]) -> dict:
    """Completeness section of a portal audit."""
    errors = error_pages(pages)
    return {
        "broken_links": broken_links(pages, links, hosts),
        "error_pages": measure(len(errors), [e["url"] for e in errors], items=errors),
        "failed_documents": failed_documents(pages),
        "redirect_loops": redirect_loops(pages),
        "network_failures": network_failures(pages),
        "slow_urls": slow_urls,
    }
