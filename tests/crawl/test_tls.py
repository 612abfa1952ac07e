"""What the crawl of the sample web records of https: verdicts, notAfter, refused certificates."""

import pytest

pytestmark = pytest.mark.slow


def _rows(crawled, code):
    return [r for r in crawled.pages("test", code) if r["url"].startswith("https://")]


def test_refused_certificates_are_error_kind_tls_with_their_reason(crawled, truth):
    for col in truth["collectivites"]:
        tls = (col["facts"] or {}).get("tls") or {}
        if tls.get("certificate") not in ("expired", "incomplete_chain"):
            continue
        row = next(r for r in _rows(crawled, col["code"]) if r["url"] == tls["https_url"])
        assert row["error_kind"] == "tls" and row["status"] is None
        assert f"tls:{tls['certificate']}" in row["anomalies"]
        assert any(a.startswith("tls:not_after=") for a in row["anomalies"])
        if tls["certificate"] == "expired":
            assert "tls:not_after=2025-01-01T00:00:00Z" in row["anomalies"]


def test_portals_without_a_broken_certificate_have_no_tls_error(crawled, truth):
    for col in truth["collectivites"]:
        if col["facts"] and col["facts"]["tls"]["certificate"] in (None, "valid"):
            assert not [r for r in crawled.pages("test", col["code"]) if r["error_kind"] == "tls"], col["code"]
