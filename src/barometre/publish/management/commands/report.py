"""barometre report --campaign NAME"""

from django.core.management.base import BaseCommand, CommandError

from barometre.indicators.compute import NoIndicators, campaign_with_indicators
from barometre.publish.report import render


class Command(BaseCommand):
    help = "Render the national report (HTML and PDF) and a one-page profile per collectivité."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="Campaign name (default: the most recent crawled).")
        parser.add_argument("--to", metavar="DIR", help="Output directory (default: DATA_DIR/reports/CAMPAIGN).")
        parser.add_argument("--no-pdf", action="store_true", help="HTML only.")

    def handle(self, *args, campaign=None, to=None, no_pdf=False, **_):
        try:
            camp = campaign_with_indicators(campaign)
        except NoIndicators as exc:
            raise CommandError(str(exc)) from None
        written = render(camp, to, pdf=not no_pdf)
        self.stdout.write(f"report: {written.get('pdf') or written['html']}")
        self.stdout.write(f"profiles: {len(written['profiles'])} in {written['html'].parent / 'profiles'}")
