"""Indicators + open-data export for a France-sized campaign, timed.

    .venv/bin/python benchmarks/bench_indicators.py

Builds a synthetic campaign in a throwaway data directory — the 100 collectivités of the
référentiel, ~60 services each (random but fixed seed), a static portal audit each, context data —
then times `compute()` (every collectivité's indicators + the national analysis with 2,000
bootstrap samples per correlation) and `export()` (CSV, Parquet, JSON, datapackage.json).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date

os.environ["BAROMETRE_DATA_DIR"] = tempfile.mkdtemp(prefix="barometre-bench-ind-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "barometre.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

THEMES = ["solidarites", "developpement_territorial", "education", "sport", "tourisme_culture",
          "emploi_insertion", "voirie_transport", "autre"]


def static_audit(rng: random.Random) -> dict:
    m = lambda v: {"value": v, "evidence": ["http://x.test/"], "reason": None}  # noqa: E731
    status = rng.choice(["totalement conforme", "partiellement conforme", "non conforme", None])
    return {
        "speed": {"grade": m(rng.choice(["good", "fair", "poor"])), "ttfb": {"median": rng.random()}},
        "accessibility": {"checks": {k: m(rng.random() / 5) for k in ("html_lang", "image_alt", "form_label")}},
        "accessibility_statement": {"status": status, "rate": rng.uniform(20, 90) if status else None,
                                    "expired": rng.random() < 0.2, "date": "2024-01-01", "url": "http://x.test/a"},
        "mobile": {"viewport": m(rng.random() < 0.9), "blocks_zoom": m(rng.random() < 0.1)},
        "support": {"min_channels": m(True), "human_help": m(rng.random() < 0.8),
                    "channels": {"phone_with_hours": m(rng.random() < 0.5)}, "channel_count": 3},
        "security": {"https": m(True), "cookies": m(rng.randint(0, 2)),
                     "headers": {h: m(rng.random() < 0.5) for h in ("hsts", "content_security_policy",
                                                                  "x_content_type_options", "framing_protection")}},
        "viewport_meta": True, "franceconnect": rng.random() < 0.5, "slow_urls": [], "broken_links": [],
        "error_urls": [],
    }


def build() -> object:
    from barometre.audit.models import PortalAudit
    from barometre.crawl.models import Campaign, CrawlRun
    from barometre.detect.models import Service
    from barometre.referential.models import Collectivite, ContextKind, ContextValue

    call_command("migrate", verbosity=0)
    from barometre.referential.loader import load_referential

    load_referential()
    rng = random.Random(2026)
    campaign = Campaign.objects.create(name="france", date=date(2026, 11, 28))
    services, audits, runs, context = [], [], [], []
    for coll in Collectivite.objects.all():
        runs.append(CrawlRun(campaign=campaign, collectivite=coll, status="done", pages=2000))
        for i in range(rng.randint(35, 90)):
            services.append(Service(campaign=campaign, collectivite=coll, name=f"Service {i}", theme=rng.choice(THEMES),
                                    level=rng.choice([0, 1, 1, 2, 2, 3, 4, 4]), catalogue_id=f"c{i}" if i < 40 else None,
                                    relay=rng.choice([None] * 8 + ["caf", "mdph"]), page_url=f"http://x.test/{i}",
                                    offline_alternative=rng.random() < 0.6, franceconnect=rng.random() < 0.3,
                                    evidence=[{"field": "level", "cue": "suivre ma demande", "url": "http://x.test/"}]))
        audits.append(PortalAudit(campaign=campaign, collectivite=coll, reference_date=campaign.date,
                                  method_version="2026.1", crawl_status="done", static=static_audit(rng)))
        context.append(ContextValue(collectivite=coll, kind=ContextKind.OPERATING_REVENUE, year=2024,
                                    value=coll.population * rng.uniform(800, 1400), source="bench"))
        context.append(ContextValue(collectivite=coll, kind=ContextKind.DIGITAL_FRAGILITY, year=2024,
                                    value=rng.uniform(10, 80), source="bench"))
    CrawlRun.objects.bulk_create(runs)
    Service.objects.bulk_create(services, batch_size=2000)
    PortalAudit.objects.bulk_create(audits)
    ContextValue.objects.bulk_create(context)
    return campaign, len(services)


def main() -> None:
    from barometre.indicators.compute import compute
    from barometre.publish.opendata import export

    campaign, n_services = build()
    started = time.perf_counter()
    n, figures = compute(campaign)
    t_compute = time.perf_counter() - started
    out = tempfile.mkdtemp(prefix="barometre-bench-od-")
    started = time.perf_counter()
    counts = export(campaign, out)
    t_export = time.perf_counter() - started
    print(f"collectivités: {n}, services: {n_services}, measured: {figures['n_measured']}")
    print(f"indicators (incl. national analysis, bootstrap CIs): {t_compute:.2f} s")
    print(f"open-data export (CSV + Parquet + JSON + datapackage): {t_export:.2f} s  {counts}")
    print(f"total: {t_compute + t_export:.2f} s (target < 10 s)")
    sys.exit(0 if t_compute + t_export < 10 else 1)


if __name__ == "__main__":
    main()
