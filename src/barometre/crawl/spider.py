"""The Scrapy side of a campaign: one spider over every target, polite by default.

Redirects are followed here rather than by Scrapy, so that every hop is stored and loops are
recorded as such. Each response becomes a PageRecord handed to the Recorder (WARC + database).
Pages and PDFs are parsed by worker processes (crawl/parsing.py), never in the event loop.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.utils.sitemap import Sitemap

from .extract import charset_anomalies, document_facts, document_kind, looks_binary
from .middlewares import RobotsDisallowed, RobotsUnavailable
from .parsing import ParsePool, PoolClosed
from .record import PageRecord
from .scope import canonicalize
from .targets import MAX_ATTEMPTS, error_key, link_kind, link_verdict, transient_failure
from .tls import is_tls_failure, tls_log

log = logging.getLogger("barometre.crawl")
MAX_REDIRECTS = 10
HTML_TYPES = ("text/html", "application/xhtml+xml")
ERROR_KINDS = {
    "DownloadTimeoutError": "timeout", "TimeoutError": "timeout", "TCPTimedOutError": "timeout",
    "CannotResolveHostError": "dns", "DNSLookupError": "dns",
    "DownloadConnectionRefusedError": "connection_refused", "ConnectionRefusedError": "connection_refused",
    "DownloadCancelledError": "too_large",
    "ResponseNeverReceived": "connection_reset", "ConnectionLost": "connection_reset",
    "ConnectionDone": "connection_reset", "ResponseDataLossError": "connection_reset",
    "ConnectionAborted": "connection_reset", "DownloadFailedError": "connection_reset",
    "ResponseFailed": "connection_reset", "PotentialDataLoss": "connection_reset",
}


class CampaignSpider(scrapy.Spider):
    name = "barometre"

    def __init__(self, targets, recorder, max_depth: int, **kwargs):
        super().__init__(**kwargs)
        self.targets = {t.code: t for t in targets}
        self.recorder = recorder
        self.max_depth = max_depth
        # Off-site pages fetched once per campaign, shared by every collectivité linking to them.
        self.one_hop_done: dict[str, tuple[PageRecord, tuple | None]] = {}
        self.parsing: ParsePool | None = None

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        spider.parsing = ParsePool(workers=settings.getint("BAROMETRE_PARSE_WORKERS", 2),
                                   timeout=settings.getfloat("BAROMETRE_PARSE_TIMEOUT", 5.0),
                                   max_nesting=settings.getint("BAROMETRE_MAX_NESTING", 1024),
                                   memory_bytes=settings.getint("BAROMETRE_PARSE_MEMORY", 0))
        crawler.signals.connect(spider.parsing.close, signal=signals.spider_closed)
        return spider

    async def start(self):
        self.parsing.start()  # the workers import their libraries while robots.txt files come in
        for target in self.targets.values():
            for url, depth, referrer, one_hop, kind in target.frontier:
                if target.budget_left():
                    target.scheduled += 1
                    yield self._request(target, url, depth, referrer, one_hop=one_hop, kind=kind)
            target.frontier.clear()

    def _request(self, target, url, depth, referrer, *, one_hop=False, kind="page", chain=()):
        meta = {"code": target.code, "depth": depth, "referrer": referrer, "one_hop": one_hop,
                "kind": kind, "chain": list(chain), "url": url}
        headers = {"Referer": referrer} if referrer else {}
        return scrapy.Request(url, callback=self.parse, errback=self.failed, meta=meta, headers=headers,
                              priority=-depth * 10, dont_filter=True)

    # -- responses -------------------------------------------------------------------------
    async def parse(self, response):
        meta = response.meta
        target = self.targets[meta["code"]]
        record = self._record(response, target, meta)
        links: list[list[str]] = []
        if 300 <= response.status < 400 and b"Location" in response.headers:
            return list(self._redirect(response, target, record))
        try:
            if meta["kind"] in ("sitemap", "sitemap-probe") and response.status == 200:
                links = _sitemap_links(response)
            elif meta["kind"] == "http-probe":
                pass  # served over plain http without a redirect: the fact is the answer itself
            elif record.is_html:
                links = await self._parse_html(response, record)
            elif document_kind(record.content_type, response.url, response.body) == "pdf":
                record.document, anomalies = await self.parsing.document(record.content_type, response.url, response.body)
                record.anomalies += anomalies
            else:
                record.document = document_facts(record.content_type, response.url, response.body)
        except PoolClosed:
            return []  # the crawl is stopping: not stored, so fetched again on resume
        record.links = links
        stored = self.recorder.add(record, response)
        if meta["one_hop"]:
            self.one_hop_done[record.url] = (record, stored)
        if record.status == 200 and not meta["one_hop"] and meta["kind"] != "http-probe":
            return list(self._follow(target, record, links, meta["depth"]))
        return []

    async def _parse_html(self, response, record: PageRecord) -> list[list[str]]:
        if looks_binary(response.body):
            record.anomalies.append("binary_served_as_html")
            return []
        record.anomalies += charset_anomalies(_header_charset(response), response.body)
        text = response.text if isinstance(response, TextResponse) else response.body.decode("utf-8", "replace")
        facts = await self.parsing.html(response.url, text)
        record.title, record.robots_meta = facts.title, facts.robots_meta
        record.anomalies += facts.anomalies
        return facts.links

    def robots_fetched(self, response, request, verdict: str = "rules") -> None:
        """Called by the robots.txt middleware: keep the file, and schedule its sitemaps.

        `verdict` is the middleware's reading of it: 'rules', 'allow_all', 'unavailable' (the
        host is then skipped whole) or 'redirect' (a hop towards the file).
        """
        target = self.targets.get(request.meta.get("code"))
        url = canonicalize(response.url)
        if target is None or url in target.seen or not target.scope.owns(url):
            return
        target.seen.add(url)
        meta = {"url": url, "chain": [], "depth": 0, "referrer": "", "one_hop": request.meta.get("one_hop", False),
                "kind": "robots", **{k: v for k, v in response.meta.items() if k in ("download_latency", "barometre_started")}}
        record = self._record(response, target, meta)
        links = []
        if verdict == "unavailable":
            record.anomalies.append("robots_unavailable")
        elif verdict != "redirect":
            if target.retries.get(url, {}).get("state") == "pending":  # read at last: the outage is over
                target.retries[url] = {**target.retries[url], "state": "recovered"}
            if response.status == 200 and isinstance(response, TextResponse):
                links = [[u, "", "sitemap"] for u in _sitemaps_in_robots(response)]
            is_portal_host = url.split("/")[2] == target.start_url.split("/")[2]
            if not links and is_portal_host and not meta["one_hop"]:
                links = [[canonicalize(url.rsplit("/", 1)[0] + "/sitemap.xml"), "", "sitemap-probe"]]
            if is_portal_host and not meta["one_hop"] and url.startswith("https://"):
                links.append([canonicalize("http://" + url.split("/")[2] + "/"), "", "http-probe"])
        record.links = links
        self.recorder.add(record, response)
        for req in self._follow(target, record, links, 0):
            self.crawler.engine.crawl(req)

    def robots_failed(self, robots_url: str, request, exc: Exception) -> None:
        """Called by the robots.txt middleware when robots.txt could not be fetched at all."""
        target = self.targets.get(request.meta.get("code"))
        url = canonicalize(robots_url)
        if target is None or not url or url in target.seen or not target.scope.owns(url):
            return
        target.seen.add(url)
        record = PageRecord(
            code=target.code, url=url, final_url="", redirect_chain=[], status=None, kind="robots", depth=0,
            referrer="", one_hop=request.meta.get("one_hop", False), fetched_at=datetime.now(UTC),
            error_kind=error_kind(exc), error_message=f"{type(exc).__name__}: {exc}"[:500],
            anomalies=["robots_unavailable"],
        )
        self.recorder.add(record, None)

    def _record(self, response, target, meta) -> PageRecord:
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").split(";")[0].strip().lower()
        started = meta.get("barometre_started")
        total = time.monotonic() - started if started else None
        charset = response.encoding if isinstance(response, TextResponse) else ""
        target.fetched += 1
        target.bytes += len(response.body)
        if response.status < 400 and meta["kind"] == "page":
            target.ok_pages += 1
        if error_key(response.status, "", meta["kind"]):
            target.errors[f"http_{response.status}"] += 1
            if meta["depth"] == 0 and meta["kind"] == "page" and not meta["referrer"] and not meta["one_hop"]:
                target.unreachable = f"HTTP {response.status}"
        return PageRecord(
            code=target.code, url=meta["url"], final_url=canonicalize(response.url) or response.url,
            redirect_chain=meta["chain"], status=response.status, content_type=ctype, kind=meta["kind"],
            charset=charset or "", size=len(response.body), ttfb=meta.get("download_latency"),
            download_time=total, depth=meta["depth"], referrer=meta["referrer"],
            one_hop=meta["one_hop"], fetched_at=datetime.now(UTC),
            headers=_headers(response), anomalies=self._tls_anomalies(response.url, meta["kind"]),
            is_html=(ctype in HTML_TYPES or (not ctype and b"<html" in response.body[:2048].lower())),
        )

    def _tls_anomalies(self, url: str, kind: str) -> list[str]:
        """The certificate verdict of an https host, on the first page (not robots.txt, not a
        sitemap: the audit reads pages) of that host only."""
        if kind != "page" or not url.startswith("https://"):
            return []
        return tls_log(self.crawler).first_report(url.split("/")[2].split(":")[0].lower())

    def _redirect(self, response, target, record):
        location = response.headers.get(b"Location", b"").decode("latin-1")
        dest = canonicalize(location, response.url)
        chain = [*response.meta["chain"], response.meta["url"]]
        record.links = [[dest, "", "redirect"]] if dest else []
        if dest is None:
            record.error_kind, record.error_message = "bad_redirect", f"Location: {location[:200]}"
        elif dest in chain or dest == record.url:
            record.error_kind, record.error_message = "redirect_loop", " → ".join([*chain, dest])[:500]
        elif len(chain) >= MAX_REDIRECTS:
            record.error_kind, record.error_message = "too_many_redirects", f"{len(chain)} hops"
        if record.error_kind and error_key(None, record.error_kind, record.kind):
            target.errors[record.error_kind] += 1
        self.recorder.add(record, response)
        if record.error_kind:
            return
        meta = response.meta
        if meta["depth"] == 0 and not meta["one_hop"] and not target.scope.owns(dest):
            # A stale portal URL redirecting to the current portal: the new domain is the portal.
            target.scope.follow_move(dest)
        if dest in target.seen and dest not in chain:
            return
        verdict = "crawl" if target.scope.owns(dest) else target.scope.verdict(dest)
        if verdict not in ("crawl", "one_hop"):
            target.skipped[f"redirect_{verdict}"] += 1
            return
        target.seen.add(dest)
        target.scheduled += 1
        yield self._request(target, dest, meta["depth"], meta["referrer"], one_hop=meta["one_hop"] or verdict == "one_hop",
                            kind=meta["kind"], chain=chain)

    def _follow(self, target, record, links, depth):
        next_depth = depth + 1
        for url, _text, rel in links:
            if rel.startswith("form"):
                continue
            if url in target.seen:
                continue
            verdict = link_verdict(target.scope, url, rel)
            if verdict == "external":
                target.external_links += 1
                continue
            if verdict not in ("crawl", "one_hop"):
                target.skipped[verdict] += 1
                continue
            if next_depth > self.max_depth:
                target.deep_links[url] += 1
                continue
            if not target.budget_left():
                target.skipped["max_pages"] += 1
                continue
            target.seen.add(url)
            if url in self.one_hop_done:
                self._reuse(target, url, next_depth, record.url)
                continue
            target.scheduled += 1
            yield self._request(target, url, next_depth, record.url, one_hop=verdict == "one_hop",
                                kind=link_kind(rel))

    def _reuse(self, target, url, depth, referrer) -> None:
        """Record an off-site page already fetched for another collectivité, without fetching it again."""
        cached, warc = self.one_hop_done[url]
        copy = dataclasses.replace(cached, code=target.code, depth=depth, referrer=referrer,
                                   anomalies=list(cached.anomalies))
        target.scheduled += 1
        self.recorder.add(copy, None, warc=warc)

    # -- failures --------------------------------------------------------------------------
    def failed(self, failure):
        request = failure.request
        meta = request.meta
        target = self.targets[meta["code"]]
        exc = failure.value
        name = type(exc).__name__
        if isinstance(exc, RobotsDisallowed | RobotsUnavailable):
            reason = "robots_disallowed" if isinstance(exc, RobotsDisallowed) else "robots_unavailable"
            target.skipped[reason] += 1
            target.scheduled -= 1
            if reason == "robots_unavailable" and _is_home(meta):
                target.unreachable = f"robots_unavailable: {exc}"
                if _transient_robots(str(exc)):
                    _robots_pending(target, meta["url"])
            return
        kind, message = error_kind(exc), f"{name}: {exc}"
        anomalies = []
        if kind == "tls":
            host = meta["url"].split("/")[2].split(":")[0].lower()
            verdict = tls_log(self.crawler).verdicts.get(host)
            if verdict is not None and not verdict.verified:
                message, anomalies = verdict.message(), verdict.anomalies()
        if error_key(None, kind, meta["kind"]):
            target.errors[kind] += 1
        started = meta.get("barometre_started")
        record = PageRecord(
            code=target.code, url=meta["url"], final_url="", redirect_chain=meta["chain"], status=None, kind=meta["kind"],
            depth=meta["depth"], referrer=meta["referrer"], one_hop=meta["one_hop"],
            fetched_at=datetime.now(UTC), error_kind=kind, error_message=message[:500],
            download_time=time.monotonic() - started if started else None, anomalies=anomalies,
        )
        self.recorder.add(record, None)
        if _is_home(meta):
            target.unreachable = f"{kind}: {name}"


def _transient_robots(reason: str) -> bool:
    """Whether robots.txt failed as an outage does ('HTTP 503', 'timeout'…), not as a bomb:
    the same rule as for a page (targets.transient_failure)."""
    status = int(reason[5:8]) if reason.startswith("HTTP ") else None
    return transient_failure(status, "" if status else reason, "page") is not None


def _robots_pending(target, url: str) -> None:
    """The portal's home page was refused because its robots.txt could not be read (5xx, no
    answer, too slow): possibly an outage, so the next run of the campaign asks again (up to
    MAX_ATTEMPTS runs), as for a home page that failed transiently."""
    parts = urlsplit(url)
    robots = canonicalize(f"{parts.scheme}://{parts.netloc}/robots.txt")
    info = target.retries.get(robots, {})
    attempts = int(info.get("attempts", 0)) + 1
    target.retries[robots] = {"attempts": attempts, "state": "pending" if attempts < MAX_ATTEMPTS else "given_up",
                              "error": "robots_unavailable"}


def _is_home(meta) -> bool:
    return meta["depth"] == 0 and meta["kind"] == "page" and not meta["chain"] and not meta["referrer"]


def error_kind(exc: Exception) -> str:
    """The error_kind of a failed download (robots.txt refusals are not errors: see failed())."""
    if isinstance(exc, IgnoreRequest):
        # Beside robots.txt, only the decompression middleware refuses a response: a body
        # that decompresses past DOWNLOAD_MAXSIZE (a gzip/deflate/brotli/zstd bomb).
        return "too_large" if "DOWNLOAD_MAXSIZE" in str(exc) else "ignored"
    if is_tls_failure(exc):  # a certificate that does not verify: not transient, not retried
        return "tls"
    return ERROR_KINDS.get(type(exc).__name__, "other")


def _headers(response) -> dict[str, str]:
    out = {}
    for key, values in response.headers.items():
        name = key.decode("latin-1").lower()
        decoded = [v.decode("latin-1") for v in values]
        out[name] = decoded if name == "set-cookie" else ", ".join(decoded)
    return out


def _header_charset(response) -> str | None:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return ctype.split("charset=", 1)[1].strip(" \"';") if "charset=" in ctype else None


def _sitemaps_in_robots(response) -> list[str]:
    found = []
    for line in response.text.splitlines():
        if line.lower().startswith("sitemap:"):
            url = canonicalize(line.split(":", 1)[1].strip(), response.url)
            if url:
                found.append(url)
    return found


def _sitemap_links(response) -> list[list[str]]:
    try:
        sitemap = Sitemap(response.body)
    except Exception:
        return []
    rel = "sitemap" if sitemap.type == "sitemapindex" else "sitemap-entry"
    links = []
    for entry in sitemap:
        url = canonicalize(entry.get("loc", ""), response.url)
        if url:
            links.append([url, "", rel])
    return links


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked by a Retry-After header (delta-seconds or HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
