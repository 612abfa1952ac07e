"""Downloader middlewares: proxy for every request (robots.txt included), timings, Retry-After."""

from __future__ import annotations

import logging
import time

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
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


class RecordingRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt handling, which also hands each robots.txt to the spider to keep.

    It also fixes concurrent waiters: with Twisted's default reactor, every request awaiting
    the same pending robots.txt Deferred after the first one received None — "no robots.txt,
    everything allowed". Each waiter now gets its own Deferred, fired with the parser.
    """

    def __init__(self, crawler):
        super().__init__(crawler)
        self._waiters: dict[str, list[Deferred]] = {}

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        if isinstance(self._parsers.get(netloc), Deferred):
            waiter: Deferred = Deferred()
            self._waiters.setdefault(netloc, []).append(waiter)
            return await maybe_deferred_to_future(waiter)
        parser = await super().robot_parser(request)
        for waiter in self._waiters.pop(netloc, []):
            waiter.callback(parser)
        return parser

    async def _parse_robots(self, response, netloc, request):
        await super()._parse_robots(response, netloc, request)
        spider = self.crawler.spider
        if hasattr(spider, "robots_fetched"):
            try:
                spider.robots_fetched(response, request)
            except Exception:  # keeping robots.txt must never break obeying it
                log.exception("could not record %s", response.url)
