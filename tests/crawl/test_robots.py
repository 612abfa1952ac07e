"""robots.txt as RFC 9309 says: a 4xx means no rules, a 5xx, an unreachable or too slow file or a
decompression bomb means the whole host is off limits, and the crawl records why."""

from __future__ import annotations

import gzip
import json

import pytest

from barometre.crawl.middlewares import robots_verdict
from barometre.sampleweb.store import WebWriter
from tests.faults.hostile_web import bomb, page, write_sites
from tests.helpers import CrawledWeb

UNAVAILABLE = {  # code: (host, what its robots.txt does)
    "R500": ("www.robots-500.test", "answers 500"),
    "R429": ("www.robots-429.test", "answers 429"),
    "RLNT": ("www.robots-lent.test", "answers after the timeout"),
    "RBMB": ("www.robots-bombe.test", "is a gzip bomb"),
}
ALLOWED = {"R404": "www.robots-404.test", "RRED": "www.robots-redirige.test", "RDIS": "www.robots-regles.test"}
TIMEOUT = 2  # seconds, --timeout of the crawl; the slow robots.txt takes 6


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    root = tmp_path_factory.mktemp("robots")
    web = WebWriter(root / "web")
    sites = []
    for code, host in [*((c, h) for c, (h, _) in UNAVAILABLE.items()), *ALLOWED.items()]:
        base = f"http://{host}"
        web.page(f"{base}/", page(code, [f"{base}/page", f"{base}/private/fiche"]))
        web.page(f"{base}/page", page("Page"))
        web.page(f"{base}/private/fiche", page("Privé"))
        sites.append((code, f"Portail {code}", f"{base}/"))
    rules = "User-agent: *\nDisallow: /private/\n"
    web.page("http://www.robots-500.test/robots.txt", "Internal Server Error", ctype="text/plain", status=500)
    web.page("http://www.robots-429.test/robots.txt", "Too Many Requests", ctype="text/plain", status=429)
    web.page("http://www.robots-lent.test/robots.txt", rules, ctype="text/plain", delay=3 * TIMEOUT)
    web.page("http://www.robots-bombe.test/robots.txt", bomb("gzip"), ctype="text/plain",
             headers=[["Content-Encoding", "gzip"]])
    web.redirect("http://www.robots-redirige.test/robots.txt", "http://www.robots-redirige.test/regles.txt")
    web.page("http://www.robots-redirige.test/regles.txt", gzip.compress(rules.encode()), ctype="text/plain",
             headers=[["Content-Encoding", "gzip"]])
    web.page("http://www.robots-regles.test/robots.txt", rules, ctype="text/plain")
    web.write_index()
    sites_file = write_sites(root / "web" / "sites.csv", sites)
    with CrawledWeb(root / "web", root / "data") as crawled:
        crawled.run("--campaign", "robots", "--sites", str(sites_file), "--timeout", str(TIMEOUT), timeout=120)
        yield crawled


def requested(crawl, host: str) -> set[str]:
    return {r["path"] for r in crawl.crawl_requests if r["host"] == host}


def run_of(crawl, code: str) -> dict:
    status, reason, skipped = crawl.sql(
        "SELECT r.status, r.stop_reason, r.skipped FROM crawl_crawlrun r JOIN referential_collectivite c"
        " ON c.id = r.collectivite_id WHERE c.code = ?", code)[0]
    return {"status": status, "stop_reason": reason, "skipped": json.loads(skipped)}


def robots_row(crawl, host: str) -> dict:
    status, kind, anomalies = crawl.sql("SELECT status, error_kind, anomalies FROM crawl_page WHERE url = ?",
                                        f"http://{host}/robots.txt")[0]
    return {"status": status, "error_kind": kind, "anomalies": json.loads(anomalies)}


@pytest.mark.slow
@pytest.mark.parametrize("code", list(UNAVAILABLE))
def test_unavailable_robots_means_nothing_else_is_fetched(crawl, code):
    host, what = UNAVAILABLE[code]
    assert requested(crawl, host) == {"/robots.txt"}, f"robots.txt {what}, yet the host was crawled"
    run = run_of(crawl, code)
    assert run["skipped"].get("robots_unavailable", 0) >= 1 and "robots_disallowed" not in run["skipped"]
    assert run["status"] == "unreachable" and run["stop_reason"].startswith("robots_unavailable"), run


@pytest.mark.slow
@pytest.mark.parametrize("code, status, error_kind", [
    ("R500", 500, ""), ("R429", 429, ""), ("RLNT", None, "timeout"), ("RBMB", None, "too_large"),
])
def test_unavailable_robots_is_recorded_with_its_cause(crawl, code, status, error_kind):
    row = robots_row(crawl, UNAVAILABLE[code][0])
    assert row == {"status": status, "error_kind": error_kind, "anomalies": ["robots_unavailable"]}


