"""`barometre audit` on a real crawl of the small sample web, checked against its ground truth."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.helpers import barometre

STATUSES = {"totalement conforme": "totalement_conforme", "partiellement conforme": "partiellement_conforme",
            "non conforme": "non_conforme"}
# The sample web's names of contact channels -> the audit's.
CHANNELS = {"form": "contact_form", "phone_hours": "phone_with_hours"}


@pytest.fixture(scope="module")
def audited(crawled, tmp_path_factory):
    proc = barometre(crawled.data_dir, "audit", "--campaign", "test", "--no-browser")
    out = tmp_path_factory.mktemp("audit") / "audit.json"
    barometre(crawled.data_dir, "audit", "export", "--campaign", "test", "--format", "json", "-o", str(out))
    records = {r["collectivite"]["code"]: r for r in json.loads(out.read_text(encoding="utf-8"))}
    return proc.stdout, records


def _reachable(truth):
    return [c for c in truth["collectivites"] if c["reachable"]]


def test_one_record_per_crawled_collectivite_with_the_required_keys(audited, truth):
    _, records = audited
    assert set(records) == {c["code"] for c in truth["collectivites"]}
    keys = {"collectivite", "accessibility_statement", "viewport_meta", "franceconnect", "slow_urls",
            "broken_links", "error_urls", "speed", "accessibility", "mobile", "security", "support",
            "not_measured"}
    for record in records.values():
        assert keys <= set(record)
        assert {"status", "rate", "date", "url"} <= set(record["accessibility_statement"])


def test_accessibility_statement_of_each_portal(audited, truth):
    _, records = audited
    for c in _reachable(truth):
        got, want = records[c["code"]]["accessibility_statement"], c["facts"]["accessibility_statement"]
        if want is None:
            assert got["status"] is None and got["url"] is None, c["code"]
            continue
        assert got["status"] == STATUSES[want["status"]], c["code"]
        assert got["rate"] == want["rate"], c["code"]
        assert got["date"] == want["date"], c["code"]
        assert got["url"] == want["url"], c["code"]
        assert got["contact"] == want["contact"] and got["recourse"] == want["recourse"], c["code"]
        assert got["url"] in got["evidence"]


def test_statement_age_is_judged_against_the_campaign_date(audited, truth, crawled):
    _, records = audited
    (campaign_date,), = crawled.sql("SELECT date FROM crawl_campaign WHERE name = 'test'")
    reference = date.fromisoformat(campaign_date)
    for c in _reachable(truth):
        want = c["facts"]["accessibility_statement"]
        record = records[c["code"]]
        assert record["reference_date"] == campaign_date
        if want:
            made = date.fromisoformat(want["date"])
            expected = made.replace(year=made.year + 3) < reference
            assert record["accessibility_statement"]["expired"] is expected, c["code"]


def test_home_mention_and_viewport(audited, truth):
    _, records = audited
    for c in _reachable(truth):
        record, facts = records[c["code"]], c["facts"]
        assert record["viewport_meta"] is facts["viewport_meta"], c["code"]
        assert record["evidence"]["viewport_meta"] == [c["portal_url"]]
        mention = facts["home_accessibility_mention"]
        assert record["accessibility_statement"]["home_mention"] is (mention is not None), c["code"]
        if mention:
            assert record["accessibility_statement"]["home_mention_status"] == STATUSES[mention]


def test_slow_pages_are_listed_with_their_timings(audited, truth):
    _, records = audited
    slow = [(c["code"], url) for c in _reachable(truth) for url in c["facts"]["slow_urls"]]
    assert slow, "the sample web has a slow page"
    for code, url in slow:
        listed = {s["url"]: s for s in records[code]["slow_urls"]}
        assert url in listed, code
        assert max(listed[url]["ttfb"] or 0, listed[url]["download_time"] or 0) > 0.8


def test_broken_links_and_server_errors(audited, truth):
    _, records = audited
    for c in _reachable(truth):
        facts, record = c["facts"], records[c["code"]]
        got = {(b["url"], b["from"]) for b in record["broken_links"]}
        want = {(b["url"], b["from"]) for b in facts["broken_links"]}
        assert want <= got, c["code"]
        # Anything else listed is a link into a redirect loop, to a connection reset or to an
        # https page whose certificate is refused.
        loops = {b["url"] for b in record["broken_links"] if b["error"] in ("redirect_loop", "tls")}
        extra = {u for u, _ in got - want} - loops - {facts["other"].get("reset_url")}
        assert not extra, c["code"]
        assert all(b["status"] in (404, 410) or b["error"] for b in record["broken_links"])
        assert sorted((e["url"], e["status"]) for e in record["error_urls"]) == \
            sorted((e["url"], e["status"]) for e in facts["error_urls"]), c["code"]


def test_franceconnect_presence_with_evidence(audited, truth):
    _, records = audited
    for c in _reachable(truth):
        record = records[c["code"]]
        assert record["franceconnect"] is c["facts"]["franceconnect"], c["code"]
        if record["franceconnect"]:
            assert record["evidence"]["franceconnect"]


def test_contact_channels(audited, truth):
    _, records = audited
    for c in _reachable(truth):
        support = records[c["code"]]["support"]
        found = {name for name, m in support["channels"].items() if m["value"]}
        want = {CHANNELS.get(ch, ch) for ch in c["facts"]["contact_channels"]}
        assert want <= found, (c["code"], want - found)
        for name in want:
            assert support["channels"][name]["evidence"], (c["code"], name)


def test_without_browser_the_missing_measures_are_named(audited):
    stdout, records = audited
    assert "browser measures not measured" in stdout and "--no-browser" in stdout
    assert "Audit des portails" in stdout
    for record in records.values():
        missing = {m["measure"]: m["reason"] for m in record["not_measured"]}
        for measure in ("largest_contentful_paint", "axe_core", "phone_width_layout", "ecoindex",
                        "tap_targets", "tls_validity"):
            assert "--no-browser" in missing[measure]
        assert record["speed"]["browser"] is None and record["accessibility"]["axe"] is None


def test_unreachable_portal_is_reported_not_zeroed(audited, truth):
    _, records = audited
    for c in truth["collectivites"]:
        if not c["reachable"]:
            record = records[c["code"]]
            assert record["crawl_status"] == "unreachable"
            assert record["viewport_meta"] is None
            assert record["accessibility_statement"]["status"] is None


@pytest.mark.parametrize("args, message", [
    (["--campaign", "nope"], "unknown campaign 'nope'"),
    (["--campaign", "test", "--collectivite", "XX9"], "unknown code 'XX9'"),
    (["--campaign", "test", "--collectivite", "33"], "no crawl of 33"),
    (["export", "--campaign", "nope"], "unknown campaign 'nope'"),
])
def test_clear_errors(crawled, args, message):
    proc = barometre(crawled.data_dir, "audit", *args, "--no-browser" if args[0] != "export" else "-o",
                     *([] if args[0] != "export" else ["/dev/null"]), check=False)
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_transport_security_of_each_portal(audited, truth):
    """HTTPS, the http → https redirect, HSTS (only over https counts), mixed content and the
    certificate, as the sample web serves them (S04, S06, S07 live on https; S05 serves https
    without redirecting; S02, S03 have broken certificates; S01 is plain http)."""
    _, records = audited
    for c in _reachable(truth):
        tls, security = c["facts"]["tls"], records[c["code"]]["security"]
        assert security["https"]["value"] is tls["https"], c["code"]
        redirect = security["http_to_https_redirect"]
        assert redirect["value"] is tls["http_redirects_to_https"], (c["code"], redirect["evidence"][:3])
        hsts = tls["https"] and c["facts"]["security_headers"]["strict-transport-security"]
        assert security["headers"]["hsts"]["value"] is hsts, c["code"]
        mixed = security["mixed_content"]
        if tls["https"]:
            assert [i["resource"] for i in mixed["items"]] == tls["mixed_content"], c["code"]
        else:
            assert mixed["value"] is None, c["code"]
        # S05's valid https is never asked (nothing links to it): not measured, never "valid"
        expected_tls = {None: None, "valid": True if tls["https"] else None}.get(tls["certificate"], False)
        assert security["tls_valid"]["value"] is expected_tls, c["code"]
