"""Audit the stored crawl of a campaign: static audit of every crawled collectivité, then the
browser audit of a sample of key pages per portal, stored as PortalAudit rows."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from barometre.crawl import campaign as crawl_campaign
from barometre.crawl.models import Campaign, CrawlRun, CrawlStatus
from barometre.crawl.stored import campaign_bodies

from . import knowledge
from .browser.runner import BrowserUnavailable, Target, chromium_missing, run_targets, spki_hashes
from .core import audit_portal
from .core.browser import not_measured as merge_not_measured
from .core.browser import summarise_browser
from .core.sample import key_pages
from .crawldata import PortalCrawl, load_portal
from .models import BrowserPage, PortalAudit


class AuditError(RuntimeError):
    """Bad input a user can fix (unknown campaign, collectivité not crawled…)."""


@dataclass
class BrowserOptions:
    enabled: bool = True
    sample: int = 5
    proxy: str | None = None
    host_rules: str | None = None
    ca_bundle: str | None = None  # PEM file: certificates the browser accepts in a server's chain
    concurrency: int = 4
    timeout: float = 30.0
    executable: str | None = None


@dataclass
class AuditOutcome:
    audits: list[PortalAudit] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    browser_reason: str | None = None
    browser_pages: int = 0
    browser_seconds: float = 0.0
    static_pages: int = 0
    static_seconds: float = 0.0


def find_campaign(name: str | None) -> Campaign:
    """The named campaign, or the most recent crawled one (crawl.campaign.find_campaign)."""
    try:
        return crawl_campaign.find_campaign(name)
    except crawl_campaign.UnknownCampaign as exc:
        raise AuditError(str(exc)) from None


def crawl_runs(campaign: Campaign, collectivites=None) -> list[CrawlRun]:
    runs = CrawlRun.objects.filter(campaign=campaign).select_related("collectivite", "campaign")
    if collectivites:
        wanted = {c.pk: c for c in collectivites}
        runs = list(runs.filter(collectivite__in=list(wanted)))
        found = {r.collectivite_id for r in runs}
        missing = [wanted[pk] for pk in wanted if pk not in found]
        if missing:
            names = ", ".join(f"{c.code} ({c.name})" for c in missing)
            raise AuditError(f"no crawl of {names} in campaign '{campaign.name}': run "
                             f"`barometre crawl --campaign {campaign.name} --collectivite "
                             f"{' '.join(c.code for c in missing)}` first")
        return runs
    runs = list(runs)
    if not runs:
        raise AuditError(f"campaign '{campaign.name}' has no crawl: run "
                         f"`barometre crawl --campaign {campaign.name}` first")
    return runs


def static_audit(crawl: PortalCrawl, campaign: Campaign) -> dict:
    """The pure core over the stored crawl; the reference date is the campaign's, never today."""
    return audit_portal(crawl.home_url, crawl.pages, crawl.links, crawl.hosts, campaign.date,
                        linked_pages=crawl.linked_pages, probes=crawl.probes)


def _browser_targets(crawl: PortalCrawl, sample: int) -> list[Target]:
    hosts = frozenset(crawl.hosts)
    chosen = key_pages(crawl.home_url, crawl.pages, crawl.links, hosts, sample, knowledge.cues()["sample"])
    return [Target(code=crawl.run.collectivite.code, url=c["url"], role=c["role"], cue=c["cue"], hosts=hosts)
            for c in chosen]


def _save(run: CrawlRun, crawl_home: str, static: dict, browser: dict | None, pages: list[dict],
          reason: str) -> PortalAudit:
    audit, _ = PortalAudit.objects.update_or_create(
        campaign=run.campaign, collectivite=run.collectivite,
        defaults={
            "reference_date": run.campaign.date, "method_version": run.campaign.method_version,
            "crawl_status": run.status, "home_url": crawl_home, "static": static, "browser": browser,
            "not_measured": merge_not_measured(static["not_measured"], browser, reason),
            "statement_status": static["accessibility_statement"]["status"] or "",
            "viewport_meta": static["viewport_meta"], "franceconnect": static["franceconnect"],
            "pages_audited": static["pages"]["fetched"],
            "browser_pages": browser["pages_loaded"] if browser else 0,
        })
    audit.browser_results.all().delete()
    BrowserPage.objects.bulk_create([
        BrowserPage(audit=audit, url=p["url"], role=p["role"], cue=p["cue"][:300], error=(p["error"] or "")[:500],
                    status=p["status"], final_url=p["final_url"] or "", metrics=p["metrics"],
                    ecoindex=p["ecoindex"], axe=p["axe"], mobile=p["mobile"],
                    network={**p["network"], "tls_valid": p["tls_valid"]}, duration=p["duration"])
        for p in pages])
    return audit


def audit_campaign(campaign: Campaign, runs: list[CrawlRun], browser: BrowserOptions,
                   progress: Callable[[str], None] = lambda msg: None) -> AuditOutcome:
    outcome = AuditOutcome()
    crawls: list[tuple[PortalCrawl, dict]] = []
    started = time.perf_counter()
    with campaign_bodies(campaign) as reader:
        for run in runs:
            if run.status in (CrawlStatus.NO_PORTAL, CrawlStatus.PENDING) or \
                    (not run.pages and run.status != CrawlStatus.UNREACHABLE):
                outcome.skipped.append((run.collectivite.code, run.get_status_display()))
                continue
            crawl = load_portal(run, reader)
            if not crawl.pages and run.status != CrawlStatus.UNREACHABLE:
                outcome.skipped.append((run.collectivite.code, "aucune page stockée"))
                continue
            # an unreachable portal (its robots.txt refused, say) still gets its record: every
            # value "non mesuré", with the reason, never an absent line
            crawls.append((crawl, static_audit(crawl, campaign)))
            outcome.static_pages += len(crawl.pages)
            progress(f"static audit {run.collectivite.code}: {len(crawl.pages)} pages")
    outcome.static_seconds = time.perf_counter() - started

    results: dict[str, list[dict]] = {}
    reason = "browser audit not run (--no-browser)"
    if browser.enabled:
        executable = browser.executable or None
        missing = chromium_missing(executable) if executable else chromium_missing()
        if missing:
            reason = f"browser audit not run: {missing}"
        else:
            targets = [t for crawl, _ in crawls for t in _browser_targets(crawl, browser.sample)]
            options = {"proxy": browser.proxy, "host_rules": browser.host_rules,
                       "concurrency": browser.concurrency, "timeout": browser.timeout,
                       "trusted_spki": spki_hashes(browser.ca_bundle) if browser.ca_bundle else ()}
            if executable:
                options["executable"] = executable
            started = time.perf_counter()
            try:
                done = run_targets(targets, on_done=lambda r: progress(
                    f"browser {r['code']} {r['role']}: {r['url']} ({r['duration']:.1f} s"
                    f"{', ' + r['error'] if r['error'] else ''})"), **options)
            except BrowserUnavailable as exc:
                reason = f"browser audit not run: {exc}"
            else:
                outcome.browser_seconds = time.perf_counter() - started
                outcome.browser_pages = len(done)
                for res in done:
                    results.setdefault(res["code"], []).append(res)
                reason = "no page of this portal could be sampled for the browser (home page not fetched)"
    outcome.browser_reason = None if results else reason
    with transaction.atomic():
        for crawl, static in crawls:
            pages = results.get(crawl.run.collectivite.code, [])
            summary = summarise_browser(pages) if pages else None
            outcome.audits.append(_save(crawl.run, crawl.home_url, static, summary, pages, reason))
    return outcome
