import http.client
import json
import socket
import time

import pytest

from barometre.sampleweb import generate
from barometre.sampleweb.server import SampleWeb
from barometre.sampleweb.store import canonical_url


def reachable(truth):
    return [c for c in truth["collectivites"] if c["reachable"]]


def test_every_service_url_is_served_both_ways(truth, client):
    urls = {u for c in truth["collectivites"] for s in c["services"] for u in s["urls"]}
    assert len(urls) > 200
    for url in sorted(urls):
        resp, _ = client.get(url)
        assert resp.status == 200, url
        resp, _ = client.get(url, by_host=True)
        assert resp.status == 200, url


def test_non_service_and_fact_urls_are_served(truth, client):
    for col in reachable(truth):
        for url in col["non_service_urls"]:
            assert client.get(url)[0].status == 200, url
        st = col["facts"]["accessibility_statement"]
        if st:
            resp, body = client.get(st["url"])
            assert resp.status == 200 and st["status"].encode() in body


def test_robots_txt_lists_disallowed_paths(truth, client):
    for col in reachable(truth):
        resp, body = client.get(col["portal_url"] + "robots.txt")
        text = body.decode()
        assert resp.status == 200 and "Sitemap: " in text
        for path in col["facts"]["robots_disallow"]:
            assert f"Disallow: {path}\n" in text
    resp, body = client.get("http://ants.test/robots.txt")
    assert "Disallow: /\n" in body.decode()


def test_redirect_chain_and_loop(truth, client):
    loops = 0
    for col in reachable(truth):
        for chain in col["facts"]["redirect_chains"]:
            url, statuses = chain["from"], []
            for _ in range(chain["hops"]):
                resp, _ = client.get(url)
                statuses.append(resp.status)
                url = resp.getheader("Location")
            assert statuses == [301, 302] and canonical_url(url) == chain["to"]
            assert client.get(url)[0].status == 200
        for start in col["facts"]["redirect_loops"]:
            loops += 1
            resp, _ = client.get(start)
            back, _ = client.get(resp.getheader("Location"))
            assert canonical_url(back.getheader("Location")) == start
    assert loops == 1


def test_errors_and_broken_links(truth, client):
    errors = [e for c in reachable(truth) for e in c["facts"]["error_urls"]]
    assert errors
    for err in errors:
        assert client.get(err["url"])[0].status == err["status"]
    for col in reachable(truth):
        assert col["facts"]["broken_links"]
        for broken in col["facts"]["broken_links"]:
            assert client.get(broken["url"])[0].status == 404


def test_slow_page_is_slow(truth, client):
    slow = [u for c in reachable(truth) for u in c["facts"]["slow_urls"]]
    assert slow
    started = time.perf_counter()
    assert client.get(slow[0])[0].status == 200
    assert time.perf_counter() - started >= 0.14  # 1.5 s * delay_scale 0.1


