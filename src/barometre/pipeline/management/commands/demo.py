"""barometre demo: the whole pipeline on the bundled sample web, then serve the results."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from barometre.sampleweb import SampleWebServer, generate

DEMO_CAMPAIGN = "demo"


class Command(BaseCommand):
    help = "Run every stage on the bundled sample web of fictional portals and show the results."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=0, help="Port of the sample web (default: any free port).")
        parser.add_argument("--dashboard-port", type=int, default=8000, help="Port of the dashboard (default 8000).")
        parser.add_argument("--scale", choices=["small", "france"], default="small",
                            help="Size of the sample web (default small: 8 portals).")
        parser.add_argument("--no-browser", action="store_true", help="Skip the in-browser audit.")
        serve = parser.add_mutually_exclusive_group()
        serve.add_argument("--serve", action="store_true", help="Keep serving after the run (default when interactive).")
        serve.add_argument("--no-serve", action="store_true", help="Exit after the run (default when not interactive).")

    def handle(self, *args, port=0, dashboard_port=8000, scale="small", no_browser=False, serve=False,
               no_serve=False, **_):
        data_dir = Path(settings.DATA_DIR)
        web_dir = data_dir / f"sample-web-{scale}"
        started = time.monotonic()
        out = {"stdout": self.stdout._out, "stderr": self.stderr._out}
        self.step(f"sample web: generating ({scale}) into {web_dir}")
        generate(web_dir, scale=scale)
        self.step("sites and their (fictional) context: population, operating revenue, digital fragility")
        call_command("referential", "import-sites", str(web_dir / "sites.csv"), **out)
        call_command("referential", "import-revenue", str(web_dir / "context" / "ofgl.csv"), **out)
        call_command("referential", "import-fragility", str(web_dir / "context" / "fragilite.csv"), **out)
        with SampleWebServer(web_dir, port=port, log_path=data_dir / "sample-web-requests.jsonl") as server:
            self.stdout.write(f"    serving on {server.proxy_url} (by Host header, and as an HTTP proxy)")
            self.step("crawl")
            call_command("crawl", campaign=DEMO_CAMPAIGN, sites=str(web_dir / "sites.csv"), proxy=server.proxy_url,
                         ca_bundle=str(server.ca_bundle),
                         rate=0, concurrency=16, timeout=10, recrawl=True, **out)
            self.step("inventory of services")
            call_command("inventory", "--campaign", DEMO_CAMPAIGN, **out)
            browser = not no_browser and shutil.which("chromium") is not None
            self.step("portal audit" + ("" if browser else " (static only: no Chromium)"))
            call_command("audit", "--campaign", DEMO_CAMPAIGN, "--browser" if browser else "--no-browser",
                         "--proxy", server.proxy_url, "--ca-bundle", str(server.ca_chain), "--sample", "3", **out)
            self.step("indicators")
            call_command("indicators", "--campaign", DEMO_CAMPAIGN, **out)
            opendata = data_dir / "opendata" / DEMO_CAMPAIGN
            self.step("open data and report")
            call_command("export", "--campaign", DEMO_CAMPAIGN, "--to", str(opendata), **out)
            reports = data_dir / "reports" / DEMO_CAMPAIGN
            call_command("report", "--campaign", DEMO_CAMPAIGN, "--to", str(reports), **out)
            self.stdout.write(f"\nresults (in {time.monotonic() - started:.0f} s)")
            for label, value in [
                ("database", settings.DATABASES["default"]["NAME"]),
                ("WARC files", data_dir / "warc" / DEMO_CAMPAIGN),
                ("open data", opendata / "datapackage.json"),
                ("report", reports / "rapport.pdf"),
                ("profiles", reports / "profiles"),
                ("ground truth", web_dir / "truth.json"),
                ("sample web", f"{server.proxy_url}  (curl -x {server.proxy_url} http://www.valmont.test/)"),
            ]:
                self.stdout.write(f"    {label:14} {value}")
            if serve or (not no_serve and sys.stdout.isatty()):
                self.serve(dashboard_port)

    def step(self, text: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"→ {text}"))

    def serve(self, port: int) -> None:
        if "serve" in get_commands():
            self.stdout.write(f"dashboard: http://127.0.0.1:{port}/  (Ctrl-C to stop)")
            call_command("serve", "--port", str(port))
            return
        self.stdout.write("serving the sample web; Ctrl-C to stop")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
