"""Declared beside observed, as the public profile and the open data show it (consent respected)."""

import pytest
from django.utils import timezone

from barometre.crawl.models import Campaign, CrawlRun, CrawlStatus
from barometre.detect.models import Service
from barometre.indicators.compute import compute
from barometre.publish.views.profile import declared_row
from barometre.survey.models import Response, ResponseStatus
from barometre.survey.public import declared_vs_observed


@pytest.fixture
def observed(db, coll_a, coll_b, campaign):
    """An observation campaign as the pipeline leaves it: crawl runs, services, then the
    indicators computed from them (the survey reads the indicators, never the services)."""
    obs = Campaign.objects.create(name="obs-2026")
    campaign.observed_campaign = obs.name
    campaign.save()
    for coll, rows in ((coll_a, [("solidarites", 4), ("sport", 2), ("education", 1)]),
                       (coll_b, [("solidarites", 3)])):
        CrawlRun.objects.create(campaign=obs, collectivite=coll, status=CrawlStatus.DONE, pages=40,
                                start_url=coll.portal_url or f"https://www.{coll.code}.example/")
        for theme, level in rows:
            Service.objects.create(campaign=obs, collectivite=coll, name=f"{theme} {level}", theme=theme, level=level)
    compute(obs)
    return obs


def answer(coll, campaign, themes, estimate, consent):
    Response.objects.create(
        campaign=campaign, collectivite=coll, question_set=campaign.question_set, status=ResponseStatus.SUBMITTED,
        answers={"themes": themes, "end_to_end_estimate": estimate}, consent=consent,
        submitted_at=timezone.now(), updated_at=timezone.now())


def test_consented_answers_are_shown_beside_observations(observed, campaign, coll_a):
    answer(coll_a, campaign, {"solidarites": "end_to_end", "voirie_transport": "partial", "sport": "none"}, 12,
           {"themes": True, "end_to_end_estimate": True})
    row = declared_row(observed.name, coll_a.code)["row"]
    assert row["both"] == ["Solidarités"]
    assert row["declared_only"] == ["Voirie et transport"]
    assert row["observed_only"] == ["Sport"]
    assert (row["declared_end_to_end"], row["observed_end_to_end"]) == (12, 1)


def test_confidential_answers_stay_out_of_the_public_row(observed, campaign, coll_b):
    answer(coll_b, campaign, {"solidarites": "partial"}, 30, {})
    found = declared_vs_observed(observed.name)
    row = found["rows"][coll_b.code]
    assert row["both"] is None and row["declared_end_to_end"] is None and row["end_to_end_gap"] is None
    assert row["observed_end_to_end"] == 0
    assert declared_row(observed.name, coll_b.code)["row"]["both"] is None


def test_no_questionnaire_no_answer(observed, campaign, coll_a):
    assert declared_row("another-campaign", coll_a.code) == {"survey": None}
    assert declared_row(observed.name, coll_a.code) == {"survey": campaign.name, "row": None}


def test_an_unmeasured_portal_gets_no_comparison(observed, campaign, coll_a):
    """The dashboard calls an unreachable portal "non mesurée": the survey compares nothing for
    it, even with services stored from an earlier, partial crawl."""
    CrawlRun.objects.filter(campaign=observed, collectivite=coll_a).update(
        status=CrawlStatus.UNREACHABLE, stop_reason="HTTP 502")
    compute(observed)
    answer(coll_a, campaign, {"solidarites": "end_to_end"}, 12, {"themes": True, "end_to_end_estimate": True})
    assert declared_row(observed.name, coll_a.code)["row"] is None
    assert coll_a.code not in (declared_vs_observed(observed.name) or {}).get("rows", {})
