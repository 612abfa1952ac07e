"""Certificates, https and HSTS as the audit reads them from the crawl's TLS verdicts."""

from barometre.audit import knowledge
from barometre.audit.core.inputs import FetchedPage
from barometre.audit.core.security import (
    audit_security,
    certificates,
    https_offered,
    security_headers,
)

from .pages import html_page

HOSTS = {"exemple.test"}
FC = knowledge.franceconnect()


def test_verified_certificate_with_its_expiry():
    home = html_page("https://www.exemple.test/", body="<html></html>",
                     anomalies=["tls:verified", "tls:not_after=2027-03-01T00:00:00Z", "tls:issuer=R11"])
    result = certificates([home], HOSTS)
    assert result["value"] is True and result["evidence"] == ["https://www.exemple.test/"]
    assert result["hosts"][0]["not_after"] == "2027-03-01T00:00:00Z" and result["hosts"][0]["issuer"] == "R11"


def test_expired_and_incomplete_chain_are_reported_with_evidence_in_french():
    expired = FetchedPage("https://www.exemple.test/", error_kind="tls",
                          anomalies=["tls:expired", "tls:not_after=2025-01-01T00:00:00Z"])
    chain = FetchedPage("https://demarches.exemple.test/", error_kind="tls", anomalies=["tls:incomplete_chain"])
    result = certificates([expired, chain], HOSTS)
    assert result["value"] is False
    assert result["problems"] == ["expired", "incomplete_chain"]
    assert set(result["evidence"]) == {"https://www.exemple.test/", "https://demarches.exemple.test/"}
    assert "www.exemple.test\u00a0: certificat expiré" in result["reasons"]
    assert any("intermédiaire manquant" in r for r in result["reasons"])


def test_one_failing_connection_outweighs_a_verified_one():
    ok = html_page("https://www.exemple.test/", body="<html></html>", anomalies=["tls:verified"])
    bad = FetchedPage("https://www.exemple.test/x", error_kind="tls", anomalies=[])
    assert certificates([ok, bad], HOSTS)["value"] is False


def test_no_verdict_is_not_measurable_never_false():
    plain = html_page("http://www.exemple.test/", body="<html></html>")
    result = certificates([plain], HOSTS)
    assert result["value"] is None and "TLS" in result["reason"]


def test_http_home_whose_https_is_broken():
    home = html_page("http://www.exemple.test/", body="<html></html>")
    broken = FetchedPage("https://www.exemple.test/", error_kind="tls", anomalies=["tls:expired"])
    result = https_offered(home, [home, broken], HOSTS)
    assert result["value"] is False and result["https_broken"] is True
    assert "https://www.exemple.test/" in result["evidence"]


def test_hsts_over_plain_http_does_not_count():
    home = html_page("http://www.exemple.test/", body="<html></html>",
                     headers={"strict-transport-security": "max-age=31536000"})
    assert security_headers(home)["hsts"]["value"] is False


def test_audit_security_reports_the_certificate():
    home = html_page("https://www.exemple.test/", body="<html></html>", anomalies=["tls:verified"],
                     headers={"strict-transport-security": "max-age=31536000"})
    result = audit_security(home, [home], [], {}, HOSTS, knowledge.trackers(), FC)
    assert result["tls_valid"]["value"] is True and result["headers"]["hsts"]["value"] is True
