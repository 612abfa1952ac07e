"""barometre export --campaign NAME --to DIR"""

from django.core.management.base import BaseCommand, CommandError

from barometre.crawl.campaign import UnknownCampaign, find_campaign
from barometre.indicators.models import NationalFigures
from barometre.indicators.opendata import export


class Command(BaseCommand):
    help = "Write a campaign's open data (CSV, Parquet, JSON and a Frictionless datapackage.json)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="Campaign name (default: the most recent crawled).")
        parser.add_argument("--to", required=True, metavar="DIR", help="Output directory (created if needed).")

    def handle(self, *args, campaign=None, to=None, **_):
        try:
            camp = find_campaign(campaign)
        except UnknownCampaign as exc:
            raise CommandError(str(exc)) from None
        if not NationalFigures.objects.filter(campaign=camp).exists():
            raise CommandError(f"campaign {camp.name} has no indicators yet: run `barometre indicators --campaign {camp.name}`")
        counts = export(camp, to)
        self.stdout.write(f"open data of {camp.name} written to {to}: "
                          + ", ".join(f"{n} {name}" for name, n in counts.items()) + " (+ national.json, datapackage.json)")
