"""barometre compare CAMPAIGN_A CAMPAIGN_B"""

import json

from django.core.management.base import BaseCommand, CommandError

from barometre.crawl.campaign import UnknownCampaign, find_campaign
from barometre.publish.comparison import compare_campaigns


class Command(BaseCommand):
    help = "Compare two campaigns: services new, gone, changed level; indicator deltas."

    def add_arguments(self, parser):
        parser.add_argument("campaign_a")
        parser.add_argument("campaign_b")
        parser.add_argument("--json", dest="as_json", action="store_true", help="Print the whole comparison as JSON.")

    def handle(self, *args, campaign_a, campaign_b, as_json=False, **_):
        try:
            a, b = find_campaign(campaign_a), find_campaign(campaign_b)
        except UnknownCampaign as exc:
            raise CommandError(str(exc)) from None
        result = compare_campaigns(a, b)
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        out = self.stdout
        if result["warning"]:
            out.write(f"warning: {result['warning']}")
        out.write(f"{a.name} → {b.name}: {len(result['new'])} new services, {len(result['gone'])} gone, "
                  f"{len(result['changed_level'])} changed level")
        out.write(f"{'collectivité':14} {'new':>5} {'gone':>5} {'up':>5} {'down':>5} {'ΔSDI':>7} {'ΔPQI':>7} {'Δ e2e':>6}")
        for code, c in result["per_collectivite"].items():
            d = result["indicator_deltas"].get(code, {})
            out.write(f"{code:14} {c['new']:>5} {c['gone']:>5} {c['up']:>5} {c['down']:>5} "
                      f"{_fmt(d.get('sdi')):>7} {_fmt(d.get('pqi')):>7} {_fmt(d.get('end_to_end')):>6}")
        for theme, c in result["per_theme"].items():
            out.write(f"  {theme:26} new {c['new']}, gone {c['gone']}, up {c['up']}, down {c['down']}")


def _fmt(x):
    return "—" if x is None else f"{x:+.1f}"
