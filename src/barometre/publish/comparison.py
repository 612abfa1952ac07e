"""Load two campaigns' services and indicators and compare them (maths in core.compare)."""

from barometre.crawl.models import Campaign
from barometre.indicators.core.compare import compare
from barometre.indicators.models import CollectiviteIndicators

FIELDS = ("collectivite", "service", "theme", "level", "catalogue_id", "page_url")


def _services(campaign: Campaign) -> list[dict]:
    """The services found (level ≥ 1) with only what a comparison reads: tuples, then dicts."""
    from barometre.detect.models import Service

    rows = (Service.objects.filter(campaign=campaign, level__gte=1)
            .values_list("collectivite__code", "name", "theme", "level", "catalogue_id", "page_url"))
    return [dict(zip(FIELDS, row, strict=True)) for row in rows]


def _indicators(campaign: Campaign) -> dict[str, dict]:
    return {code: values for code, values in
            CollectiviteIndicators.objects.filter(campaign=campaign, measured=True)
            .values_list("collectivite__code", "values")}


def compare_campaigns(a: Campaign, b: Campaign) -> dict:
    result = compare(_services(a), _services(b), _indicators(a), _indicators(b), a.method_version, b.method_version)
    result.update(campaign_a=a.name, campaign_b=b.name)
    return result
