"""The dashboard on a France-sized campaign: server time per page, then a load test.

    ./benchmarks/bench_dashboard_setup.sh          # once: installs wrk
    .venv/bin/python benchmarks/bench_dashboard.py [--data-dir DIR] [--duration 20] [--connections 50]

Builds two synthetic campaigns in a throwaway data directory (the 100 collectivités of the
référentiel, 35–90 services each with evidence, a portal audit each, context data), computes
their indicators with the real `compute()`, then
1. times every page type in-process with Django's test client (median and p95 of 20 requests,
   first without the page cache, then with it) and counts the SQL queries of each;
2. starts `barometre serve` on a free loopback port and runs wrk (50 connections, 20 s) over a
   mix of page URLs; p95 comes from wrk's latency histogram, errors include non-2xx answers.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

THEMES = ["solidarites", "developpement_territorial", "education", "sport", "tourisme_culture",
          "emploi_insertion", "voirie_transport", "autre"]
PAGES = ["/", "/?indicateur=sdi", "/?classement=1&tri=pqi", "/collectivites/13/", "/collectivites/68/?campagne=t4",
         "/collectivites/75C/?theme=solidarites", "/thematiques/", "/thematiques/solidarites/", "/comparaison/",
         "/methodologie/", "/accessibilite/", "/api/campaigns/t4/collectivites", "/api/campaigns/t4/national",
         "/api/campaigns/t4/collectivites/33/services"]
LUA = """
local paths = {%s}
local i = 0
wrk.headers["Accept-Encoding"] = "gzip"
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%%d duration_s=%%.1f p50_ms=%%.1f p95_ms=%%.1f p99_ms=%%.1f max_ms=%%.1f "
    .. "errors=%%d non2xx=%%d\\n", summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def m(rng, value, url="http://portail.test/"):
    return {"value": value, "evidence": [url], "reason": None}


def static_audit(rng: random.Random, host: str) -> dict:
    """An audit with the structure barometre.audit.export.audit_record reads."""
    home = f"http://{host}/"
    status = rng.choice(["totalement_conforme", "partiellement_conforme", "non_conforme", None])
    channels = {k: {**m(rng, rng.random() < 0.6, home + "contact"), "cues": [{"url": home + "contact", "cue": k}]}
                for k in ("phone", "phone_with_hours", "email", "contact_form", "chat", "appointment", "counter")}
    broken = [{"url": f"{home}vieux-{i}", "status": 404, "error": None, "from": home, "anchor": "Ancien"}
              for i in range(rng.randint(0, 6))]
    return {
        "accessibility_statement": {"status": status, "rate": rng.uniform(20, 90) if status else None,
                                    "date": "2024-01-01" if status else None, "expired": rng.random() < 0.2,
                                    "url": home + "accessibilite" if status else None,
                                    "evidence": [home, home + "accessibilite"] if status else [],
                                    "reasons": {} if status else {"status": "no accessibility statement found"}},
        "viewport_meta": True, "franceconnect": rng.random() < 0.5,
        "slow_urls": [], "broken_links": broken, "error_urls": [],
        "speed": {"ttfb": {**m(rng, rng.uniform(0.1, 1.2), home), "median": 0.3, "pages": 1800},
                  "grade": m(rng, rng.choice(["good", "fair", "poor"]))},
        "accessibility": {"value": 0.02, "evidence": [home], "reason": None,
                          "checks": {k: m(rng, rng.random() / 5) for k in ("html_lang", "image_alt", "form_label")}},
        "mobile": {"viewport": m(rng, rng.random() < 0.9, home), "blocks_zoom": m(rng, rng.random() < 0.1, home)},
        "support": {"channels": channels, "min_channels": m(rng, True), "human_help": m(rng, rng.random() < 0.8),
                    "channel_count": 3},
        "security": {"https": m(rng, True, home), "cookies": m(rng, rng.randint(0, 2)),
                     "franceconnect": m(rng, rng.random() < 0.5, home),
                     "headers": {h: m(rng, rng.random() < 0.5) for h in ("hsts", "content_security_policy",
                                                                        "x_content_type_options", "framing_protection")}},
        "completeness": {"broken_links": {"value": len(broken), "evidence": [home], "reason": None, "items": broken,
                                          "links_checked": 20000}},
        "knowledge_versions": {"thresholds": "bench"}, "pages": {"fetched": 2000, "html": 1800},
    }


