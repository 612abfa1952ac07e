"""What one campaign crawl is asked to do for each collectivité, resumed from what is stored.

A resumed target is rebuilt from the stored pages alone, replaying the spider's decisions on
their links in the order they were stored: the frontier, the skip counters, the trap budgets,
the portal's moves and its outcome so far (unreachable, budget) are what an uninterrupted run
would have had, whatever killed the previous session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from .scope import Scope, canonicalize

# Failures worth another try: the network or the server, not the page, said no.
TRANSIENT_ERRORS = frozenset({"connection_refused", "connection_reset", "timeout"})
RETRIED_KINDS = ("page", "sitemap")
ATTEMPTS_PER_RUN = 3        # tries of a failing URL within one run (the first one included)
MAX_ATTEMPTS = 9            # over every run of the campaign; then the failure is final
RETRY_BACKOFF = (1.0, 4.0)  # seconds from a failure to the next try, within a run
REDIRECT_ERRORS = frozenset({"bad_redirect", "redirect_loop", "too_many_redirects"})
FINAL_STATES = ("confirmed", "given_up", "budget")


class StoredPage(NamedTuple):
    """The columns of a stored page that a resume needs, in storage order."""

    id: int
    url: str
    depth: int
    final_url: str
    one_hop: bool
    status: int | None
    links: list
    kind: str
    referrer: str
    redirect_chain: list
    error_kind: str
    error_message: str
    size: int


def transient_failure(status: int | None, error_kind: str, kind: str) -> str | None:
    """The error key of a fetch that failed transiently, or None (success or lasting failure)."""
    if kind not in RETRIED_KINDS:
        return None
    if error_kind in TRANSIENT_ERRORS:
        return error_kind
    if status is not None and (status >= 500 or status == 429):
        return f"http_{status}"
    return None


def error_key(status: int | None, error_kind: str, kind: str) -> str | None:
    """The key under which the spider counts this page in a run's errors (a probe that found
    nothing is a finding about the host, not an error)."""
    if kind == "http-probe":
        return None
    if error_kind:
        return error_kind
    if status is not None and status >= 400 and kind not in ("robots", *PROBE_RELS):
        return f"http_{status}"
    return None


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
    # url -> links to it found beyond the depth limit. Counted as skipped only while the URL is
    # not crawled, so that the figure does not depend on the order pages were fetched in (a
    # page reached first by a long path, then by a short one once a failed page is retried).
    deep_links: Counter = field(default_factory=Counter)
    external_links: int = 0
    unreachable: str = ""
    budget_exhausted: bool = False
    recorded: int = 0
    ok_pages: int = 0  # pages (not robots/sitemaps) answered below 400 in this session
    first_at: float | None = None
    last_at: float | None = None
    previous: dict = field(default_factory=dict)  # totals of earlier sessions of this run
    attempts: dict[str, int] = field(default_factory=dict)  # url -> tries made by earlier sessions
    retries: dict[str, dict] = field(default_factory=dict)  # CrawlRun.retries, kept up to date
    requeued: list[StoredPage] = field(default_factory=list)  # failed rows to fetch again
    refreshed: list[StoredPage] = field(default_factory=list)  # robots.txt rows to record afresh
    settled: Counter = field(default_factory=Counter)  # failures that are final, by error key
    pending: Counter = field(default_factory=Counter)  # failures left for the next run, by key

    def totals(self) -> dict:
        prev = self.previous
        return {
            "pages": prev.get("pages", 0) + self.recorded,
            "bytes": prev.get("bytes", 0) + self.bytes,
            "errors": dict(Counter(prev.get("errors", {})) + self.errors),
            "skipped": dict(Counter(prev.get("skipped", {})) + self.skipped + self.beyond_depth()),
            "external_links": prev.get("external_links", 0) + self.external_links,
        }

    def beyond_depth(self) -> Counter:
        return Counter({"max_depth": sum(n for url, n in self.deep_links.items() if url not in self.seen)})

    def outcome(self, reason: str) -> tuple[str, str]:
        """(status, stop reason) of this run once the crawler stopped for `reason`."""
        if reason != "finished":
            return "running", f"interrupted ({reason}); run the same command again to resume"
        if self.unreachable and self.ok_pages == 0 and not self.previous.get("ok_pages"):
            return "unreachable", self.unreachable[:200]
        if self.pending:
            return "incomplete", (f"incomplete: {sum(self.pending.values())} pages failed transiently "
                                  f"({_counts(self.pending)}); run the same command again to retry them")[:200]
        reason = f"page budget reached ({self.max_pages} pages)" if self.budget_exhausted else \
            "every in-scope link was followed"
        if self.settled:
            reason += f"; {sum(self.settled.values())} kept failing when retried ({_counts(self.settled)})"
        return "done", reason[:200]

    def budget_left(self) -> bool:
        if self.scheduled >= self.max_pages:
            self.budget_exhausted = True
            return False
        return True


def _counts(counter: Counter) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))


def build_target(code, collectivite_id, run_id, start_url, hosts, max_pages, max_depth,
                 stored: list[StoredPage], retries: dict | None = None, totals: dict | None = None,
                 copies: frozenset[int] = frozenset()) -> Target:
    """A target resumed from its stored pages (in storage order) and its run's record.

    Pages whose last try failed transiently, with tries left, go back in the frontier (first)
    and into `target.requeued`; robots.txt rows that failed so go to `target.refreshed` (the
    file is asked again by every run): the caller deletes both before the crawl. `totals` are the
    run's bytes/errors/duration as stored with these pages; `copies` the ids of rows that reuse
    another collectivité's response (the spider counted no bytes or errors for them).
    """
    start = canonicalize(start_url) or start_url
    target = Target(code, collectivite_id, run_id, start, Scope(start, tuple(hosts)), max_pages)
    target.retries = {url: dict(info) for url, info in (retries or {}).items()}
    target.attempts = {url: int(info.get("attempts", 1)) for url, info in target.retries.items()}
    kept = _split_failures(target, stored)
    _follow_moves(target.scope, kept)
    for row in kept:
        target.seen.add(row.url)
        if row.final_url:
            target.seen.add(row.final_url)
    target.seen.update(row.url for row in target.requeued)
    for url in sorted(target.seen):
        target.scope.verdict(url)  # spend the trap budgets already used
    if start not in target.seen:
        target.seen.add(start)
        target.frontier.append((start, 0, "", False, "page"))
    target.frontier += [(r.url, r.depth, r.referrer, r.one_hop, r.kind) for r in target.requeued]
    replay = _Replay(target, max_depth, budget=max_pages - len(kept) - len(target.frontier))
    for row in kept:
        replay.page(row)
    target.scheduled = len(kept)
    totals = totals or {}
    gone = [r for r in target.requeued + target.refreshed if r.id not in copies]
    removed = Counter(error_key(r.status, r.error_kind, r.kind) for r in gone)
    target.previous = {
        "pages": len(kept),
        "bytes": max(0, totals.get("bytes", 0) - sum(r.size for r in gone if r.status is not None)),
        "errors": dict(Counter(totals.get("errors", {})) - removed),
        "skipped": dict(replay.skipped), "external_links": replay.external_links,
        "duration": totals.get("duration", 0), "ok_pages": replay.ok_pages,
    }
    return target


def _split_failures(target: Target, stored: list[StoredPage]) -> list[StoredPage]:
    """Rows kept as they are; transient failures with tries left go to target.requeued."""
    def retry(row):
        key = transient_failure(row.status, row.error_kind, row.kind)
        return key and target.retries.get(row.url, {}).get("state") not in FINAL_STATES and \
            target.attempts.get(row.url, 1) < MAX_ATTEMPTS

    target.refreshed = [row for row in stored if row.kind == "robots" and _failed_now(row)]
    stored = [row for row in stored if row not in target.refreshed]
    candidates = {row.id for row in stored if retry(row)}
    room = max(0, target.max_pages - (len(stored) - len(candidates)))  # a lowered --max-pages
    kept = []
    for row in stored:
        key = transient_failure(row.status, row.error_kind, row.kind)
        if row.id in candidates and len(target.requeued) < room:
            target.attempts.setdefault(row.url, 1)
            target.requeued.append(row)
            continue
        if key:
            info = target.retries.get(row.url, {})
            if info.get("state") not in FINAL_STATES:
                state = "budget" if row.id in candidates else "given_up"
                target.retries[row.url] = {**info, "attempts": target.attempts.get(row.url, 1),
                                           "state": state, "error": key}
            target.settled[key] += 1
        kept.append(row)
    return kept


def _failed_now(row: StoredPage) -> bool:
    return row.error_kind in TRANSIENT_ERRORS or (row.status is not None and (row.status >= 500 or row.status == 429))


def _follow_moves(scope: Scope, kept: list[StoredPage]) -> None:
    """A home page redirecting off-site: the new domain is the portal (as the spider decided)."""
    for row in kept:
        if row.depth == 0 and not row.one_hop and _is_redirect(row) and not row.error_kind:
            dest = row.links[0][0]
            if not scope.owns(dest):
                scope.follow_move(dest)


def _is_redirect(row: StoredPage) -> bool:
    if row.status is None or not 300 <= row.status < 400:
        return False
    return row.error_kind in REDIRECT_ERRORS or any(link[2] == "redirect" for link in row.links)


class _Replay:
    """The spider's link decisions (CampaignSpider._follow and _redirect), over stored pages."""

    def __init__(self, target: Target, max_depth: int, budget: int):
        self.target, self.max_depth, self.budget = target, max_depth, budget
        self.skipped: Counter = Counter()
        self.external_links = 0
        self.ok_pages = 0

    def page(self, row: StoredPage) -> None:
        target = self.target
        if row.depth == 0 and row.kind == "page" and not row.referrer and not row.one_hop:
            if row.status is not None and row.status >= 400:
                target.unreachable = f"HTTP {row.status}"
            elif row.status is None and row.error_kind and not row.redirect_chain:
                target.unreachable = f"{row.error_kind}: {row.error_message.split(':', 1)[0]}"
        if row.status is not None and row.status < 400 and row.kind == "page":
            self.ok_pages += 1
        if row.kind == "robots":
            self.follow(row, 0)
        elif _is_redirect(row):
            self.redirect(row)
        elif row.status == 200 and not row.one_hop:
            self.follow(row, row.depth)

    def follow(self, row: StoredPage, depth: int) -> None:
        target, scope = self.target, self.target.scope
        for url, _text, rel in row.links:
            if rel.startswith("form") or url in target.seen:
                continue
            verdict = link_verdict(scope, url, rel)
            if verdict == "external":
                self.external_links += 1
            elif verdict not in ("crawl", "one_hop"):
                self.skipped[verdict] += 1
            elif depth + 1 > self.max_depth:
                target.deep_links[url] += 1
            elif self.budget <= 0:
                target.budget_exhausted = True
                self.skipped["max_pages"] += 1
            else:
                self.budget -= 1
                target.seen.add(url)
                target.frontier.append((url, depth + 1, row.url, verdict == "one_hop", link_kind(rel)))

    def redirect(self, row: StoredPage) -> None:
        if row.error_kind or not row.links:
            return
        target, dest = self.target, row.links[0][0]
        if dest in target.seen:
            return
        verdict = "crawl" if target.scope.owns(dest) else target.scope.verdict(dest)
        if verdict not in ("crawl", "one_hop"):
            self.skipped[f"redirect_{verdict}"] += 1
            return
        self.budget -= 1  # the spider follows a redirect whatever the budget
        target.seen.add(dest)
        target.frontier.append((dest, row.depth, row.referrer, row.one_hop or verdict == "one_hop", row.kind))


SITEMAP_RELS = ("sitemap", "sitemap-probe")
# Requests the crawl adds itself, whose answer is a fact about the host, not a page of the portal:
# `http-probe` asks the plain-http home of a portal found on https (does it redirect to https?).
PROBE_RELS = ("sitemap-probe", "http-probe")


def link_verdict(scope: Scope, url: str, rel: str) -> str:
    """Like Scope.verdict, except that sitemaps (XML) and probes are fetched on the
    collectivité's hosts."""
    if rel in SITEMAP_RELS or rel == "http-probe":
        return "crawl" if scope.owns(url) else "external"
    return scope.verdict(url)


def link_kind(rel: str) -> str:
    return rel if rel in SITEMAP_RELS or rel == "http-probe" else "page"
