"""barometre indicators: compute a campaign's indicators and national figures."""

from django.core.management.base import BaseCommand, CommandError

from barometre.crawl.campaign import UnknownCampaign, find_campaign
from barometre.indicators.compute import compute
from barometre.indicators.core.narrative import THEME_LABELS, pct


class Command(BaseCommand):
    help = "Compute the indicators of a campaign (per collectivité and national), from its services and audits."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="Campaign name (default: the most recent crawled).")

    def handle(self, *args, campaign=None, **_):
        try:
            camp = find_campaign(campaign)
        except UnknownCampaign as exc:
            raise CommandError(str(exc)) from None
        n, figures = compute(camp)
        out = self.stdout
        out.write(f"campaign {camp.name}: indicators of {n} collectivités "
                  f"({figures['n_measured']} measured; weights {figures['weights_version']})")
        if figures.get("not_measured"):
            out.write(f"  not measured (out of denominators): {', '.join(figures['not_measured'])}")
        s = figures.get("survey")
        if s:
            out.write(f"  ≥ 6 themes of 7: {pct(s['share_6_of_7'])}; 2 to 5: {pct(s['share_2_to_5'])}")
            out.write(f"  end-to-end services: >50: {s['above_50']}, <20: {s['below_20']}, <10: {s['below_10']}")
            out.write("  most digitised themes: " + ", ".join(THEME_LABELS[t] for t in s["most_digitised_themes"]))
            d = figures["distributions"]
            out.write(f"  SDI median {d['sdi']['median']}, PQI median {d['pqi']['median']}")
