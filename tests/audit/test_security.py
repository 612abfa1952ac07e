from barometre.audit import knowledge
from barometre.audit.core.inputs import FetchedPage
from barometre.audit.core.security import (
    audit_security,
    cookies,
    franceconnect,
    http_redirect,
    mixed_content,
    parse_cookie,
    security_headers,
    third_parties,
)

from .pages import doc, html_page, links_of

TRACKERS = knowledge.trackers()
FC = knowledge.franceconnect()
HOSTS = {"gironde.fr"}
GOOD_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def test_headers_of_a_hardened_home():
    home = html_page("https://www.gironde.fr/", "home_modern.html", headers=GOOD_HEADERS)
    headers = security_headers(home)
    assert headers["hsts"]["value"] is True
    assert headers["hsts"]["max_age"] == 31536000 and headers["hsts"]["include_subdomains"]
    assert headers["content_security_policy"]["value"] is True
    assert headers["x_content_type_options"]["value"] is True
    assert headers["framing_protection"]["value"] is True
    assert headers["framing_protection"]["via"] == "frame-ancestors"
    assert headers["referrer_policy"]["value"] is True
    assert headers["permissions_policy"]["value"] is False
    assert headers["x_frame_options"]["value"] is False
    assert headers["hsts"]["evidence"] == ["https://www.gironde.fr/"]


def test_hsts_with_zero_max_age_is_not_hsts():
    home = html_page("https://x.fr/", body="<html></html>",
                     headers={"strict-transport-security": "max-age=0"})
    assert security_headers(home)["hsts"]["value"] is False


def test_http_to_https_redirect():
    redirected = html_page("http://www.gironde.fr/", body="<html></html>",
                           final_url="https://www.gironde.fr/",
                           redirect_chain=["http://www.gironde.fr/"])
    assert http_redirect([redirected], HOSTS)["value"] is True
    plain = html_page("http://www.cg-exemple.fr/", body="<html></html>")
    assert http_redirect([plain], {"cg-exemple.fr"})["value"] is False
    only_https = html_page("https://www.gironde.fr/", body="<html></html>")
    result = http_redirect([only_https], HOSTS)
    assert result["value"] is None and "http://" in result["reason"]


def test_http_to_https_redirect_judged_by_location_when_the_destination_was_not_fetched_again():
    """The crawl's http-probe of a portal found on https: a 301 row whose destination, the home,
    was fetched already; the redirect row of a page that was fetched is not judged twice."""
    home = html_page("https://www.gironde.fr/", body="<html></html>")
    probe = html_page("http://www.gironde.fr/", body="", status=301, headers={"Location": "https://www.gironde.fr/"})
    assert http_redirect([home, probe], HOSTS) == {**http_redirect([home, probe], HOSTS), "value": True, "checked": 1}
    to_http = html_page("http://www.gironde.fr/", body="", status=302, headers={"Location": "/accueil"})
    result = http_redirect([home, to_http], HOSTS)
    assert result["value"] is False and result["evidence"] == ["http://www.gironde.fr/"]
    landed = html_page("https://www.gironde.fr/aides", body="<html></html>", redirect_chain=["http://www.gironde.fr/aides"])
    hop = html_page("http://www.gironde.fr/aides", body="", status=301, headers={"Location": "https://www.gironde.fr/aides"})
    assert http_redirect([hop, landed], HOSTS)["checked"] == 1


def test_cookie_flags():
    assert parse_cookie("PHPSESSID=abc; path=/; secure; HttpOnly; SameSite=Lax") == {
        "name": "PHPSESSID", "secure": True, "httponly": True, "samesite": "Lax"}
    page = html_page("https://www.gironde.fr/", body="<html></html>", set_cookies=[
        "PHPSESSID=abc; path=/; secure; HttpOnly; SameSite=Lax",
        "lang=fr; path=/",
    ])
    third = html_page("https://cdn.other.com/x", body="<html></html>", set_cookies=["t=1"])
    result = cookies([page, third], HOSTS)
    assert result["value"] == 1 and result["total"] == 2
    weak = next(c for c in result["cookies"] if c["name"] == "lang")
    assert weak["missing"] == ["secure", "httponly", "samesite"]
    assert result["evidence"] == ["https://www.gironde.fr/"]


