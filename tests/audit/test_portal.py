import json
from datetime import date

from barometre.audit.core import FetchedPage, audit_portal
from barometre.audit.core.portal import NOT_MEASURED, find_home

from .pages import html_page, links_of

HOME = "https://www.gironde.fr/"
CAMPAIGN = date(2025, 6, 1)


def gironde_crawl():
    pages = [
        html_page("http://www.gironde.fr/", "home_modern.html", final_url=HOME,
                  redirect_chain=["http://www.gironde.fr/"], ttfb=0.25, download_time=0.35,
                  headers={"Strict-Transport-Security": "max-age=63072000",
                           "X-Content-Type-Options": "nosniff", "X-Frame-Options": "SAMEORIGIN"},
                  set_cookies=["SSESS9f=abc; path=/; secure; HttpOnly", "has_js=1; path=/"]),
        html_page(HOME + "declaration-accessibilite", "statement_partial.html", depth=1,
                  ttfb=0.5, download_time=0.6),
        html_page(HOME + "nous-contacter", "contact.html", depth=1, ttfb=0.9, download_time=1.1),
        html_page("https://eservices.gironde.fr/", "eservices.html", depth=1, ttfb=0.3),
        html_page(HOME + "aides/communes", "a11y_issues.html", depth=2, ttfb=0.35),
        html_page(HOME + "solidarites/apa", body="<html><title>Page introuvable</title></html>",
                  status=404, referrer=HOME, ttfb=0.1),
        html_page(HOME + "colleges/transport-adapte", body="<h1>Erreur</h1>", status=500,
                  referrer=HOME, ttfb=2.5, download_time=2.5),
        FetchedPage("https://eservices.gironde.fr/media/formulaire-apa.pdf",
                    content_type="application/pdf", error_kind="timeout", depth=2,
                    referrer="https://eservices.gironde.fr/"),
        FetchedPage(HOME + "routes-et-mobilites", status=301, error_kind="redirect_loop",
                    redirect_chain=[HOME + "routes-et-mobilites", HOME + "routes-et-mobilites/"]),
    ]
    return pages, links_of(pages)


def test_gironde_portal_audit():
    pages, links = gironde_crawl()
    audit = audit_portal(HOME, pages, links, ["gironde.fr"], CAMPAIGN)
    json.dumps(audit)   # JSON-serialisable as is

    assert audit["home_fetched"] is True
    statement = audit["accessibility_statement"]
    assert statement["status"] == "partiellement_conforme"
    assert statement["rate"] == 67.5
    assert statement["date"] == "2024-04-03"
    assert statement["url"] == HOME + "declaration-accessibilite"
    assert statement["expired"] is False
    assert statement["contact"] is True and statement["recourse"] is True
    assert statement["home_mention"] is True
    assert statement["home_mention_status"] == "partiellement_conforme"
    assert HOME in statement["evidence"]

    assert audit["viewport_meta"] is True
    assert audit["franceconnect"] is True
    assert audit["security"]["franceconnect"]["evidence"] == ["https://eservices.gironde.fr/"]
    assert [s["url"] for s in audit["slow_urls"]] == [HOME + "colleges/transport-adapte",
                                                       HOME + "nous-contacter"]
    assert [(b["url"], b["status"], b["error"]) for b in audit["broken_links"]] == [
        (HOME + "routes-et-mobilites", 301, "redirect_loop"),
        (HOME + "solidarites/apa", 404, None),
        ("https://eservices.gironde.fr/media/formulaire-apa.pdf", None, "timeout"),
    ]
    assert audit["error_urls"] == [{"url": HOME + "colleges/transport-adapte", "status": 500,
                                    "from": HOME}]
    assert audit["completeness"]["failed_documents"][0]["error"] == "timeout"
    assert audit["completeness"]["redirect_loops"][0]["url"] == HOME + "routes-et-mobilites"

    speed = audit["speed"]
    assert speed["ttfb"]["pages"] == 5          # successful HTML responses only
    assert speed["grade"]["value"] == "good"
    assert speed["grade"]["seconds"] == 0.35

    security = audit["security"]
    assert security["https"]["value"] is True
    assert security["http_to_https_redirect"]["value"] is True
    assert security["headers"]["hsts"]["value"] is True
    assert security["headers"]["framing_protection"]["via"] == "x-frame-options"
    assert security["headers"]["content_security_policy"]["value"] is False
    assert security["cookies"]["value"] == 2
    assert "google-tag-manager" in security["trackers_requiring_consent"]
    assert security["tls_valid"]["value"] is None

    support = audit["support"]
    assert support["min_channels"]["value"] is True and support["human_help"]["value"] is True

    accessibility = audit["accessibility"]
    assert accessibility["pages_checked"] == 5
    assert accessibility["checks"]["page_title"]["evidence"] == [HOME + "aides/communes"]
    assert accessibility["rgaa_coverage"]["touched"] == 32

    assert {m["measure"] for m in audit["not_measured"]} >= {
        "first_contentful_paint", "largest_contentful_paint", "cumulative_layout_shift",
        "axe_core", "phone_width_layout", "tls_validity"}


