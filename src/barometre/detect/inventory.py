"""The inventory stage: a campaign's stored pages -> services in the database (no network).

The Django edge: it reads the pages' metadata from the database and their bodies from the
WARC files, hands plain data to the pure core (grouping, decisions), stores the services and
re-applies analysts' corrections. Collectivités are processed in parallel worker processes
(they share nothing), each worker reading its own bodies.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.db import transaction

from barometre import METHOD_VERSION
from barometre.crawl.campaign import UnknownCampaign, find_campaign, warc_dir
from barometre.crawl.models import Campaign, Page
from barometre.crawl.stored import crawled_site, stored_rows, stored_text
from barometre.crawl.warc import WarcReader
from barometre.detect.core.features import Link, extract_page
from barometre.detect.core.grouping import StoredPage, group_services, page_links
from barometre.detect.core.knowledge import load_knowledge
from barometre.detect.core.service import absent_services, decide_service
from barometre.detect.models import Correction, Service
from barometre.referential.models import Collectivite

DEFAULT_WORKERS = 2


class InventoryError(RuntimeError):
    """A campaign or collectivité the inventory cannot work on (message for the analyst)."""


@dataclass
class Job:
    """Everything one worker needs for one collectivité (picklable, no Django objects)."""

    code: str
    portal_url: str
    hosts: list[str]
    warc_dir: str
    pages: list[dict]


@dataclass
class Outcome:
    code: str
    services: list[dict] = field(default_factory=list)
    pages: int = 0
    html_pages: int = 0
    seconds: float = 0.0


def campaign_named(name: str | None) -> Campaign:
    """The named campaign, or the most recent one; clear errors otherwise."""
    try:
        return find_campaign(name)
    except UnknownCampaign as exc:
        raise InventoryError(str(exc)) from None


def crawled_collectivites(campaign: Campaign, wanted: Sequence[Collectivite] | None = None) -> list[Collectivite]:
    with_pages = set(Page.objects.filter(campaign=campaign).values_list("collectivite_id", flat=True).distinct())
    if not with_pages:
        raise InventoryError(f"campaign '{campaign.name}' has no stored page: run `barometre crawl "
                             f"--campaign {campaign.name}` first")
    if wanted:
        missing = [c.code for c in wanted if c.id not in with_pages]
        if missing:
            raise InventoryError(f"campaign '{campaign.name}' has no stored page for {', '.join(missing)}")
        return list(wanted)
    return list(Collectivite.objects.filter(id__in=with_pages).order_by("code"))


def make_job(campaign: Campaign, collectivite: Collectivite) -> Job:
    """The pages and own hosts the crawl stored for one collectivité (`crawl.stored`)."""
    site = crawled_site(campaign, collectivite)
    pages = stored_rows(campaign, collectivite)
    return Job(collectivite.code, site.portal_url, sorted(site.own), str(warc_dir(campaign)), pages)


def stored_page(row: dict, reader: WarcReader) -> StoredPage:
    """One page row as core data; only HTML pages fetched with 200 are read and parsed."""
    links = tuple(tuple(link) for link in row["links"] or ())
    page = StoredPage(url=row["url"], status=row["status"], content_type=row["content_type"] or "",
                      one_hop=row["one_hop"], links=links, document=row["document"] or {},
                      depth=row["depth"] or 0)
    if row["status"] == 200 and row["kind"] == "page" and "html" in page.content_type:
        text = stored_text(row, reader)
        if text is not None:  # a WARC file removed by hand: the page stays, without its text
            known: tuple[Link, ...] = page_links(page)
            page.features = extract_page(row["url"], text, page.content_type, known)
    return page


def analyse(job: Job) -> Outcome:
    """Pages of one collectivité -> its services as plain dicts (runs in a worker process)."""
    started = time.perf_counter()
    k = load_knowledge()
    with WarcReader(job.warc_dir) as reader:
        pages = [stored_page(row, reader) for row in job.pages]
    groups = group_services(pages, job.hosts, k)
    records = [decide_service(g, k) for g in groups]
    records = _one_per_entry(records)
    html_pages = sum(p.features is not None for p in pages)
    if html_pages:  # an unreachable portal is "not measurable", not a list of absent services
        records += absent_services((r.catalogue_id for r in records), job.portal_url, k)
    return Outcome(job.code, [r.as_dict() for r in records], len(pages), html_pages,
                   time.perf_counter() - started)


def _one_per_entry(records):
    """Two pages matching the same catalogue entry with the same entry point are one service."""
    seen: dict[tuple, object] = {}
    out = []
    for rec in records:
        key = (rec.catalogue_id, rec.entry_url) if rec.catalogue_id and rec.entry_url else None
        if key and key in seen:
            first = seen[key]
            first.urls = list(dict.fromkeys([*first.urls, *rec.urls]))
            continue
        if key:
            seen[key] = rec
        out.append(rec)
    return out


def analyse_all(jobs: Iterable[Job], workers: int = DEFAULT_WORKERS,
                on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Run :func:`analyse` over jobs, in ``workers`` processes when there is more than one job."""
    jobs = list(jobs)
    if workers <= 1 or len(jobs) <= 1:
        outcomes = []
        for job in jobs:
            outcomes.append(analyse(job))
            if on_done:
                on_done(outcomes[-1])
        return outcomes
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    outcomes = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for outcome in pool.map(analyse, jobs, chunksize=1):
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes


def store(campaign: Campaign, collectivite: Collectivite, services: list[dict]) -> list[Service]:
    """Replace the campaign's services of one collectivité, then re-apply its corrections."""
    rows = [Service(campaign=campaign, collectivite=collectivite, method_version=METHOD_VERSION,
                    **{**s, "entry_url": s["entry_url"] or ""}) for s in services]
    latest = latest_corrections(collectivite)
    for row in rows:
        apply_corrections(row, latest.get(row.key, {}))
    with transaction.atomic():
        Service.objects.filter(campaign=campaign, collectivite=collectivite).delete()
        Service.objects.bulk_create(rows, batch_size=500)
    return rows


def latest_corrections(collectivite: Collectivite) -> dict[str, dict[str, Correction]]:
    """key -> field -> the latest correction."""
    out: dict[str, dict[str, Correction]] = {}
    for c in Correction.objects.filter(collectivite=collectivite).order_by("created_at", "id"):
        out.setdefault(c.key, {})[c.field] = c
    return out


def apply_corrections(service: Service, corrections: dict[str, Correction]) -> None:
    for name, correction in corrections.items():
        if name not in service.detected:
            service.detected[name] = getattr(service, name)
        setattr(service, name, correction.typed_value())
        if name not in service.corrected:
            service.corrected.append(name)
        service.evidence = [*service.evidence, {
            "field": name, "cue": f"analyst correction by {correction.author or 'unknown'}"
            f"{': ' + correction.note if correction.note else ''}", "url": service.page_url}]


def run_inventory(campaign: Campaign, collectivites: Sequence[Collectivite], workers: int = DEFAULT_WORKERS,
                  on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    by_code = {c.code: c for c in collectivites}
    jobs = [make_job(campaign, c) for c in collectivites]

    def done(outcome: Outcome) -> None:
        store(campaign, by_code[outcome.code], outcome.services)
        if on_done:
            on_done(outcome)

    return analyse_all(jobs, workers, done)
