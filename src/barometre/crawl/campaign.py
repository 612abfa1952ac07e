"""Create or resume a campaign crawl and run it to the end (or to an interruption).

Everything that writes a campaign's storage (WARC repair, plan, crawl) runs under the
campaign's lock (crawl/lock.py), and a campaign's name is checked once, here, before it names
a directory.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Max
from django.utils import timezone

from . import lock
from .crawl_settings import DEFAULT_MAX_DEPTH, scrapy_settings
from .models import CAMPAIGN_NAME_PATTERN, CAMPAIGN_NAME_RULE, Campaign, CrawlRun, CrawlStatus, Page
from .scope import canonicalize
from .targets import StoredPage, Target, build_target
from .warc import WarcStore, repair, store_prefix

log = logging.getLogger("barometre.crawl")
INTERRUPTED = "interrupted: the crawl stopped before this collectivité was finished; run the same command again"
RESUMABLE = (CrawlStatus.PENDING, CrawlStatus.RUNNING, CrawlStatus.INCOMPLETE, CrawlStatus.NO_PORTAL)


def default_campaign_name(today: date | None = None) -> str:
    today = today or timezone.localdate()
    return f"{today.year}-T{(today.month - 1) // 3 + 1}"


class CampaignNameError(ValueError):
    pass


def validate_name(name) -> str:
    """`name` if it is a valid campaign name (it names directories), CampaignNameError otherwise."""
    if not isinstance(name, str) or not re.fullmatch(CAMPAIGN_NAME_PATTERN, name):
        shown = repr(name if not isinstance(name, str) or len(name) <= 60 else name[:60] + "…")
        raise CampaignNameError(f"invalid campaign name {shown}: {CAMPAIGN_NAME_RULE}")
    return name


def get_campaign(name: str) -> Campaign:
    campaign, created = Campaign.objects.get_or_create(name=validate_name(name))
    if campaign.frozen:
        raise CampaignFrozen(f"campaign '{name}' is a frozen edition; crawl into a new campaign")
    return campaign


class CampaignFrozen(RuntimeError):
    pass


class StartUrlConflict(RuntimeError):
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
    return Path(settings.DATA_DIR) / "warc" / validate_name(campaign.name)


def _require_lock(campaign: Campaign) -> None:
    if not lock.held(campaign.name):
        raise RuntimeError(f"campaign '{campaign.name}': its storage is only written under its lock")


def repair_storage(campaign: Campaign) -> list[str]:
    """Cut what a killed session left after the last stored record of each of its WARC files."""
    _require_lock(campaign)
    directory = warc_dir(campaign)
    if not directory.is_dir():
        return []
    ends = (Page.objects.filter(campaign=campaign).exclude(warc_file="")
            .values("warc_file").annotate(end=Max(F("warc_offset") + F("warc_length"))))
    return repair(directory, campaign.name, {row["warc_file"]: row["end"] for row in ends})


def plan(campaign: Campaign, collectivites, *, max_pages: int, max_depth: int = DEFAULT_MAX_DEPTH,
         recrawl: bool = False, sites: dict | None = None) -> tuple[list[Target], list[CrawlRun]]:
    """Targets to crawl now (new, interrupted or incomplete runs); finished runs are left alone.

    `sites` maps a collectivité id to the (URL, hosts) a sites file gives it for this campaign;
    a run that already has pages keeps the URL and hosts it was crawled at.
    """
    _require_lock(campaign)
    for change in repair_storage(campaign):
        log.warning("WARC repair: %s", change)
    sites = sites or {}
    targets, runs = [], []
    for coll in collectivites:
        run, _ = CrawlRun.objects.get_or_create(campaign=campaign, collectivite=coll)
        runs.append(run)
        if recrawl:
            Page.objects.filter(campaign=campaign, collectivite=coll).delete()
            run.pages = run.bytes = run.external_links = 0
            run.errors, run.skipped, run.retries, run.duration = {}, {}, {}, 0
            run.start_url, run.hosts = "", []
        url, hosts = sites.get(coll.pk) or (coll.portal_url or "", list(coll.hosts or []))
        rows = [StoredPage(*r) for r in Page.objects.filter(campaign=campaign, collectivite=coll)
                .order_by("id").values_list(*StoredPage._fields)]
        if rows and run.start_url:
            if coll.pk in sites:
                _check_same_start(campaign, coll, run, url, hosts)
            url, hosts = run.start_url, list(run.hosts)
        if not url:
            run.status, run.stop_reason = CrawlStatus.NO_PORTAL, coll.portal_note or "no portal URL"
            run.save()
            continue
        if not (recrawl or run.status in RESUMABLE or _retry_pending(run)):
            continue
        target = build_target(coll.code, coll.pk, run.pk, url, hosts, max_pages, max_depth, rows,
                              retries=run.retries, copies=_copies(campaign, rows),
                              totals={"bytes": run.bytes, "errors": run.errors, "duration": run.duration})
        Page.objects.filter(pk__in=[r.id for r in target.requeued + target.refreshed]).delete()
        prev = target.previous
        run.pages, run.bytes, run.errors = prev["pages"], prev["bytes"], prev["errors"]
        run.skipped, run.external_links, run.retries = target.totals()["skipped"], prev["external_links"], target.retries
        run.status, run.stop_reason = CrawlStatus.RUNNING, INTERRUPTED
        run.start_url, run.hosts = target.start_url, list(hosts)
        run.started_at = run.started_at or timezone.now()
        run.finished_at = None
        run.save()
        targets.append(target)
    return targets, runs


def _retry_pending(run: CrawlRun) -> bool:
    """An unreachable portal whose failure may be an outage, with tries left: ask it again."""
    return run.status == CrawlStatus.UNREACHABLE and any(
        info.get("state") == "pending" for info in (run.retries or {}).values())


def _check_same_start(campaign, coll, run, url: str, hosts) -> None:
    same_url = (canonicalize(url) or url) == run.start_url
    if same_url and sorted(h.lower() for h in hosts) == sorted(h.lower() for h in run.hosts):
        return
    given = url if not same_url else f"hosts {' '.join(hosts) or '(none)'}"
    was = run.start_url if not same_url else f"hosts {' '.join(run.hosts) or '(none)'}"
    raise StartUrlConflict(
        f"campaign '{campaign.name}' has already crawled {coll.code} at {was}; the sites file gives {given}. "
        "A campaign keeps the URL it observed: crawl into a new campaign, or add --recrawl to start "
        f"{coll.code} again")


def _copies(campaign: Campaign, rows: list[StoredPage]) -> frozenset[int]:
    """Failed rows that reuse another collectivité's stored response (a shared one-hop page)."""
    ids = [r.id for r in rows if r.status is not None and (r.status >= 500 or r.status == 429)]
    copies = set()
    for page in Page.objects.filter(pk__in=ids).exclude(warc_file="").values("id", "warc_file", "warc_offset"):
        if Page.objects.filter(campaign=campaign, warc_file=page["warc_file"], warc_offset=page["warc_offset"],
                               id__lt=page["id"]).exists():
            copies.add(page["id"])
    return frozenset(copies)