def test_connect_unknown_host_and_post(server, client, truth):
    resp, body = client.get("www.valmont.test:443", method="CONNECT")
    assert resp.status == 501 and b"http://" in body
    client.conn.close()
    resp, body = client.get("http://nowhere.test/")
    assert resp.status == 502 and b"unknown host" in body
    unreachable = next(c for c in truth["collectivites"] if not c["reachable"])
    assert client.get(unreachable["portal_url"])[0].status == 502
    client.conn.request("POST", "http://www.valmont.test/contact", body=b"a=1",
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert client.conn.getresponse().status == 405


def test_head_and_huge_response(truth, client):
    huge = [c["facts"]["other"]["huge_url"] for c in reachable(truth)
            if "huge_url" in c["facts"]["other"]]
    resp, body = client.get(huge[0], method="HEAD")
    assert resp.status == 200 and body == b""
    assert int(resp.getheader("Content-Length")) >= 30_000_000
    assert resp.getheader("Content-Type").startswith("text/html")


def test_reset_path_closes_the_connection(truth, server):
    url = next(c["facts"]["other"]["reset_url"] for c in reachable(truth)
               if "reset_url" in c["facts"]["other"])
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", url)
    with pytest.raises((ConnectionError, http.client.RemoteDisconnected, socket.error)):
        conn.getresponse().read()


def test_tracking_params_session_ids_and_default_port(client):
    canonical, body = client.get("http://www.valmont.test/contact")
    assert canonical.status == 200
    for variant in ("http://www.valmont.test:80/contact",
                    "http://www.valmont.test/contact?utm_source=x&utm_medium=y",
                    "http://www.valmont.test/contact;jsessionid=ABC123",
                    "http://www.valmont.test/contact?PHPSESSID=1&fbclid=2&xtor=RSS-3"):
        resp, again = client.get(variant)
        assert resp.status == 200 and again == body, variant


def test_endless_agenda_and_faceted_search(truth, client):
    col = reachable(truth)[0]
    agenda = next(p for p in col["facts"]["trap_prefixes"] if "mois=" in p)
    url = agenda + "2026-12"
    for expected in ("2027-01", "2027-02", "2027-03"):
        resp, body = client.get(url)
        assert resp.status == 200 and f"mois={expected}".encode() in body
        url = agenda + expected
    assert client.get(agenda + "banana")[0].status == 404
    search = next(p for p in col["facts"]["trap_prefixes"] if "mois=" not in p)
    resp, body = client.get(search + "theme=sport&public=jeunes&page=7")
    assert resp.status == 200 and b"page=8" in body and body.count(b"public=") > 30


def test_login_pages_redirect_and_platform_fingerprints(truth, client):
    seen = set()
    for col in reachable(truth):
        for s in col["services"]:
            if s["level"] != 4 or not s["entry_url"]:
                continue
            resp, body = client.get(s["entry_url"])
            if s["platform"] == "publik":
                assert b'content="Publik"' in body and b"/static/publik/" in body
            elif s["platform"] == "mgdis":
                assert b"MGDIS Portail des aides" in body and b"/mgdis/" in body
            elif s["platform"] == "demarches_simplifiees":
                assert b"demarches-simplifiees" in body and b"Commencer la d" in body
            if s["platform"] != "demarches_simplifiees":
                assert b'type="file"' in body and b"Suivre ma demande" in body
                assert (b"FranceConnect" in body) == s["franceconnect"]
                start = s["entry_url"].rstrip("/") + "/formulaire"
                resp, _ = client.get(start)
                assert resp.status == 302 and "/connexion?next=" in resp.getheader("Location")
                assert client.get(resp.getheader("Location"))[0].status == 200
            seen.add(s["platform"])
    assert seen == {"publik", "mgdis", "in_house", "demarches_simplifiees"}


def test_request_log(server, client):
    client.get("http://www.valmont.test/robots.txt")
    client.conn.request("GET", "/plan-du-site", headers={"Host": "www.valmont.test",
                                                          "User-Agent": "BarometreTest/1"})
    client.conn.getresponse().read()
    lines = [json.loads(x) for x in server.log_path.read_text(encoding="utf-8").splitlines()]
    assert set(lines[-1]) == {"method", "host", "path", "query", "user_agent", "status", "bytes"}
    assert lines[-1]["user_agent"] == "BarometreTest/1" and lines[-1]["path"] == "/plan-du-site"
    assert lines[-1]["bytes"] > 0


@pytest.mark.slow
def test_france_scale(tmp_path):
    started = time.perf_counter()
    out = generate(tmp_path / "fr", scale="france")
    assert time.perf_counter() - started < 90
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert 95 <= len(truth["collectivites"]) <= 105
    pages = sum(len(h["pages"]) for h in SampleWeb(out).hosts.values())
    assert 40_000 <= pages <= 55_000
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert size < 600 * 1024 * 1024
