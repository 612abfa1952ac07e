"""The in-browser audit in the system Chromium, on pages served on 127.0.0.1: its axe-core
findings must equal a plain axe run on the same page, and each measure must be there."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from barometre.audit.browser.runner import CHROMIUM, CHROMIUM_ARGS, Target, run_targets
from barometre.audit.core.browser import summarise_browser

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = ["home_modern.html", "a11y_issues.html", "legacy_latin1.html", "wide.html"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(FIXTURES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def results(site):
    targets = [Target(code="T", url=f"{site}/{name}", role="page", hosts=frozenset({"127.0.0.1"}))
               for name in PAGES]
    return {r["url"].rsplit("/", 1)[1]: r for r in run_targets(targets, concurrency=3, timeout=20)}


def plain_axe(urls: list[str]) -> dict[str, list[dict]]:
    """axe-core as anyone runs it: axe-playwright-python on a fresh page, default options."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for url in urls:
            page = browser.new_page()
            page.goto(url, wait_until="load")
            out[url] = Axe().run(page).response["violations"]
            page.close()
        browser.close()
    return out


def test_axe_findings_equal_a_plain_axe_run(results, site):
    plain = plain_axe([f"{site}/{name}" for name in PAGES])
    for name in PAGES:
        ours = results[name]
        assert ours["error"] is None, ours["error"]
        theirs = plain[f"{site}/{name}"]
        assert [(v["id"], v["impact"], v["nodes"]) for v in ours["axe"]["violations"]] == \
            [(v["id"], v["impact"], len(v["nodes"])) for v in theirs], name
        for mine, ref in zip(ours["axe"]["violations"], theirs, strict=True):
            assert mine["targets"] == [" ".join(n["target"]) for n in ref["nodes"]][:len(mine["targets"])]
    faulty = {v["id"] for v in results["a11y_issues.html"]["axe"]["violations"]}
    assert {"image-alt", "button-name"} <= faulty
    image_alt = next(v for v in results["a11y_issues.html"]["axe"]["violations"] if v["id"] == "image-alt")
    assert image_alt["rgaa"] == ["1.1"]


def test_load_metrics_and_ecoindex(results):
    for name in PAGES:
        m = results[name]["metrics"]
        assert m["fcp"] is not None and m["fcp"] > 0, name
        assert m["lcp"] is not None and m["load_event"] is not None and m["cls"] is not None
        assert m["requests"] >= 1 and m["transfer_bytes"] > 0 and m["dom_elements"] > 5
        eco = results[name]["ecoindex"]
        assert eco["grade"] in "ABCDEFG" and 0 <= eco["score"] <= 100
        assert eco["inputs"]["requests"] == m["requests"]


def test_phone_width_layout_and_tap_targets(results):
    wide = results["wide.html"]["mobile"]
    assert wide["device_width"] == 375 and wide["horizontal_overflow"] and wide["overflow_px"] > 500
    assert wide["tap_targets_below_min"] >= 1
    assert any(t["element"] == "button" for t in wide["small_targets"])
    legacy = results["legacy_latin1.html"]["mobile"]
    assert legacy["viewport_meta"] is None and legacy["layout_width"] > 375  # desktop layout shrunk
    modern = results["home_modern.html"]["mobile"]
    assert modern["device_width"] == 375 and modern["viewport_meta"]


def test_portal_summary_keeps_evidence_and_names_what_is_missing(results, site):
    summary = summarise_browser(list(results.values()))
    assert summary["pages_loaded"] == len(PAGES)
    lcp = summary["speed"]["lcp"]
    assert lcp["value"] is not None and set(lcp["evidence"]) == {f"{site}/{n}" for n in PAGES}
    assert summary["mobile"]["phone_layout"]["value"] is False
    assert f"{site}/wide.html" in summary["mobile"]["phone_layout"]["horizontal_overflow"]
    axe = summary["accessibility"]["axe"]
    assert axe["by_impact"]["critical"] >= 1 and "1.1" in axe["rgaa_criteria_failed"]
    assert 0 < axe["rgaa_testable"]["share"] < 1
    # Plain http pages: no live mixed content or certificate to judge, said so.
    assert summary["security"]["tls_valid"]["value"] is None and summary["security"]["tls_valid"]["reason"]
    assert summary["security"]["mixed_content_live"]["value"] is None


def test_a_page_that_does_not_load_is_an_error_not_a_crash(site):
    (res,) = run_targets([Target(code="T", url="http://127.0.0.1:9/", hosts=frozenset())], timeout=5)
    assert res["error"] and res["axe"] == {} and res["metrics"] == {}


@pytest.mark.slow
def test_command_with_browser_on_the_sample_web(crawled, tmp_path):
    import json

    from tests.helpers import barometre

    proc = barometre(crawled.data_dir, "audit", "--campaign", "test", "--collectivite", "S01", "S04",
                     "--sample", "3", "--proxy", crawled.server.proxy_url, "--ca-bundle", str(crawled.server.ca_chain))
    assert "browser audit: 6 pages" in proc.stdout
    out = tmp_path / "audit.json"
    barometre(crawled.data_dir, "audit", "export", "--campaign", "test", "-o", str(out))
    records = {r["collectivite"]["code"]: r for r in json.loads(out.read_text())}
    for code in ("S01", "S04"):  # S04 lives on https, signed by the sample web's test CA
        record = records[code]
        roles = [p["role"] for p in record["browser_pages"]]
        assert roles[0] == "home" and len(roles) == 3
        assert record["speed"]["browser"]["lcp"]["value"] is not None
        assert record["accessibility"]["axe"]["value"] is not None
        missing = {m["measure"] for m in record["not_measured"]}
        assert not missing & {"largest_contentful_paint", "axe_core", "phone_width_layout", "ecoindex"}
    assert records["S04"]["browser_pages"][0]["url"] == "https://www.haut-lignon.test/"
    # The legacy portal has no viewport: at phone width its desktop layout is scaled down.
    assert records["S04"]["mobile"]["browser"]["phone_layout"]["desktop_layout_scaled_down"]
    assert records["S01"]["mobile"]["browser"]["phone_layout"]["desktop_layout_scaled_down"] == []