def run(campaign: Campaign, targets: list[Target], *, rate: float, concurrency: int, timeout: float,
        proxy: str | None, user_agent: str | None, max_depth: int, progress=None,
        ca_bundle: str | None = None) -> str:
    """Crawl every target; returns Scrapy's close reason ('finished', 'shutdown'…)."""
    from scrapy.crawler import CrawlerProcess

    from .recorder import Recorder
    from .retry import RetryPass
    from .spider import CampaignSpider

    _require_lock(campaign)
    if not targets:
        return "finished"
    store = WarcStore(warc_dir(campaign), prefix=store_prefix(campaign.name, os.getpid()))
    recorder = Recorder(campaign, targets, store, on_flush=(lambda: progress.update(targets)) if progress else None)
    process = CrawlerProcess(scrapy_settings(rate=rate, concurrency=concurrency, timeout=timeout,
                                             proxy=proxy, user_agent=user_agent, ca_bundle=ca_bundle))
    crawler = process.create_crawler(CampaignSpider)
    retries = RetryPass(crawler, campaign, targets, recorder)  # signals hold weak references: keep it
    outcome = {"reason": "shutdown"}

    def closed(spider, reason):
        outcome["reason"] = reason
        try:
            recorder.close(reason)
        except Exception as exc:  # Scrapy swallows what a signal handler raises: keep it for the caller
            log.exception("the crawl's last records could not be stored")
            outcome["error"] = exc

    from scrapy import signals

    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, targets=targets, recorder=recorder, max_depth=max_depth)
    process.start()
    del retries
    if progress:
        progress.update(targets)
    if "error" in outcome:
        raise CrawlNotStored(f"the crawl's last pages and outcomes could not be stored "
                             f"({type(outcome['error']).__name__}: {outcome['error']}); "
                             "run the same command again to resume") from outcome["error"]
    return outcome["reason"]


class CrawlNotStored(RuntimeError):
    """The database refused what the crawl had to store at its end (an outage, say)."""


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
