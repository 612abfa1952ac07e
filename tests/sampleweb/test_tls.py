"""https of the sample web: CONNECT tunnels with per-host certificates from the server's test CA."""

import http.client
import ssl

import pytest

from tests.sampleweb.conftest import Client


def _tls_portals(truth, certificate):
    return [c for c in truth["collectivites"] if c["facts"] and c["facts"]["tls"]["certificate"] == certificate]


def _get_https(server, host: str, path: str = "/", system_store: bool = False):
    context = ssl.create_default_context(cafile=None if system_store else str(server.ca_bundle))
    conn = http.client.HTTPSConnection("127.0.0.1", server.port, context=context, timeout=10)
    conn.set_tunnel(host, 443)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def test_truth_says_which_portals_serve_https(truth):
    assert [c["code"] for c in _tls_portals(truth, "expired")] == ["S02"]
    assert [c["code"] for c in _tls_portals(truth, "incomplete_chain")] == ["S03"]
    assert [c["code"] for c in _tls_portals(truth, None)] == ["S01"]
    assert [c["code"] for c in _tls_portals(truth, "valid")] == ["S04", "S05", "S06", "S07"]
    on_https = [c["code"] for c in truth["collectivites"] if c["portal_url"].startswith("https://")]
    assert on_https == ["S04", "S06", "S07"]
    assert all(c["facts"]["tls"]["https"] and c["facts"]["tls"]["http_redirects_to_https"]
               for c in truth["collectivites"] if c["code"] in on_https)
    assert [c["code"] for c in truth["collectivites"] if c["facts"] and c["facts"]["tls"]["mixed_content"]] == ["S07"]


def test_a_portal_on_https_redirects_http_there_with_its_platforms(server, truth):
    col = next(c for c in truth["collectivites"] if c["code"] == "S04")
    for host in col["hosts"]:
        resp, _ = Client(server.port).get(f"http://{host}/some/page?x=1", by_host=True)
        assert resp.status == 301 and resp.getheader("Location") == f"https://{host}/some/page?x=1"
        status, _ = _get_https(server, host, "/robots.txt")
        assert status == 200
    resp, _ = Client(server.port).get(col["portal_url"])  # a proxy asked for the https URL: served
    assert resp.status == 200


def test_valid_certificate_serves_the_portal_over_https_too(server, truth):
    col = next(c for c in _tls_portals(truth, "valid") if c["portal_url"].startswith("http://"))
    status, body = _get_https(server, col["hosts"][0], "/" + col["services"][0]["page_url"].split("/", 3)[3])
    assert status == 200 and b"<html" in body.lower()
    resp, _ = Client(server.port).get(col["portal_url"])
    assert resp.status == 200  # no redirect to https


@pytest.mark.parametrize(("certificate", "words"), [("expired", "expired"),
                                                    ("incomplete_chain", "unable to get local issuer")])
def test_broken_certificates_are_refused_by_a_verifying_client(server, truth, certificate, words):
    col = _tls_portals(truth, certificate)[0]
    with pytest.raises(ssl.SSLCertVerificationError, match=words):
        _get_https(server, col["hosts"][0])
    resp, body = Client(server.port).get(col["portal_url"])
    assert resp.status == 200 and col["facts"]["tls"]["refused_link"]["url"].encode() in body


def test_no_https_for_plain_hosts_and_unknown_ports(server, truth):
    col = _tls_portals(truth, None)[0]
    client = Client(server.port)
    resp, _ = client.get(f"{col['hosts'][0]}:443", method="CONNECT")
    assert resp.status == 501
    valid = _tls_portals(truth, "valid")[0]
    resp, _ = Client(server.port).get(f"{valid['hosts'][0]}:8443", method="CONNECT")
    assert resp.status == 501


def test_only_the_test_ca_signs_the_sample_web(server, truth):
    col = _tls_portals(truth, "valid")[0]
    with pytest.raises(ssl.SSLCertVerificationError):
        _get_https(server, col["hosts"][0], system_store=True)
