"""barometre audit: grade every crawled portal of a campaign (static, then in Chromium), or export."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from barometre.audit.campaign import (
    AuditError,
    BrowserOptions,
    audit_campaign,
    crawl_runs,
    find_campaign,
)
from barometre.audit.export import export_campaign
from barometre.crawl.campaign import ProxyUnreachable, check_proxy
from barometre.referential.resolve import UnknownCode, get_collectivite

STATUS_LABELS = {"totalement_conforme": "totale", "partiellement_conforme": "partielle",
                 "non_conforme": "non conforme"}


def _yes_no(value) -> str:
    return "—" if value is None else ("oui" if value else "non")


class Command(BaseCommand):
    help = "Audit the crawled portals of a campaign (speed, accessibility, mobile, security, support), or export the audits."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["run", "export"], default="run",
                            help="run (default): audit the stored crawl; export: write the audits.")
        parser.add_argument("--campaign", help="Campaign name (default: the latest crawled campaign).")
        parser.add_argument("--collectivite", nargs="+", metavar="CODE", help="Only these collectivités.")
        parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True,
                            help="Also audit a sample of key pages in Chromium (default; --no-browser for static only).")
        parser.add_argument("--sample", type=int, default=5,
                            help="Pages per portal in the browser: home, services hub, top services, one form (default 5).")
        parser.add_argument("--proxy", help="HTTP proxy for the browser (e.g. the sample web's replay server).")
        parser.add_argument("--ca-bundle", metavar="PEM", default=os.environ.get("BAROMETRE_CA_BUNDLE") or None,
                            help="The browser also accepts https servers whose chain holds a certificate of this "
                                 "PEM file (the sample web's ca_chain; also read from BAROMETRE_CA_BUNDLE).")
        parser.add_argument("--concurrency", type=int, default=4, help="Browser pages audited at once (default 4).")
        parser.add_argument("--timeout", type=float, default=30.0, help="Seconds for a page to load in the browser.")
        parser.add_argument("--format", choices=["json"], default="json", help="Export format (json).")
        parser.add_argument("-o", "--output", metavar="FILE", help="Export file (default: standard output).")

    def handle(self, *args, **opts):
        try:
            campaign = find_campaign(opts["campaign"])
            if opts["action"] == "export":
                return self._export(campaign, opts)
            if opts["sample"] < 1 or opts["concurrency"] < 1 or opts["timeout"] <= 0:
                raise CommandError("--sample and --concurrency must be ≥ 1, --timeout > 0")
            collectivites = [get_collectivite(code) for code in opts["collectivite"] or []]
            runs = crawl_runs(campaign, collectivites)
            if opts["browser"] and opts["proxy"]:
                check_proxy(opts["proxy"])
            if opts["ca_bundle"] and not os.path.isfile(opts["ca_bundle"]):
                raise CommandError(f"--ca-bundle: no such file: {opts['ca_bundle']}")
        except (AuditError, UnknownCode, ProxyUnreachable) as exc:
            raise CommandError(str(exc)) from None
        console = Console(file=self.stdout._out, width=None if self.stdout._out.isatty() else 160)
        console.print(f"audit of campaign {campaign.name} (reference date {campaign.date}, "
                      f"méthode {campaign.method_version}): {len(runs)} crawled collectivités", highlight=False)
        browser = BrowserOptions(enabled=opts["browser"], sample=opts["sample"], proxy=opts["proxy"],
                                 concurrency=opts["concurrency"], timeout=opts["timeout"], ca_bundle=opts["ca_bundle"])
        outcome = audit_campaign(campaign, runs, browser,
                                 progress=lambda msg: console.print(msg, highlight=False, markup=False)
                                 if opts["verbosity"] > 1 else None)
        console.print(self._summary(outcome))
        static_rate = outcome.static_pages / outcome.static_seconds if outcome.static_seconds else 0
        console.print(f"static audit: {outcome.static_pages} pages in {outcome.static_seconds:.1f} s "
                      f"({static_rate:.0f} pages/s)", highlight=False)
        if outcome.browser_reason:
            console.print(f"[bold]browser measures not measured[/bold]: {outcome.browser_reason} — "
                          "FCP, LCP, CLS, load event, transfer size, requests, EcoIndex, axe-core, "
                          "layout at phone width, tap targets, live mixed content, TLS validity "
                          "(see not_measured in the export)", highlight=False)
        else:
            console.print(f"browser audit: {outcome.browser_pages} pages in {outcome.browser_seconds:.1f} s "
                          f"({outcome.browser_pages / max(outcome.browser_seconds, 1e-6):.2f} pages/s)",
                          highlight=False)
        for code, why in outcome.skipped:
            console.print(f"{code}: not audited ({why})", highlight=False)
        console.print(f"export: barometre audit export --campaign {campaign.name} --format json -o audit.json",
                      highlight=False)

    def _export(self, campaign, opts):
        records = export_campaign(campaign)
        if not records:
            raise CommandError(f"campaign '{campaign.name}' has no audit yet: run "
                               f"`barometre audit --campaign {campaign.name}` first")
        text = json.dumps(records, ensure_ascii=False, indent=1)
        if opts["output"]:
            Path(opts["output"]).write_text(text + "\n", encoding="utf-8")
            print(f"{len(records)} audits written to {opts['output']}", file=sys.stderr)
        else:
            self.stdout.write(text)

    def _summary(self, outcome) -> Table:
        table = Table(title="Audit des portails")
        columns = ("code", "collectivité", "pages", "déclaration", "taux", "viewport", "FC", "TTFB méd.",
                   "liens cassés", "5xx", "canaux", "nav. pages", "LCP méd.", "axe", "EcoIndex")
        for col in columns:
            table.add_column(col, overflow="fold")
        for audit in outcome.audits:
            r = audit.record
            st, eco = r.statement, r.ecoindex
            table.add_row(
                audit.collectivite.code, audit.collectivite.name[:28], str(r.pages_fetched),
                STATUS_LABELS.get(st.status, "—") if st.status else "—",
                "—" if st.rate is None else f"{st.rate:g} %", _yes_no(r.viewport_meta),
                _yes_no(r.franceconnect),
                "—" if r.ttfb_median is None else f"{r.ttfb_median:.2f} s ({r.speed_grade})",
                "—" if r.broken_links is None else str(r.broken_links), "—" if r.error_pages is None else str(r.error_pages),
                "—" if r.channel_count is None else str(r.channel_count),
                str(audit.browser_pages) if audit.browser else "—",
                "—" if r.lcp_median is None else f"{r.lcp_median:.2f} s",
                "—" if r.axe_violations is None else str(r.axe_violations),
                "—" if not eco or eco["value"] is None else f"{eco['grade']} ({eco['value']:g})")
        return table

