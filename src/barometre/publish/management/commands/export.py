"""barometre export --campaign NAME --to DIR"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from barometre.indicators.compute import NoIndicators, campaign_with_indicators
from barometre.publish.opendata import export


class Command(BaseCommand):
    help = "Write a campaign's open data (CSV, Parquet, JSON and a Frictionless datapackage.json)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="Campaign name (default: the most recent crawled).")
        parser.add_argument("--to", required=True, metavar="DIR", help="Output directory (created if needed).")

    def handle(self, *args, campaign=None, to=None, **_):
        try:
            camp = campaign_with_indicators(campaign)
        except NoIndicators as exc:
            raise CommandError(str(exc)) from None
        if Path(to).exists() and not Path(to).is_dir():
            raise CommandError(f"{to} is a file: --to expects a directory")
        try:
            counts = export(camp, to)
        except OSError as exc:
            raise CommandError(f"cannot write the open data to {to}: {exc.strerror or exc}") from None
        self.stdout.write(f"open data of {camp.name} written to {to}: "
                          + ", ".join(f"{n} {name}" for name, n in counts.items()) + " (+ national.json, datapackage.json)")
