"""A whole crawl of the sample web through the replay server: completeness, politeness, errors."""

from __future__ import annotations

import collections
import ssl
import urllib.request

import pytest
from protego import Protego

from tests.crawl.integrity import check_storage, run_counters, run_status

pytestmark = pytest.mark.slow
UA = "BarometreBot"


@pytest.fixture(scope="module")
def robots(crawled, truth):
    """robots.txt of every host the crawl talked to, as the server serves them."""
    proxy = crawled.server.proxy_url
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy, "https": proxy}),
        urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=str(crawled.server.ca_bundle))))
    parsers = {}
    for host in {r["host"] for r in crawled.crawl_requests}:
        try:
            body = opener.open(f"http://{host}/robots.txt", timeout=5).read().decode("utf-8", "replace")
        except Exception:
            body = ""
        parsers[host] = Protego.parse(body)
    return parsers


def test_every_truth_service_url_fetched(crawled, truth, robots):
    for coll in truth["collectivites"]:
        fetched = set()
        for page in crawled.pages("test", coll["code"]):
            fetched |= {page["url"], page["final_url"]}
        for service in coll["services"]:
            for url in service["urls"]:
                host = url.split("/")[2]
                if not robots[host].can_fetch(url, UA):
                    continue  # a polite crawler cannot see it; detection must do without
                assert url in fetched, f"{coll['code']} {service['id']}: {url} not fetched"


def test_never_requests_a_robots_disallowed_path(crawled, robots):
    for req in crawled.crawl_requests:
        if req["path"] == "/robots.txt":
            continue
        url = f"{req.get('scheme', 'http')}://{req['host']}{req['path']}" + (f"?{req['query']}" if req["query"] else "")
        assert robots[req["host"]].can_fetch(url, UA), f"requested disallowed {url}"


def test_identifies_itself_and_never_submits(crawled):
    reqs = crawled.crawl_requests
    assert reqs and all(r["method"] in ("GET", "HEAD") for r in reqs)
    assert all(r["user_agent"].startswith("BarometreBot/") and "+http" in r["user_agent"] for r in reqs)


def test_each_portal_url_fetched_once(crawled, truth):
    own_hosts = {h for c in truth["collectivites"] for h in c["hosts"]}
    counts = collections.Counter((r["host"], r["path"], r["query"], r.get("scheme", "http"))
                                 for r in crawled.crawl_requests if r["host"] in own_hosts and r["status"] < 500)
    resets = {c["facts"]["other"].get("reset_url") for c in truth["collectivites"] if c["facts"]}
    # robots.txt may be asked once more, to tell a page that keeps failing from a host that is down
    twice = [(k, n) for k, n in counts.items() if n > (2 if k[1] == "/robots.txt" else 1)
             and f"{k[3]}://{k[0]}{k[1]}" + (f"?{k[2]}" if k[2] else "") not in resets]
    assert twice == []


def test_canonical_urls_have_no_tracking_or_session(crawled):
    for page in crawled.pages("test"):
        url = page["url"]
        assert "utm_" not in url and "jsessionid" not in url.lower() and "phpsessid" not in url.lower()
        assert "#" not in url and ":80/" not in url


def test_traps_are_bounded(crawled, truth):
    for coll in truth["collectivites"]:
        if not coll["facts"]:
            continue
        for prefix in coll["facts"]["trap_prefixes"]:
            host, path = prefix.split("://", 1)[1].split("/", 1)
            path = "/" + path.split("?")[0]
            hits = [r for r in crawled.crawl_requests if r["host"] == host and r["path"] == path]
            assert 0 < len(hits) <= 40, f"{prefix}: {len(hits)} requests"


