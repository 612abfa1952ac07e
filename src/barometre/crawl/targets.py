"""What one campaign crawl is asked to do for each collectivité, resumed from what is stored."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .scope import Scope, canonicalize


@dataclass
class Target:
    """One collectivité's crawl: its scope, what is already fetched, and where to go next."""

    code: str
    collectivite_id: int
    run_id: int
    start_url: str
    scope: Scope
    max_pages: int
    seen: set[str] = field(default_factory=set)
    frontier: list[tuple[str, int, str, bool, str]] = field(default_factory=list)  # url, depth, referrer, one_hop, kind
    scheduled: int = 0
    fetched: int = 0
    bytes: int = 0
    errors: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    external_links: int = 0
    unreachable: str = ""
    budget_exhausted: bool = False
    recorded: int = 0
    ok_pages: int = 0  # pages (not robots/sitemaps) answered below 400 in this session
    first_at: float | None = None
    last_at: float | None = None
    previous: dict = field(default_factory=dict)  # totals of earlier sessions of this run

    def totals(self) -> dict:
        prev = self.previous
        return {
            "pages": prev.get("pages", 0) + self.recorded,
            "bytes": prev.get("bytes", 0) + self.bytes,
            "errors": dict(Counter(prev.get("errors", {})) + self.errors),
            "skipped": dict(Counter(prev.get("skipped", {})) + self.skipped),
            "external_links": prev.get("external_links", 0) + self.external_links,
        }

    def outcome(self, reason: str) -> tuple[str, str]:
        """(status, stop reason) of this run once the crawler stopped for `reason`."""
        if self.unreachable and self.ok_pages == 0 and not self.previous.get("pages"):
            return "unreachable", self.unreachable
        if reason != "finished":
            return "running", f"interrupted ({reason}); run the same command again to resume"
        if self.budget_exhausted:
            return "done", f"page budget reached ({self.max_pages} pages)"
        return "done", "every in-scope link was followed"

    def budget_left(self) -> bool:
        if self.scheduled >= self.max_pages:
            self.budget_exhausted = True
            return False
        return True


def build_target(code, collectivite_id, run_id, start_url, hosts, max_pages, max_depth,
                 stored: list[tuple[str, int, str, bool, int | None, list]]) -> Target:
    """A target resumed from stored pages: (url, depth, final_url, one_hop, status, links)."""
    start = canonicalize(start_url) or start_url
    target = Target(code, collectivite_id, run_id, start, Scope(start, tuple(hosts)), max_pages)
    for url, _depth, final_url, _one_hop, _status, _links in stored:
        target.seen.add(url)
        if final_url:
            target.seen.add(final_url)
    for url in sorted(target.seen):
        target.scope.verdict(url)  # spend the trap budgets already used
    target.scheduled = len(stored)
    if start not in target.seen:
        target.seen.add(start)
        target.frontier.append((start, 0, "", False, "page"))
    for url, depth, _final, one_hop, _status, links in stored:
        if one_hop or depth >= max_depth:
            continue
        for link_url, _text, rel in links:
            if rel.startswith("form") or link_url in target.seen:
                continue
            verdict = link_verdict(target.scope, link_url, rel)
            if verdict in ("crawl", "one_hop"):
                target.seen.add(link_url)
                next_depth = depth if rel == "redirect" else depth + 1
                target.frontier.append((link_url, next_depth, url, verdict == "one_hop", link_kind(rel)))
    return target


SITEMAP_RELS = ("sitemap", "sitemap-probe")


def link_verdict(scope: Scope, url: str, rel: str) -> str:
    """Like Scope.verdict, except that sitemaps (XML) are fetched on the collectivité's hosts."""
    if rel in SITEMAP_RELS:
        return "crawl" if scope.owns(url) else "external"
    return scope.verdict(url)


def link_kind(rel: str) -> str:
    return rel if rel in SITEMAP_RELS else "page"
