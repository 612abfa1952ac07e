"""Create or resume a campaign crawl and run it to the end (or to an interruption)."""

from __future__ import annotations

import logging
import os
import socket
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Max
from django.utils import timezone

from .crawl_settings import DEFAULT_MAX_DEPTH, scrapy_settings
from .models import Campaign, CrawlRun, CrawlStatus, Page
from .targets import Target, build_target
from .warc import WarcStore, repair

log = logging.getLogger("barometre.crawl")


def default_campaign_name(today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{today.year}-T{(today.month - 1) // 3 + 1}"


def get_campaign(name: str) -> Campaign:
    campaign, created = Campaign.objects.get_or_create(name=name)
    if campaign.frozen:
        raise CampaignFrozen(f"campaign '{name}' is a frozen edition; crawl into a new campaign")
    return campaign


class CampaignFrozen(RuntimeError):
    pass


class ProxyUnreachable(RuntimeError):
    pass


def check_proxy(proxy: str | None, timeout: float = 5.0) -> None:
    """Fail early, with a clear message, when the proxy does not answer."""
    if not proxy:
        return
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProxyUnreachable(f"proxy '{proxy}' is not an http://host:port URL")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except OSError as exc:
        raise ProxyUnreachable(f"proxy {proxy} unreachable: {exc.strerror or exc}") from None


def warc_dir(campaign: Campaign) -> Path:
    return Path(settings.DATA_DIR) / "warc" / campaign.name


def plan(campaign: Campaign, collectivites, *, max_pages: int, max_depth: int = DEFAULT_MAX_DEPTH,
         recrawl: bool = False) -> tuple[list[Target], list[CrawlRun]]:
    """Targets to crawl now (new or interrupted runs); finished runs are left alone."""
    directory = warc_dir(campaign)
    ends = (Page.objects.filter(campaign=campaign).exclude(warc_file="")
            .values("warc_file").annotate(end=Max(F("warc_offset") + F("warc_length"))))
    for change in repair(directory, {row["warc_file"]: row["end"] for row in ends}) if directory.exists() else []:
        log.warning("WARC repair: %s", change)
    targets, runs = [], []
    for coll in collectivites:
        run, _ = CrawlRun.objects.get_or_create(campaign=campaign, collectivite=coll)
        runs.append(run)
        if not coll.portal_url:
            run.status, run.stop_reason = CrawlStatus.NO_PORTAL, coll.portal_note or "no portal URL"
            run.save()
            continue
        if run.status in (CrawlStatus.DONE, CrawlStatus.UNREACHABLE) and not recrawl:
            continue
        if recrawl:
            Page.objects.filter(campaign=campaign, collectivite=coll).delete()
            run.pages = run.bytes = run.external_links = 0
            run.errors, run.skipped, run.duration = {}, {}, 0
        stored = list(Page.objects.filter(campaign=campaign, collectivite=coll)
                      .values_list("url", "depth", "final_url", "one_hop", "status", "links"))
        target = build_target(coll.code, coll.pk, run.pk, coll.portal_url, coll.hosts, max_pages, max_depth, stored)
        target.previous = {"pages": len(stored), "bytes": run.bytes if stored else 0,
                           "errors": run.errors if stored else {}, "skipped": run.skipped if stored else {},
                           "external_links": run.external_links if stored else 0,
                           "duration": run.duration if stored else 0}
        run.status, run.start_url, run.hosts = CrawlStatus.RUNNING, target.start_url, list(coll.hosts)
        run.started_at = run.started_at or timezone.now()
        run.finished_at = None
        run.save()
        targets.append(target)
    return targets, runs


def run(campaign: Campaign, targets: list[Target], *, rate: float, concurrency: int, timeout: float,
        proxy: str | None, user_agent: str | None, max_depth: int, progress=None) -> str:
    """Crawl every target; returns Scrapy's close reason ('finished', 'shutdown'…)."""
    from scrapy.crawler import CrawlerProcess

    from .recorder import Recorder
    from .spider import CampaignSpider

    if not targets:
        return "finished"
    store = WarcStore(warc_dir(campaign), prefix=f"{campaign.name}-{os.getpid()}")
    recorder = Recorder(campaign, targets, store, on_flush=(lambda: progress.update(targets)) if progress else None)
    process = CrawlerProcess(scrapy_settings(rate=rate, concurrency=concurrency, timeout=timeout,
                                             proxy=proxy, user_agent=user_agent))
    crawler = process.create_crawler(CampaignSpider)
    outcome = {"reason": "shutdown"}

    def closed(spider, reason):
        outcome["reason"] = reason
        recorder.close(reason)

    from scrapy import signals

    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, targets=targets, recorder=recorder, max_depth=max_depth)
    process.start()
    if progress:
        progress.update(targets)
    return outcome["reason"]


class UnknownCampaign(LookupError):
    pass


def find_campaign(name: str | None) -> Campaign:
    """The named campaign, or the most recent one that has a crawl; clear errors otherwise."""
    if name:
        campaign = Campaign.objects.filter(name=name).first()
        if campaign is None:
            known = ", ".join(Campaign.objects.values_list("name", flat=True)[:20]) or "none"
            raise UnknownCampaign(f"unknown campaign '{name}' (known campaigns: {known})")
        return campaign
    campaign = Campaign.objects.filter(runs__isnull=False).distinct().order_by("-date", "-created_at").first()
    if campaign is None:
        raise UnknownCampaign("no crawl stored yet: run `barometre crawl` first")
    return campaign