@pytest.mark.slow
def test_missing_robots_allows_everything(crawl):
    assert requested(crawl, ALLOWED["R404"]) >= {"/robots.txt", "/", "/page", "/private/fiche"}
    assert run_of(crawl, "R404")["status"] == "done"


@pytest.mark.slow
def test_robots_redirect_is_followed(crawl):
    host = ALLOWED["RRED"]
    paths = requested(crawl, host)
    assert {"/robots.txt", "/regles.txt", "/", "/page"} <= paths and "/private/fiche" not in paths
    assert run_of(crawl, "RRED")["skipped"].get("robots_disallowed") == 1


@pytest.mark.slow
def test_disallowed_is_not_unavailable(crawl):
    run = run_of(crawl, "RDIS")
    assert run["status"] == "done" and run["skipped"] == {"robots_disallowed": 1}
    assert "/private/fiche" not in requested(crawl, ALLOWED["RDIS"])


@pytest.mark.parametrize("status, verdict", [
    (200, "rules"), (204, "rules"), (301, "allow_all"), (401, "allow_all"), (403, "allow_all"),
    (404, "allow_all"), (410, "allow_all"), (429, "unavailable"), (500, "unavailable"),
    (503, "unavailable"), (599, "unavailable"), (100, "unavailable"),
])
def test_robots_verdict_follows_rfc_9309(status, verdict):
    assert robots_verdict(status) == verdict


def outage_web(root, robots_back: bool):
    """A portal whose robots.txt answers 503 (or, once the outage is over, rules), and one whose
    robots.txt is a bomb."""
    web = WebWriter(root)
    sites = []
    for code, host in (("RPAN", "www.robots-panne.test"), ("RBMB", "www.robots-bombe.test")):
        base = f"http://{host}"
        web.page(f"{base}/", page(code, [f"{base}/page", f"{base}/private/fiche"]))
        web.page(f"{base}/page", page("Page"))
        web.page(f"{base}/private/fiche", page("Privé"))
        sites.append((code, f"Portail {code}", f"{base}/"))
    if robots_back:
        web.page("http://www.robots-panne.test/robots.txt", "User-agent: *\nDisallow: /private/\n",
                 ctype="text/plain")
    else:
        web.page("http://www.robots-panne.test/robots.txt", "Service Unavailable", ctype="text/plain", status=503)
    web.page("http://www.robots-bombe.test/robots.txt", bomb("gzip"), ctype="text/plain",
             headers=[["Content-Encoding", "gzip"]])
    web.write_index()
    return write_sites(root / "sites.csv", sites)


@pytest.mark.slow
def test_robots_outage_is_asked_again_by_the_next_run(tmp_path):
    """robots.txt answering 503 for a while is an outage: the portal is unreachable for this run,
    and the next run of the campaign asks again; once the file reads, the portal is crawled and
    its rules obeyed. A bomb is not an outage: it is not asked again."""
    sites_file = outage_web(tmp_path / "down", robots_back=False)
    with CrawledWeb(tmp_path / "down", tmp_path / "data") as crawled:
        crawled.run("--campaign", "panne", "--sites", str(sites_file), timeout=120)
        assert run_of(crawled, "RPAN")["status"] == "unreachable"
        (retries,) = crawled.sql("SELECT r.retries FROM crawl_crawlrun r JOIN referential_collectivite c"
                                 " ON c.id = r.collectivite_id WHERE c.code = 'RPAN'")[0]
        assert json.loads(retries) == {"http://www.robots-panne.test/robots.txt": {
            "attempts": 1, "state": "pending", "error": "robots_unavailable"}}

    outage_web(tmp_path / "up", robots_back=True)
    with CrawledWeb(tmp_path / "up", tmp_path / "data") as crawled:
        before = len(crawled.requests())
        crawled.run("--campaign", "panne", "--sites", str(sites_file), timeout=120)
        crawled.crawl_requests = crawled.crawl_requests[before:]  # this run's only
        assert requested(crawled, "www.robots-panne.test") == {"/robots.txt", "/", "/page", "/sitemap.xml"}
        assert requested(crawled, "www.robots-bombe.test") == set(), "a bomb was asked again"
        run = run_of(crawled, "RPAN")
        assert run["status"] == "done" and run["skipped"].get("robots_disallowed") == 1, run
        assert robots_row(crawled, "www.robots-panne.test") == {"status": 200, "error_kind": "", "anomalies": []}
        assert run_of(crawled, "RBMB")["status"] == "unreachable"