def test_mixed_content_on_https_pages_only():
    legacy_https = doc("https://www.cg-exemple.fr/ase", "legacy_latin1.html", content_type="text/html")
    legacy_http = doc("http://www.cg-exemple.fr/ase", "legacy_latin1.html", content_type="text/html")
    result = mixed_content([legacy_https, legacy_http])
    assert result["value"] == 2 and result["pages_checked"] == 1
    assert {i["tag"] for i in result["items"]} == {"img", "script"}
    # <link rel=alternate href=http://...> is not loaded: not mixed content
    home = doc("https://www.gironde.fr/", "home_modern.html")
    assert mixed_content([home])["value"] == 0
    assert mixed_content([legacy_http])["value"] is None


def test_trackers_and_third_parties_of_the_modern_home():
    home = doc("https://www.gironde.fr/", "home_modern.html")
    result = third_parties([home], HOSTS, TRACKERS)
    ids = {t["id"] for t in result["trackers"]}
    assert {"google-tag-manager", "matomo", "youtube", "tarteaucitron"} <= ids
    assert "google-analytics" not in ids
    matomo = next(t for t in result["trackers"] if t["id"] == "matomo")
    assert matomo["exempt_if_configured"] is True and "exempted" in matomo["note"]
    assert matomo["evidence"] == ["https://www.gironde.fr/"]
    assert result["trackers_requiring_consent"] == ["google-tag-manager", "youtube"]
    assert result["consent_manager"] is True
    assert result["third_party_hosts"]["value"] == ["www.youtube.com"]


def test_xiti_is_found_in_a_legacy_inline_script():
    page = doc("http://www.cg-exemple.fr/ase", "legacy_latin1.html", content_type="text/html")
    result = third_parties([page], {"cg-exemple.fr"}, TRACKERS)
    assert [t["id"] for t in result["trackers"]] == ["at-internet"]


def test_franceconnect_button_link_and_absence():
    eservices = doc("https://eservices.gironde.fr/", "eservices.html")
    assert franceconnect([eservices], {}, FC)["value"] is True
    links = {"https://www.gironde.fr/aides": [("https://app.franceconnect.gouv.fr/api/v1/authorize?x=1",
                                               "S'identifier")]}
    by_link = franceconnect([], links, FC)
    assert by_link["value"] is True and by_link["evidence"] == ["https://www.gironde.fr/aides"]
    home = doc("https://www.gironde.fr/", "home_modern.html")
    none = franceconnect([home], links_of([home.page]), FC)
    assert none["value"] is False and none["reason"] is None


def test_audit_security_reports_tls_as_not_measurable():
    home_page = html_page("https://www.gironde.fr/", "home_modern.html", headers=GOOD_HEADERS)
    home = doc("https://www.gironde.fr/", "home_modern.html")
    result = audit_security(home_page, [home_page], [home], {}, HOSTS, TRACKERS, FC)
    assert result["https"]["value"] is True
    assert result["tls_valid"]["value"] is None and "TLS" in result["tls_valid"]["reason"]
    missing = audit_security(None, [], [], {}, HOSTS, TRACKERS, FC)
    assert missing["https"]["value"] is None and missing["https"]["reason"]


def test_http_only_home():
    home = FetchedPage("http://www.cg-exemple.fr/", content_type="text/html", status=200, body=b"x")
    result = audit_security(home, [home], [], {}, {"cg-exemple.fr"}, TRACKERS, FC)
    assert result["https"]["value"] is False


def test_tracker_detection_by_host_path_and_inline_pattern():
    page = doc("https://www.cd.fr/", body=(
        '<html><body><img src="https://www.facebook.com/tr?id=1&ev=PageView" alt="">'
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-XYZ"></script>'
        "<script>gtag('config', 'G-XYZ');</script>"
        '<script src="https://static.hotjar.com/c/hotjar-1.js"></script>'
        '<iframe title="v" src="https://www.youtube-nocookie.com/embed/x"></iframe></body></html>'))
    result = third_parties([page], {"cd.fr"}, TRACKERS)
    ids = {t["id"] for t in result["trackers"]}
    assert ids == {"facebook-pixel", "google-tag-manager", "google-analytics", "hotjar",
                   "youtube-nocookie"}
    assert "youtube-nocookie" not in result["trackers_requiring_consent"]
    assert result["consent_manager"] is False


def test_link_to_the_franceconnect_information_site_is_not_an_offer():
    page = doc("https://www.cd.fr/actu", body='<html><p>Le Département adopte '
               '<a href="https://franceconnect.gouv.fr/">FranceConnect</a> en 2025.</p></html>')
    assert franceconnect([page], links_of([page.page]), FC)["value"] is False