def build(name: str, day: date, seed: int):
    from barometre.audit.models import PortalAudit
    from barometre.crawl.models import Campaign, CrawlRun
    from barometre.detect.models import Service
    from barometre.indicators.compute import compute
    from barometre.referential.models import Collectivite, ContextKind, ContextValue

    rng = random.Random(seed)
    campaign = Campaign.objects.create(name=name, date=day)
    services, audits, runs = [], [], []
    for coll in Collectivite.objects.filter(source="referentiel"):
        host = f"www.{coll.code.lower()}.test"
        runs.append(CrawlRun(campaign=campaign, collectivite=coll, status="done", pages=2000))
        for i in range(rng.randint(35, 90)):
            url = f"http://{host}/services/{i}"
            services.append(Service(
                campaign=campaign, collectivite=coll, name=f"Service départemental n° {i}", theme=rng.choice(THEMES),
                level=rng.choice([0, 1, 1, 2, 2, 3, 4, 4]), catalogue_id=f"c{i}" if i < 40 else None,
                relay=rng.choice([None] * 8 + ["caf", "mdph"]), page_url=url, entry_url=url + "/demarche",
                offline_alternative=rng.random() < 0.6, franceconnect=rng.random() < 0.3,
                evidence=[{"field": "level", "cue": "text 'suivre ma demande'", "url": url},
                          {"field": "theme", "cue": "url keyword", "url": url}]))
        audits.append(PortalAudit(campaign=campaign, collectivite=coll, reference_date=day, method_version="2026.1",
                                  crawl_status="done", home_url=f"http://{host}/", static=static_audit(rng, host)))
        if not ContextValue.objects.filter(collectivite=coll).exists():
            ContextValue.objects.bulk_create([
                ContextValue(collectivite=coll, kind=ContextKind.OPERATING_REVENUE, year=2024,
                             value=(coll.population or 300000) * rng.uniform(800, 1400), source="bench"),
                ContextValue(collectivite=coll, kind=ContextKind.DIGITAL_FRAGILITY, year=2024,
                             value=rng.uniform(10, 80), source="bench")])
    CrawlRun.objects.bulk_create(runs)
    Service.objects.bulk_create(services, batch_size=2000)
    PortalAudit.objects.bulk_create(audits)
    compute(campaign)
    return len(services)


def server_times(repeat: int = 20) -> list[tuple]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for path in PAGES:
        cold, warm = [], []
        queries = 0
        for _ in range(repeat):
            cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(path, follow=True)
                cold.append(1000 * (time.perf_counter() - started))
            queries = len(ctx.captured_queries)
            assert response.status_code == 200, (path, response.status_code)
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path, follow=True)
            warm.append(1000 * (time.perf_counter() - started))
        rows.append((path, statistics.median(cold), sorted(cold)[int(0.95 * repeat) - 1], queries,
                     statistics.median(warm), len(response.content)))
    return rows


def load_test(data_dir: Path, duration: int, connections: int) -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "BAROMETRE_DATA_DIR": str(data_dir)}
    env.pop("BAROMETRE_DEBUG", None)
    server = subprocess.Popen([sys.executable, "-m", "barometre.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/campaigns", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for path in PAGES:  # warm the page cache, as a running site has it
            urllib.request.urlopen(base + path, timeout=30).read()
        script = Path(tempfile.mkdtemp()) / "mix.lua"
        script.write_text(LUA % ", ".join(f'"{p}"' for p in PAGES))
        proc = subprocess.run(["wrk", "-t4", f"-c{connections}", f"-d{duration}s", "--timeout", "5s",
                               "-s", str(script), base + "/"], capture_output=True, text=True)
        return proc.stdout
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    opts = parser.parse_args()
    data_dir = Path(opts.data_dir or tempfile.mkdtemp(prefix="barometre-bench-dash-")).resolve()
    os.environ["BAROMETRE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "barometre.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from barometre.referential.loader import load_referential

    call_command("migrate", verbosity=0)
    load_referential()
    started = time.perf_counter()
    n = build("t3", date(2026, 8, 31), 2025) + build("t4", date(2026, 11, 28), 2026)
    print(f"data: 2 campaigns × 100 collectivités, {n} services, built in {time.perf_counter() - started:.1f} s "
          f"({data_dir})")
    print(f"\n{'page':48} {'cold ms':>8} {'p95':>7} {'SQL':>4} {'cached ms':>10} {'KB':>6}")
    for path, cold, p95, queries, warm, size in server_times():
        print(f"{path:48} {cold:8.1f} {p95:7.1f} {queries:4d} {warm:10.1f} {size / 1024:6.0f}")
    if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
        print("\nwrk not installed: run ./benchmarks/bench_dashboard_setup.sh for the load test")
        return 1
    print(f"\nload test: wrk -t4 -c{opts.connections} -d{opts.duration}s over {len(PAGES)} URLs (barometre serve)")
    out = load_test(data_dir, opts.duration, opts.connections)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