def test_errors_recorded_with_their_kind(crawled, truth):
    pages = {(p["code"], p["url"]): p for p in crawled.pages("test")}
    seen_kinds = collections.Counter()
    for coll in truth["collectivites"]:
        facts = coll["facts"]
        if not facts:
            continue
        code = coll["code"]
        for err in facts["error_urls"]:
            assert pages[(code, err["url"])]["status"] == err["status"]
            seen_kinds["5xx"] += 1
        for link in facts["broken_links"]:
            assert pages[(code, link["url"])]["status"] == link["status"]
            seen_kinds["404"] += 1
        for url in facts["redirect_loops"]:
            chain_pages = [p for (c, u), p in pages.items() if c == code and p["error_kind"] == "redirect_loop"]
            assert chain_pages, f"loop at {url} not recorded"
            seen_kinds["loop"] += 1
        for url in facts["slow_urls"]:
            assert pages[(code, url)]["download_time"] >= 1.0
            seen_kinds["slow"] += 1
        other = facts["other"]
        expectations = {"huge_url": ("error_kind", "too_large"), "reset_url": ("error_kind", "connection_reset")}
        for key, (field, value) in expectations.items():
            if key in other:
                assert pages[(code, other[key])][field] == value, key
                seen_kinds[key] += 1
        if "binary_html_url" in other:
            assert "binary_served_as_html" in pages[(code, other["binary_html_url"])]["anomalies"]
            seen_kinds["binary"] += 1
        if "missing_charset_url" in other:
            assert "charset_missing" in pages[(code, other["missing_charset_url"])]["anomalies"]
            seen_kinds["charset"] += 1
    assert {"5xx", "404", "loop", "slow", "huge_url", "reset_url", "binary", "charset"} <= set(seen_kinds)


def test_redirect_chain_kept(crawled, truth):
    for coll in truth["collectivites"]:
        for chain in (coll["facts"] or {}).get("redirect_chains", []):
            finals = [p for p in crawled.pages("test", coll["code"]) if p["url"] == chain["to"]]
            assert finals and finals[0]["status"] == 200


def test_unreachable_portal_recorded(crawled, truth):
    unreachable = [c["code"] for c in truth["collectivites"] if not c["reachable"]]
    rows = crawled.sql("SELECT c.code, r.status FROM crawl_crawlrun r JOIN referential_collectivite c"
                       " ON c.id = r.collectivite_id")
    status = dict(rows)
    assert unreachable and all(status[code] == "unreachable" for code in unreachable)
    assert all(status[c["code"]] == "done" for c in truth["collectivites"] if c["reachable"])


def test_one_hop_into_platforms_but_no_further(crawled):
    hops = [p for p in crawled.pages("test") if p["one_hop"]]
    hosts = {p["url"].split("/")[2] for p in hops}
    assert "www.demarches-simplifiees.test" in hosts and "www.caf.test" in hosts
    one_hop_urls = {p["url"] for p in hops}
    for page in crawled.pages("test"):
        if page["one_hop"]:
            continue
    # nothing fetched from a one-hop host that no collectivité page links to
    linked = {link[0] for p in crawled.pages("test") if not p["one_hop"] for link in p["links"]}
    assert {u for u in one_hop_urls if "robots.txt" not in u} <= linked | {p["final_url"] for p in hops}


def test_warc_files_readable_and_complete(crawled):
    figures = check_storage(crawled, "test")
    assert figures["referenced"] > 1000
    assert figures["records"] - figures["referenced"] <= 4  # earlier tries of the 500 and reset pages


def test_transient_failures_retried_and_counted_once(crawled, truth):
    """The always-failing 500 page and connection reset are tried 3 times, counted once, and said."""
    errors = {c["code"]: c["facts"]["error_urls"] for c in truth["collectivites"] if c["facts"]}
    status = run_status(crawled, "test")
    counters = run_counters(crawled, "test")
    for code, urls in errors.items():
        for err in urls:
            hits = [r for r in crawled.crawl_requests
                    if f"{r.get('scheme', 'http')}://{r['host']}{r['path']}" == err["url"]]
            assert len(hits) == 3, err["url"]
            assert counters[code]["errors"][f"http_{err['status']}"] == 1
            assert status[code][0] == "done" and "kept failing when retried" in status[code][1]
