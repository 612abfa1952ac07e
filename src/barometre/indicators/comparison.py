"""Load two campaigns' services and indicators and compare them (maths in core.compare)."""

from barometre.crawl.models import Campaign

from .compute import services_by_collectivite
from .core.compare import compare
from .models import CollectiviteIndicators


def _indicators(campaign: Campaign) -> dict[str, dict]:
    return {i.collectivite.code: i.values for i in
            CollectiviteIndicators.objects.filter(campaign=campaign, measured=True).select_related("collectivite")}


def compare_campaigns(a: Campaign, b: Campaign) -> dict:
    flat = lambda c: [s for rows in services_by_collectivite(c).values() for s in rows]  # noqa: E731
    result = compare(flat(a), flat(b), _indicators(a), _indicators(b), a.method_version, b.method_version)
    result.update(campaign_a=a.name, campaign_b=b.name)
    return result
