"""barometre inventory: find and grade every service of a campaign's stored crawl (no network)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from barometre.crawl.models import Page
from barometre.detect import export, inventory
from barometre.detect.core.scoring import score_inventory
from barometre.detect.models import Service
from barometre.referential.resolve import UnknownCode, get_collectivite


class Command(BaseCommand):
    help = "Inventory and grade the services of a campaign from its stored pages (export, evaluate)."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", default="run", choices=["run", "export", "evaluate"],
                            help="run (default): detect and store; export: write the services; "
                                 "evaluate: score against a truth file and analysts' corrections.")
        parser.add_argument("--campaign", help="Campaign name (default: the most recent).")
        parser.add_argument("--collectivite", nargs="+", metavar="CODE", help="Only these collectivités.")
        parser.add_argument("--workers", type=int, default=inventory.DEFAULT_WORKERS,
                            help=f"Worker processes (default {inventory.DEFAULT_WORKERS}).")
        parser.add_argument("--format", choices=export.FORMATS, default="jsonl", help="Export format.")
        parser.add_argument("-o", "--output", metavar="FILE", help="Export file (default: stdout).")
        parser.add_argument("--truth", metavar="FILE",
                            help="truth.json of the sample web or of an evaluation web (evaluate).")
        parser.add_argument("--table", action="store_true",
                            help="evaluate: print a table per site (with crawl coverage) instead of JSON.")
        parser.add_argument("--details", action="store_true",
                            help="evaluate --table: also list errors, false positives, misses, URLs not fetched.")

    def handle(self, *args, **opts):
        try:
            campaign = inventory.campaign_named(opts["campaign"])
            if opts["action"] == "export":
                return self._export(campaign, opts)
            if opts["action"] == "evaluate":
                return self._evaluate(campaign, opts)
            wanted = [get_collectivite(c) for c in opts["collectivite"]] if opts["collectivite"] else None
            collectivites = inventory.crawled_collectivites(campaign, wanted)
        except (inventory.InventoryError, UnknownCode) as exc:
            raise CommandError(str(exc)) from None
        if opts["workers"] < 1:
            raise CommandError("--workers must be ≥ 1")
        console = Console(file=self.stdout._out)
        started = time.perf_counter()
        console.print(f"inventory of campaign {campaign.name}: {len(collectivites)} collectivités")
        outcomes = inventory.run_inventory(
            campaign, collectivites, opts["workers"],
            on_done=lambda o: console.print(f"  {o.code}: {o.pages} pages, "
                                            f"{sum(s['level'] > 0 for s in o.services)} services"))
        console.print(self._summary(campaign, [o.code for o in outcomes]))
        pages = sum(o.pages for o in outcomes)
        elapsed = time.perf_counter() - started
        console.print(f"{pages} stored pages in {elapsed:.1f} s ({pages / max(elapsed, 1e-9):.0f} pages/s)")

    def _summary(self, campaign, codes) -> Table:
        table = Table(title="Inventaire des services")
        for col in ("code", "services", "niv. 1", "niv. 2", "niv. 3", "niv. 4", "absents (0)", "relais",
                    "thèmes ≥ 2"):
            table.add_column(col)
        services = Service.objects.filter(campaign=campaign, collectivite__code__in=codes)
        by_code: dict[str, list] = {}
        for s in services.values("collectivite__code", "level", "relay", "theme"):
            by_code.setdefault(s["collectivite__code"], []).append(s)
        for code in sorted(codes):
            rows = by_code.get(code, [])
            levels = Counter(r["level"] for r in rows)
            themes = {r["theme"] for r in rows if r["level"] >= 2 and r["theme"] != "autre"}
            table.add_row(code, str(sum(levels[n] for n in (1, 2, 3, 4))),
                          *(str(levels[n]) for n in (1, 2, 3, 4)), str(levels[0]),
                          str(sum(1 for r in rows if r["relay"])), f"{len(themes)}/7")
        return table

    def _export(self, campaign, opts):
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8", newline="") as out:
                n = export.write(campaign, opts["format"], out)
            self.stderr.write(f"{n} services written to {opts['output']}")
        else:
            export.write(campaign, opts["format"], sys.stdout)

    def _evaluate(self, campaign, opts):
        report: dict = {"campaign": campaign.name}
        services = list(Service.objects.filter(campaign=campaign).select_related("collectivite"))
        if opts["truth"]:
            try:
                truth = json.loads(Path(opts["truth"]).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"cannot read truth file {opts['truth']}: {exc}") from None
            detected: dict[str, list] = {}
            for s in services:
                detected.setdefault(s.collectivite.code, []).append(
                    {"page_url": s.page_url, "urls": s.urls, "theme": s.theme, "level": s.level, "relay": s.relay})
            try:
                scored = score_inventory(detected, truth, fetched_urls(campaign))
            except (KeyError, TypeError, AttributeError) as exc:
                raise CommandError(f"truth file {opts['truth']} follows neither truth schema "
                                   f"(missing or wrong field: {exc})") from None
            report["truth"] = {code: {k: v for k, v in r.items() if not isinstance(v, list)}
                               for code, r in scored["collectivites"].items()}
            report["truth"]["overall"] = scored["overall"]
            if opts["table"]:
                Console(file=self.stdout._out, width=120).print(score_table(campaign.name, scored))
                if opts["details"]:
                    self._details(scored)
                return
        report["corrections"] = correction_agreement(services)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))

    def _details(self, scored) -> None:
        for code, r in scored["collectivites"].items():
            for e in r["errors"]:
                self.stdout.write(f"{code}\terror\t{e['page_url']}\t"
                                  + "; ".join(f"{f}: {v[0]} → {v[1]}" for f, v in e.items() if isinstance(v, list)))
            for url in r["false_positives"]:
                self.stdout.write(f"{code}\tfalse positive\t{url}")
            for url in r["missed"]:
                self.stdout.write(f"{code}\tmissed\t{url}")
            for url in r.get("not_fetched", []):
                self.stdout.write(f"{code}\tnot fetched\t{url}")


SCORE_COLUMNS = (("truth", "truth"), ("detected", "detected"), ("matched", "matched"),
                 ("precision", "precision"), ("recall", "recall"), ("theme", "theme_accuracy"),
                 ("level", "level_accuracy"), ("relay F1", "relay_f1"), ("coverage", "coverage"))


def score_table(title: str, scored: dict) -> Table:
    """Per-site and overall scores against a truth file, worst recall named in the caption."""
    table = Table(title=f"Scores against the truth: {title}")
    table.add_column("site")
    for label, _ in SCORE_COLUMNS:
        table.add_column(label, justify="right")
    rows = {**scored["collectivites"], "overall": scored["overall"]}
    for code, r in rows.items():
        table.add_row(code, *("–" if r.get(key) is None else f"{r[key]:.3f}" if isinstance(r[key], float)
                              else str(r[key]) for _, key in SCORE_COLUMNS))
    worst = scored["overall"].get("worst_recall")
    if worst:
        table.caption = f"worst site recall: {worst['collectivite']} {worst['recall']}"
    return table


def fetched_urls(campaign) -> dict[str, list[str]]:
    """URLs the campaign's crawl fetched (requested and final, answered below 400), per collectivité."""
    out: dict[str, list[str]] = {}
    rows = (Page.objects.filter(campaign=campaign, status__lt=400)
            .values_list("collectivite__code", "url", "final_url"))
    for code, url, final in rows.iterator(chunk_size=5000):
        out.setdefault(code, []).append(url)
        if final:
            out[code].append(final)
    return out


def correction_agreement(services) -> dict:
    """Analysts' corrections as ground truth: how often the detector agreed, per field."""
    out = {}
    for name in ("theme", "level", "relay"):
        judged = [s for s in services if name in s.corrected]
        agreed = sum(s.detected.get(name) == getattr(s, name) for s in judged)
        out[name] = {"corrected_services": len(judged), "detector_agreed": agreed,
                     "accuracy": round(agreed / len(judged), 4) if judged else None}
    return out
