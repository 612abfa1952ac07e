"""Transient failures tried again within the run, once the crawl has nothing else to do.

When the spider goes idle, every page whose fetch failed transiently (connection refused or
reset, timeout, 5xx, 429) in this run is fetched again after a backoff, up to
ATTEMPTS_PER_RUN tries. A URL still failing after that is then judged by its host: if the
host answered other requests normally after the URL first failed (or, failing that evidence,
answers a probe of its robots.txt), the page itself is broken — a finding, final
("confirmed"); if not, the host is down and the failure stays "pending": the run ends
incomplete and the next run tries again (MAX_ATTEMPTS over the campaign).

A failed row is deleted (with the run's totals corrected, in one transaction) before its URL
is fetched again, so that the new answer is stored in its place and nothing is counted twice.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlsplit

import scrapy
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet import reactor

from .models import CrawlRun, Page
from .targets import (
    ATTEMPTS_PER_RUN,
    MAX_ATTEMPTS,
    RETRIED_KINDS,
    RETRY_BACKOFF,
    TRANSIENT_ERRORS,
    error_key,
    transient_failure,
)

log = logging.getLogger("barometre.crawl")
RETRY_AFTER_CAP = 300.0
_FIELDS = ("id", "collectivite_id", "url", "depth", "referrer", "one_hop", "kind", "status", "error_kind",
           "size", "fetched_at", "warc_file", "warc_offset", "redirect_chain", "headers")


class RetryPass:
    def __init__(self, crawler, campaign, targets, recorder):
        self.crawler, self.campaign, self.recorder = crawler, campaign, recorder
        self.targets = {t.collectivite_id: t for t in targets}
        self.started = timezone.now()
        self.last_id = 0
        self.tries: Counter = Counter()           # (collectivite_id, url) -> fetches in this run
        self.waiting: set[tuple[int, str]] = set()  # retries scheduled or in flight
        self.unsettled: dict[tuple[int, str], tuple[dict, int]] = {}  # key -> (row, attempts)
        self.probes: dict[str, bool | None] = {}   # scheme://host -> answered normally
        self.answered: dict[str, datetime] = {}     # scheme://host -> last normal answer
        self.first_failed: dict[tuple[int, str], datetime] = {}
        self.timers = []
        crawler.signals.connect(self.response, signal=signals.response_received)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.dropped, signal=signals.request_dropped)
        crawler.signals.connect(self.stop, signal=signals.spider_closed)

    # -- the idle loop -------------------------------------------------------------------
    def idle(self, spider):
        if self.waiting or None in self.probes.values():
            raise DontCloseSpider
        self.recorder.flush()
        for row in self._new_failures():
            self._consider(spider, row)
        if self.waiting:
            raise DontCloseSpider
        if self.unsettled:
            origins = {_origin(key[1]) for key in self.unsettled if not self._host_answered(key)}
            origins -= set(self.probes)
            if origins:
                for origin in origins:
                    self._probe(origin)
                raise DontCloseSpider
            self._settle()

    def _new_failures(self) -> list[dict]:
        rows = list(Page.objects.filter(
            campaign=self.campaign, collectivite_id__in=list(self.targets), id__gt=self.last_id,
            fetched_at__gte=self.started, kind__in=RETRIED_KINDS,
        ).filter(Q(error_kind__in=TRANSIENT_ERRORS) | Q(status__gte=500) | Q(status=429))
            .order_by("id").values(*_FIELDS))
        if rows:
            self.last_id = rows[-1]["id"]
        return [r for r in rows if transient_failure(r["status"], r["error_kind"], r["kind"])]

    def _consider(self, spider, row: dict) -> None:
        target = self.targets[row["collectivite_id"]]
        key = (row["collectivite_id"], row["url"])
        self.first_failed.setdefault(key, row["fetched_at"])
        self.tries[key] += 1
        attempts = target.attempts.get(row["url"], 0) + self.tries[key]
        delay = self._delay(row, self.tries[key])
        if self.tries[key] >= ATTEMPTS_PER_RUN or attempts >= MAX_ATTEMPTS or delay is None:
            self.unsettled[key] = (row, attempts)
            return
        self._forget(target, row, attempts + 1)
        self.waiting.add(key)
        self.timers.append(reactor.callLater(delay, self._send, spider, target, row, key))

    def _delay(self, row: dict, tries: int) -> float | None:
        from .spider import retry_after_seconds

        wait = RETRY_BACKOFF[min(tries, len(RETRY_BACKOFF)) - 1]
        asked = retry_after_seconds((row["headers"] or {}).get("retry-after"))
        if asked is not None:
            if asked > RETRY_AFTER_CAP:
                return None
            wait = max(wait, asked)
        elapsed = (timezone.now() - row["fetched_at"]).total_seconds()
        return max(0.0, wait - elapsed)

    def _forget(self, target, row: dict, attempts: int) -> None:
        """Delete a failed row before its URL is fetched again, keeping every counter exact."""
        copy = bool(row["warc_file"]) and Page.objects.filter(
            campaign=self.campaign, warc_file=row["warc_file"], warc_offset=row["warc_offset"],
            id__lt=row["id"]).exists()  # another collectivité's response, reused: never counted
        target.recorded -= 1
        if not copy:
            if row["status"] is not None:
                target.fetched -= 1
                target.bytes -= row["size"]
            counted = error_key(row["status"], row["error_kind"], row["kind"])
            if counted:
                target.errors[counted] -= 1
        error = transient_failure(row["status"], row["error_kind"], row["kind"])
        target.retries[row["url"]] = {"attempts": attempts, "state": "pending", "error": error}
        with transaction.atomic():
            Page.objects.filter(pk=row["id"]).delete()
            _save_run(target)

    def _send(self, spider, target, row: dict, key) -> None:
        if self.crawler.engine is None or self.crawler.engine.spider is None:
            return
        request = spider._request(target, row["url"], row["depth"], row["referrer"], one_hop=row["one_hop"],
                                  kind=row["kind"], chain=row["redirect_chain"] or ())
        on_response, on_failure = request.callback, request.errback

        def answered(response, **kwargs):
            self.waiting.discard(key)
            return on_response(response, **kwargs)

        def failed(failure):
            self.waiting.discard(key)
            return on_failure(failure)

        request = request.replace(callback=answered, errback=failed)
        request.meta["barometre_retry"] = key
        log.debug("retrying %s (attempt %d)", row["url"], target.retries[row["url"]]["attempts"])
        self.crawler.engine.crawl(request)

    def response(self, response, request, spider=None):
        if response.status < 500 and response.status != 429:
            self.answered[_origin(response.url)] = datetime.now(UTC)

    def _host_answered(self, key) -> bool:
        """Whether the URL's host answered normally after the URL first failed in this run."""
        last = self.answered.get(_origin(key[1]))
        return last is not None and last > self.first_failed[key]

    def dropped(self, request, spider=None):
        key = request.meta.get("barometre_retry")
        if key:
            self.waiting.discard(key)
        origin = request.meta.get("barometre_probe")
        if origin:
            self.probes[origin] = False

    # -- judging what still fails ---------------------------------------------------------
    def _probe(self, origin: str) -> None:
        self.probes[origin] = None

        def answered(response):
            self.probes[origin] = response.status < 500 and response.status != 429

        def failed(failure):
            self.probes[origin] = False

        self.crawler.engine.crawl(scrapy.Request(
            f"{origin}/robots.txt", callback=answered, errback=failed, dont_filter=True,
            meta={"dont_obey_robotstxt": True, "dont_retry": True, "barometre_probe": origin}))

    def _settle(self) -> None:
        changed = set()
        for (cid, url), (row, attempts) in self.unsettled.items():
            target = self.targets[cid]
            error = transient_failure(row["status"], row["error_kind"], row["kind"])
            if self._host_answered((cid, url)) or self.probes.get(_origin(url)):
                state = "confirmed"
            else:
                state = "pending" if attempts < MAX_ATTEMPTS else "given_up"
            target.retries[url] = {"attempts": attempts, "state": state, "error": error}
            (target.pending if state == "pending" else target.settled)[error] += 1
            changed.add(cid)
        self.unsettled.clear()
        self.probes.clear()
        for cid in changed:
            target = self.targets[cid]
            CrawlRun.objects.filter(pk=target.run_id).update(retries=target.retries)

    def stop(self, spider=None, reason=None):
        for timer in self.timers:
            if timer.active():
                timer.cancel()


def _save_run(target) -> None:
    totals = target.totals()
    CrawlRun.objects.filter(pk=target.run_id).update(
        pages=totals["pages"], bytes=totals["bytes"], errors=totals["errors"], skipped=totals["skipped"],
        external_links=totals["external_links"], retries=target.retries)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"

