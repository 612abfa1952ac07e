import pytest

from barometre.audit import knowledge
from barometre.audit.core.inputs import FetchedPage
from barometre.audit.core.speed import audit_speed, grade, slow_pages

from .pages import html_page

SPEED = knowledge.thresholds()["speed"]


@pytest.mark.parametrize("seconds, expected", [
    (0.1, "good"), (0.399, "good"), (0.4, "fair"), (0.8, "fair"), (0.81, "poor"), (3.0, "poor")])
def test_grade_follows_the_state_observatory_thresholds(seconds, expected):
    assert grade(seconds, SPEED) == expected


def _pages(ttfbs, sizes=None):
    sizes = sizes or [20_000] * len(ttfbs)
    return [html_page(f"https://www.cd.fr/p{i}", body=b"x" * s, ttfb=t, download_time=t + 0.1)
            for i, (t, s) in enumerate(zip(ttfbs, sizes, strict=True))]


def test_ttfb_median_p90_shares_and_grade():
    pages = _pages([0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.9, 1.0, 1.2, 2.0])
    result = audit_speed(pages, SPEED)
    ttfb = result["ttfb"]
    assert ttfb["median"] == pytest.approx(0.65)
    assert ttfb["p90"] == pytest.approx(1.28)
    assert ttfb["share_under_good"] == 0.3
    assert ttfb["share_under_fair"] == 0.6
    assert ttfb["pages"] == 10 and len(ttfb["evidence"]) == 10
    assert result["grade"]["value"] == "fair"
    assert result["grade"]["seconds"] == pytest.approx(0.65)
    assert result["download_time"]["median"] == pytest.approx(0.75)


def test_slow_urls_are_listed_slowest_first_with_their_timings():
    pages = _pages([0.2, 0.95, 0.5, 1.5])
    slow = audit_speed(pages, SPEED)["slow_urls"]
    assert [s["url"] for s in slow] == ["https://www.cd.fr/p3", "https://www.cd.fr/p1"]
    assert slow[0]["ttfb"] == 1.5 and slow[0]["download_time"] == pytest.approx(1.6)
    # a fast first byte but a slow download is slow too
    late = FetchedPage("https://www.cd.fr/big.pdf", content_type="application/pdf", status=200,
                       ttfb=0.2, download_time=2.4)
    assert slow_pages([late], 0.8)[0]["url"] == "https://www.cd.fr/big.pdf"


def test_page_weight_counts_html_pages_only():
    pages = _pages([0.1, 0.1, 0.1], sizes=[10_000, 30_000, 50_000])
    pages.append(FetchedPage("https://www.cd.fr/a.pdf", content_type="application/pdf", status=200,
                             size=5_000_000, ttfb=0.1))
    weight = audit_speed(pages, SPEED)["page_weight"]
    assert weight["median"] == 30_000
    assert weight["p90"] == 46_000


def test_no_timing_is_not_measurable_never_zero():
    pages = [html_page("https://www.cd.fr/", body=b"<html></html>", ttfb=None, download_time=None)]
    result = audit_speed(pages, SPEED)
    assert result["ttfb"]["value"] is None and "ttfb" in result["ttfb"]["reason"]
    assert result["grade"]["value"] is None and result["grade"]["reason"]
    assert audit_speed([], SPEED)["page_weight"]["reason"]


def test_grade_on_p90_is_configurable():
    pages = _pages([0.1, 0.1, 0.1, 0.1, 2.0])
    assert audit_speed(pages, SPEED)["grade"]["value"] == "good"
    assert audit_speed(pages, {**SPEED, "grade_on": "p90"})["grade"]["value"] == "poor"
