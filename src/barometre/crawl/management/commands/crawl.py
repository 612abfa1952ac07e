"""barometre crawl: fetch every collectivité's portal for a campaign (resumable)."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from barometre.crawl import campaign as campaigns
from barometre.crawl import lock
from barometre.crawl.crawl_settings import (
    DEFAULT_CONCURRENCY,
    DEFAULT_MAX_DEPTH,
    DEFAULT_MAX_PAGES,
    DEFAULT_RATE,
    DEFAULT_TIMEOUT,
)
from barometre.crawl.models import CrawlRun
from barometre.crawl.progress import Progress, incomplete_runs, summary_table
from barometre.referential.imports import default_sites_source, parse_sites
from barometre.referential.loader import SitesConflict, store_sites
from barometre.referential.models import REFERENTIEL, Collectivite
from barometre.referential.resolve import UnknownCode, get_collectivite
from barometre.referential.tables import TableError
from barometre.typography import plural


class Command(BaseCommand):
    help = "Crawl the portals of a campaign politely, storing every response (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="Campaign name (created if new, resumed otherwise; default: current quarter).")
        who = parser.add_mutually_exclusive_group()
        who.add_argument("--collectivite", nargs="+", metavar="CODE", help="Département or collectivité codes.")
        who.add_argument("--all", action="store_true", help="Every collectivité of the référentiel (default).")
        who.add_argument("--sites", metavar="FILE", help="Crawl the sites of a sites file (code,name,url[,hosts]).")
        parser.add_argument("--proxy", help="HTTP proxy URL (also read from HTTP_PROXY).")
        parser.add_argument("--ca-bundle", metavar="PEM", default=os.environ.get("BAROMETRE_CA_BUNDLE") or None,
                            help="Trust only the CAs of this PEM file for https (the sample web's test CA; "
                                 "also read from BAROMETRE_CA_BUNDLE). Default: the system's trust store.")
        parser.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES,
                            help=f"Page budget per collectivité (default {DEFAULT_MAX_PAGES}).")
        parser.add_argument("--max-depth", type=int, default=DEFAULT_MAX_DEPTH,
                            help=f"Link depth from the home page (default {DEFAULT_MAX_DEPTH}).")
        parser.add_argument("--rate", type=float, default=DEFAULT_RATE,
                            help=f"Requests per second per host (default {DEFAULT_RATE}; 0 = unlimited, loopback only).")
        parser.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY,
                            help=f"Requests in flight overall (default {DEFAULT_CONCURRENCY}; at most 2 per host).")
        parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="Seconds before a request times out.")
        parser.add_argument("--user-agent", help="User agent (default: BarometreBot with its contact URL).")
        parser.add_argument("--recrawl", action="store_true", help="Crawl finished collectivités again from scratch.")

    def handle(self, *args, **opts):
        if opts["ca_bundle"] and not os.path.isfile(opts["ca_bundle"]):
            raise CommandError(f"--ca-bundle: no such file: {opts['ca_bundle']}")
        if opts["max_pages"] < 1 or opts["concurrency"] < 1 or opts["rate"] < 0 or opts["timeout"] <= 0:
            raise CommandError("--max-pages and --concurrency must be ≥ 1, --rate ≥ 0, --timeout > 0")
        name = opts["campaign"] if opts["campaign"] is not None else campaigns.default_campaign_name()
        try:
            campaigns.validate_name(name)
        except campaigns.CampaignNameError as exc:
            raise CommandError(str(exc)) from None
        records = self._sites_file(opts["sites"]) if opts["sites"] else None
        collectivites = None if records is not None else self._collectivites(opts)
        try:
            campaigns.check_proxy(opts["proxy"])
            with lock.campaign_lock(name):
                self._crawl(name, opts, records, collectivites)
        except (campaigns.ProxyUnreachable, campaigns.CampaignFrozen, campaigns.StartUrlConflict,
                lock.CampaignLocked, SitesConflict, campaigns.CrawlNotStored) as exc:
            raise CommandError(str(exc)) from None

    def _crawl(self, name, opts, records, collectivites):
        """Store, plan and crawl, under the campaign's lock; nothing is stored if planning fails."""
        sites = {}
        with transaction.atomic():
            if records is not None:
                collectivites = store_sites(records, default_sites_source(opts["sites"]), referential_codes=True)
                sites = {c.pk: (r.url, list(r.hosts)) for c, r in zip(collectivites, records, strict=True)}
            campaign = campaigns.get_campaign(name)
            targets, runs = campaigns.plan(campaign, collectivites, max_pages=opts["max_pages"],
                                           max_depth=opts["max_depth"], recrawl=opts["recrawl"], sites=sites)
            campaign.parameters = {k: opts[k] for k in ("max_pages", "max_depth", "rate", "concurrency", "timeout")}
            campaign.parameters["proxy"] = bool(opts["proxy"])
            campaign.save()
        done = len(runs) - len(targets)
        self.stdout.write(f"campagne {campaign.name} (méthode {campaign.method_version}) : "
                          f"{plural(len(targets), 'collectivité')} à collecter, "
                          f"{plural(done, 'déjà faite', 'déjà faites')} ou sans portail")
        with Progress(self.stdout._out) as progress:
            reason = campaigns.run(campaign, targets, rate=opts["rate"], concurrency=opts["concurrency"],
                                   timeout=opts["timeout"], proxy=opts["proxy"], user_agent=opts["user_agent"],
                                   max_depth=opts["max_depth"], progress=progress, ca_bundle=opts["ca_bundle"])
        runs = CrawlRun.objects.filter(pk__in=[r.pk for r in runs]).select_related("collectivite")
        progress.console.print(summary_table(runs))
        if reason != "finished":
            raise CommandError(f"collecte interrompue ({reason}) : relancez la même commande pour la reprendre")
        unfinished = incomplete_runs(runs)
        if unfinished:
            raise CommandError(unfinished)

    def _sites_file(self, path):
        try:
            return parse_sites(path)
        except TableError as exc:
            raise CommandError(str(exc)) from None

    def _collectivites(self, opts):
        if opts["collectivite"]:
            try:
                found = [get_collectivite(code) for code in opts["collectivite"]]
            except UnknownCode as exc:
                raise CommandError(str(exc)) from None
            return list(dict.fromkeys(found))
        return list(Collectivite.objects.filter(source=REFERENTIEL))
