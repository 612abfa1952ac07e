"""barometre report --campaign NAME"""

from django.core.management.base import BaseCommand, CommandError

from barometre.crawl.campaign import UnknownCampaign, find_campaign
from barometre.indicators.models import NationalFigures
from barometre.indicators.report import render


class Command(BaseCommand):
    help = "Render the national report (HTML and PDF) and a one-page profile per collectivité."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="Campaign name (default: the most recent crawled).")
        parser.add_argument("--to", metavar="DIR", help="Output directory (default: DATA_DIR/reports/CAMPAIGN).")
        parser.add_argument("--no-pdf", action="store_true", help="HTML only.")

    def handle(self, *args, campaign=None, to=None, no_pdf=False, **_):
        try:
            camp = find_campaign(campaign)
        except UnknownCampaign as exc:
            raise CommandError(str(exc)) from None
        if not NationalFigures.objects.filter(campaign=camp).exists():
            raise CommandError(f"campaign {camp.name} has no indicators yet: run `barometre indicators --campaign {camp.name}`")
        written = render(camp, to, pdf=not no_pdf)
        self.stdout.write(f"report: {written.get('pdf') or written['html']}")
        self.stdout.write(f"profiles: {len(written['profiles'])} in {written['html'].parent / 'profiles'}")
