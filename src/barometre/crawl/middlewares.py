"""Downloader middlewares: proxy for every request (robots.txt included), timings, Retry-After,
robots.txt as RFC 9309 says."""

from __future__ import annotations

import logging
import time
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

log = logging.getLogger("barometre.crawl")


class ProxyMiddleware:
    """Send every request, robots.txt included, through BAROMETRE_PROXY when set."""

    def __init__(self, proxy: str | None):
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("BAROMETRE_PROXY"))

    def process_request(self, request):
        if self.proxy and "proxy" not in request.meta:
            request.meta["proxy"] = self.proxy


class TimingMiddleware:
    """Time from sending the request to having the whole body (TTFB is Scrapy's download_latency)."""

    def process_request(self, request):
        request.meta.setdefault("barometre_started", time.monotonic())


class RetryAfterMiddleware:
    """On 429/503 with Retry-After, slow the host down and try again (twice at most)."""

    def __init__(self, crawler):
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("BAROMETRE_RETRY_AFTER_CAP", 300)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response):
        from .spider import retry_after_seconds

        if response.status not in (429, 503):
            return response
        delay = retry_after_seconds(response.headers.get(b"Retry-After", b"").decode("latin-1"))
        tries = request.meta.get("retry_after_tries", 0)
        if delay is None or delay > self.cap or tries >= 2:
            return response
        slot_key = request.meta.get("download_slot") or request.url.split("/")[2]
        slot = self.crawler.engine.downloader.slots.get(slot_key)
        if slot is not None:
            slot.delay = max(slot.delay, delay)
        log.info("Retry-After %.0fs from %s: host slowed down", delay, slot_key)
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_tries"] = tries + 1
        retry.meta.pop("barometre_started", None)
        return retry


MAX_ROBOTS_REDIRECTS = 5          # RFC 9309 §2.3.1.2: follow at least five
ROBOTS_PARSE_BYTES = 500 * 1024   # RFC 9309 §2.5: parse at least 500 KiB, ignore what follows


class RobotsDisallowed(IgnoreRequest):
    """robots.txt forbids this URL to BarometreBot."""


class RobotsUnavailable(IgnoreRequest):
    """The host's robots.txt could not be read, so the whole host is off limits (RFC 9309)."""


class _DisallowAll:
    """The robots.txt parser of a host whose robots.txt could not be read."""

    def __init__(self, reason: str):
        self.reason = reason

    def allowed(self, url, user_agent) -> bool:
        return False


def robots_verdict(status: int) -> str:
    """What a robots.txt answer means (RFC 9309 §2.3.1): 'rules', 'allow_all' or 'unavailable'.

    A 429 counts as unavailable, as for Google's crawler: the host asks us to stay away.
    """
    if 200 <= status < 300:
        return "rules"
    if 300 <= status < 500 and status != 429:
        return "allow_all"
    return "unavailable"


class RecordingRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt handling, following RFC 9309, which hands each robots.txt to the spider.

    Scrapy treats a robots.txt that answers 5xx, never answers, or is a decompression bomb as
    "no rules": everything allowed. RFC 9309 says disallow everything: such a host is skipped
    (`RobotsUnavailable`), and the spider records why. A 4xx means no rules; redirects are
    followed (five at most).

    It also fixes concurrent waiters: with Twisted's default reactor, every request awaiting
    the same pending robots.txt Deferred after the first one received None — "no robots.txt,
    everything allowed". Each waiter now gets its own Deferred, fired with the parser.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self._waiters: dict[str, list[Deferred]] = {}

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        if netloc in self._parsers:
            known = self._parsers[netloc]
            if not isinstance(known, Deferred):
                return known
            waiter: Deferred = Deferred()
            self._waiters.setdefault(netloc, []).append(waiter)
            return await maybe_deferred_to_future(waiter)
        self._parsers[netloc] = Deferred()  # pending: the next requests for this host wait
        parser = await self._read_robots(request, netloc)
        self._parsers[netloc] = parser
        self._stats.inc_value("robotstxt/request_count")
        for waiter in self._waiters.pop(netloc, []):
            waiter.callback(parser)
        return parser

    def process_request_2(self, rp, request) -> None:
        if isinstance(rp, _DisallowAll):
            self._stats.inc_value("robotstxt/unavailable")
            raise RobotsUnavailable(rp.reason)
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest:
            raise RobotsDisallowed("Forbidden by robots.txt") from None

    async def _read_robots(self, request, netloc: str):
        """The parser for this host: Scrapy's, None (allow all) or _DisallowAll."""
        url = f"{urlparse_cached(request).scheme}://{netloc}/robots.txt"
        for _hop in range(MAX_ROBOTS_REDIRECTS + 1):
            robots_request = Request(url, priority=self.DOWNLOAD_PRIORITY, callback=NO_CALLBACK,
                                     meta={"dont_obey_robotstxt": True})
            try:
                response = await self.crawler.engine.download_async(robots_request)
            except Exception as exc:  # unreachable, too slow, too large: RFC 9309 §2.3.1.4
                from .spider import error_kind

                self._tell_spider("robots_failed", url, request, exc)
                return _DisallowAll(error_kind(exc))
            location = response.headers.get(b"Location")
            if 300 <= response.status < 400 and location:
                self._tell_spider("robots_fetched", response, request, "redirect")
                url = urljoin(response.url, location.decode("latin-1"))
                continue
            verdict = robots_verdict(response.status)
            self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            self._tell_spider("robots_fetched", response, request, verdict)
            if verdict == "unavailable":
                return _DisallowAll(f"HTTP {response.status}")
            if verdict == "allow_all":
                return None
            return build_from_crawler(self._parserimpl, self.crawler, response.body[:ROBOTS_PARSE_BYTES])
        return None  # more than five redirects: as if there were no robots.txt (RFC 9309 §2.3.1.2)

    def _tell_spider(self, method: str, *args) -> None:
        keep = getattr(self.crawler.spider, method, None)
        if keep is None:
            return
        try:
            keep(*args)
        except Exception:  # keeping robots.txt must never break obeying it
            log.exception("could not record the robots.txt of %s", args[1].url)