def test_legacy_latin1_portal_without_statement():
    legacy = html_page("http://www.cg-exemple.fr/", "legacy_latin1.html", content_type="text/html",
                       ttfb=1.2, download_time=1.4)
    audit = audit_portal("http://www.cg-exemple.fr/", [legacy], links_of([legacy]),
                         ["cg-exemple.fr"], CAMPAIGN)
    json.dumps(audit)
    assert audit["viewport_meta"] is False
    assert audit["franceconnect"] is False
    assert audit["security"]["https"]["value"] is False
    assert audit["speed"]["grade"]["value"] == "poor"
    statement = audit["accessibility_statement"]
    assert statement["status"] is None and statement["url"] is None
    assert "no accessibility statement" in statement["reasons"]["status"]
    assert statement["home_mention"] is False
    # the ISO-8859-1 body was decoded properly
    channels = audit["support"]["channels"]
    assert channels["counter"]["value"] is True
    assert "04.73.42.20.20" in channels["phone"]["cues"][0]["cue"]
    assert audit["accessibility"]["checks"]["html_lang"]["value"] == 1.0


def test_nothing_fetched_is_never_a_silent_zero():
    audit = audit_portal(HOME, [], {}, [], CAMPAIGN)
    json.dumps(audit)
    assert audit["home_fetched"] is False
    assert audit["viewport_meta"] is None
    assert audit["mobile"]["viewport"]["reason"]
    assert audit["speed"]["ttfb"]["value"] is None and audit["speed"]["ttfb"]["reason"]
    assert audit["accessibility"]["value"] is None and audit["accessibility"]["reason"]
    assert audit["support"]["value"] is None and audit["support"]["reason"]
    assert audit["security"]["https"]["value"] is None
    assert audit["accessibility_statement"]["status"] is None
    assert audit["not_measured"] == NOT_MEASURED


def test_find_home_accepts_http_and_https_variants():
    page = html_page("http://www.cd.fr/", body="<html></html>")
    assert find_home("https://www.cd.fr/", [page]) is page
    assert find_home("https://www.cd.fr", [page]) is page
    assert find_home("https://autre.fr/", [page]) is None


def test_find_home_follows_a_redirect_stored_apart_from_its_target():
    """The portal root redirects to /fr/index.html, which the crawl had already fetched from the
    sitemap: the two are stored apart, and the home is where the redirect lands."""
    root = FetchedPage(url="http://www.isula.test/", status=302, content_type="text/html",
                       headers={"Location": "/fr/index.html"})
    landing = html_page("http://www.isula.test/fr/index.html", body="<html><head><meta name=viewport"
                        " content='width=device-width'></head></html>", depth=2)
    elsewhere = html_page("http://www.isula.test/fr/actualites.html", body="<html></html>", depth=1)
    assert find_home("http://www.isula.test/", [root, elsewhere, landing]) is landing
    gone = FetchedPage(url="http://www.isula.test/", status=302, headers={"Location": "/ailleurs"})
    assert find_home("http://www.isula.test/", [gone, elsewhere]) is gone  # its target not stored


def test_a_portal_with_no_page_read_is_not_measured_not_a_no():
    """An unreachable portal: FranceConnect, viewport and the page counts are "non mesuré", never
    "non" or 0 (the typed record reads them as None)."""
    from barometre.audit.core.record import AuditRecord

    audit = audit_portal(HOME, [], {}, ["gironde.fr"], CAMPAIGN)
    assert audit["security"]["franceconnect"]["value"] is None and audit["security"]["franceconnect"]["reason"]
    record = AuditRecord.read(audit)
    assert record.franceconnect is None and record.viewport_meta is None
    assert record.broken_links is None and record.error_pages is None and record.slow_pages is None
