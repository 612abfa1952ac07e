"""barometre demo: the whole pipeline on the bundled sample web, then serve it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from barometre.sampleweb import SampleWebServer, generate

DEMO_CAMPAIGN = "demo"


class Command(BaseCommand):
    help = "Run every stage on the bundled sample web of fictional portals and show the results."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=0, help="Port of the sample web (default: any free port).")
        parser.add_argument("--scale", choices=["small", "france"], default="small",
                            help="Size of the sample web (default small: ~8 portals).")
        serve = parser.add_mutually_exclusive_group()
        serve.add_argument("--serve", action="store_true", help="Keep serving after the run (default when interactive).")
        serve.add_argument("--no-serve", action="store_true", help="Exit after the run (default when not interactive).")

    def handle(self, *args, port=0, scale="small", serve=False, no_serve=False, **_):
        data_dir = Path(settings.DATA_DIR)
        web_dir = data_dir / f"sample-web-{scale}"
        started = time.monotonic()
        self.stdout.write(f"1/3 sample web: generating {scale} into {web_dir}")
        generate(web_dir, scale=scale)
        with SampleWebServer(web_dir, port=port, log_path=data_dir / "sample-web-requests.jsonl") as server:
            self.stdout.write(f"    serving on {server.proxy_url} (by Host header, and as an HTTP proxy)")
            self.stdout.write("2/3 crawl")
            call_command("crawl", campaign=DEMO_CAMPAIGN, sites=str(web_dir / "sites.csv"),
                         proxy=server.proxy_url, rate=0, concurrency=8, timeout=10, recrawl=True,
                         stdout=self.stdout._out, stderr=self.stderr._out)
            self.stdout.write(f"3/3 results (in {time.monotonic() - started:.0f} s)")
            self.stdout.write(f"    database        {settings.DATABASES['default']['NAME']}")
            self.stdout.write(f"    WARC files      {data_dir / 'warc' / DEMO_CAMPAIGN}")
            self.stdout.write(f"    ground truth    {web_dir / 'truth.json'}")
            self.stdout.write(f"    sample web      {server.proxy_url}  (e.g. curl -x {server.proxy_url} http://www.valmont.test/)")
            if serve or (not no_serve and sys.stdout.isatty()):
                self.stdout.write("serving the sample web; Ctrl-C to stop")
                try:
                    while True:
                        time.sleep(3600)
                except KeyboardInterrupt:
                    pass
