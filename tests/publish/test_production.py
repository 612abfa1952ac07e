"""Production behind a real TLS reverse proxy on 127.0.0.1 (docs/dashboard.md, "Production").

`barometre serve` runs with the documented production environment. In front of it, the test's
own reverse proxy terminates TLS as nginx would: it appends the client's address to
X-Forwarded-For and sets X-Forwarded-Proto and -Host. Visitors connect from distinct loopback
addresses (127.0.0.5, 127.0.0.6, …), so the server can tell them apart only through the proxy.
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import os
import re
import shutil
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest

from tests.publish.conftest import free_port

PUBLIC_HOST = "barometre.example.fr"
ADMIN_USER, ADMIN_PASSWORD = "analyste", "Analyste-2026-très-solide"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-connection", "content-length"}
PAGES = ["/", "/?indicateur=sdi&classement=1", "/collectivites/S01/", "/collectivites/S01/?theme=solidarites",
         "/collectivites/S01/signaler/", "/thematiques/", "/thematiques/solidarites/", "/comparaison/",
         "/methodologie/", "/donnees/", "/accessibilite/", "/questionnaire/connexion/",
         "/questionnaire/connexion/lien/", "/admin/login/"]


# ---- the pieces, without a server ---------------------------------------------------------


def test_level_colours_of_the_stylesheet_are_the_labels_colours():
    from barometre.publish import labels

    css = (Path(labels.__file__).parent / "static/publish/dashboard.css").read_text()
    for level, (background, colour) in labels.LEVEL_COLOURS.items():
        assert f".bm-level.bm-level-{level} {{ background-color: {background}; color: {colour}; }}" in css


def test_the_cache_key_keeps_only_the_declared_parameters():
    from django.http import QueryDict

    from barometre.publish.pagecache import read_only

    query = QueryDict("utm_source=x&tri=sdi&campagne=t4&ordre=bof&tri=pqi&fbclid=1")
    assert read_only(query, ["campagne"], {"tri": ["sdi", "pqi"], "ordre": ["asc", "desc"]}) == \
        "campagne=t4&tri=sdi&tri=pqi"
    assert read_only(QueryDict("a=1"), [], {}) == ""


def test_waitress_trusts_one_proxy_address_only(settings):
    from barometre.security import proxy

    settings.BAROMETRE_TRUSTED_PROXY = ""
    assert proxy.waitress_options() == {}
    settings.BAROMETRE_TRUSTED_PROXY = "127.0.0.1"
    options = proxy.waitress_options()
    assert options["trusted_proxy"] == "127.0.0.1" and options["clear_untrusted_proxy_headers"]
    assert options["trusted_proxy_headers"] == {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"}
    for value in ("*", "proxy.example.fr", "10.0.0.0/8"):
        settings.BAROMETRE_TRUSTED_PROXY = value
        with pytest.raises(ValueError, match="BAROMETRE_TRUSTED_PROXY"):
            proxy.waitress_options()


def test_serve_refuses_a_proxy_it_does_not_trust(settings):
    from django.core.management import CommandError, call_command

    settings.BAROMETRE_BEHIND_PROXY, settings.BAROMETRE_TRUSTED_PROXY = True, ""
    with pytest.raises(CommandError, match="BAROMETRE_TRUSTED_PROXY is not"):
        call_command("serve", "--no-collectstatic")
    settings.BAROMETRE_TRUSTED_PROXY = "*"
    with pytest.raises(CommandError, match="not an IP address"):
        call_command("serve", "--no-collectstatic")


def test_a_locked_pair_cannot_authenticate_through_any_form(db, django_user_model, rf):
    from django.contrib.auth import authenticate
    from django.core.cache import cache

    from barometre.security import throttle

    cache.clear()
    user = django_user_model.objects.create_user("gardien", password=ADMIN_PASSWORD)
    here, elsewhere = rf.post("/", REMOTE_ADDR="192.0.2.1"), rf.post("/", REMOTE_ADDR="192.0.2.2")
    for _ in range(5):
        assert authenticate(here, username="gardien", password="faux") is None
    assert throttle.is_locked("GARDIEN", "192.0.2.1")  # account names compare case-insensitively
    assert authenticate(here, username="gardien", password=ADMIN_PASSWORD) is None
    assert authenticate(elsewhere, username="gardien", password=ADMIN_PASSWORD) == user
    # The owner's success does not unlock the attacker's address.
    assert throttle.is_locked("gardien", "192.0.2.1")
    cache.clear()


# ---- behind the proxy ---------------------------------------------------------------------


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the public name and 127.0.0.1 (the test's CA)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, PUBLIC_HOST)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(PUBLIC_HOST),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "proxy.pem", directory / "proxy.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class ReverseProxy:
    """TLS on 127.0.0.1, forwarding every request to the backend with the forwarded headers."""

    def __init__(self, backend_port: int, cert: Path, key: Path):
        backend = backend_port

        class Handler(BaseHTTPRequestHandler):
            def _forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                chain = self.headers.get("X-Forwarded-For")
                client = self.client_address[0]
                headers["X-Forwarded-For"] = f"{chain}, {client}" if chain else client
                headers["X-Forwarded-Proto"] = "https"
                headers["X-Forwarded-Host"] = self.headers.get("Host", PUBLIC_HOST)
                upstream = http.client.HTTPConnection("127.0.0.1", backend, timeout=60)
                try:
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    reply = upstream.getresponse()
                    content = reply.read()
                finally:
                    upstream.close()
                self.send_response(reply.status, reply.reason)
                for k, v in reply.getheaders():
                    if k.lower() not in HOP_BY_HOP:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)

            do_GET = do_POST = do_HEAD = _forward

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def cookies(self) -> SimpleCookie:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return jar


@dataclass
class Visitor:
    """One browser at one loopback address, with its cookies, talking to the proxy (TLS) or,
    with `direct`, to waitress itself (plain http)."""

    port: int
    source: str
    ca: Path | None = None
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None) -> Reply:
        if self.ca:
            context = ssl.create_default_context(cafile=str(self.ca))
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=60, context=context,
                                               source_address=(self.source, 0))
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.source, 0))
        sent = {"Host": PUBLIC_HOST, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent.update({"Content-Type": "application/x-www-form-urlencoded",
                         "Origin": f"https://{PUBLIC_HOST}", "Referer": f"https://{PUBLIC_HOST}{path}"})
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            reply = Reply(response.status, response.headers, response.read().decode("utf-8", "replace"))
        finally:
            conn.close()
        self.cookies.update({k: m.value for k, m in reply.cookies().items()})
        return reply

    def get(self, path: str, **kw) -> Reply:
        return self.request("GET", path, **kw)

    def post_form(self, path: str, fields: dict, **kw) -> Reply:
        """GET the form for its CSRF token, then POST it like a browser would."""
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.request("POST", path, form={"csrfmiddlewaretoken": self.cookies["csrftoken"], **fields}, **kw)


def _copy_data_dir(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.sqlite3*", "static", "cache", "serve.log"))
    with sqlite3.connect(source / "barometre.sqlite3") as src, sqlite3.connect(target / "barometre.sqlite3") as dst:
        src.backup(dst)


@pytest.fixture(scope="module")
def production(published, tmp_path_factory):
    """`barometre serve` in production mode behind the TLS reverse proxy; yields a namespace."""
    root = tmp_path_factory.mktemp("production")
    data_dir = root / "data"
    _copy_data_dir(published, data_dir)
    env = {k: v for k, v in os.environ.items()
           if k not in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "BAROMETRE_DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="barometre.settings", BAROMETRE_DATA_DIR=str(data_dir),
               PYTHONUNBUFFERED="1", BAROMETRE_ENV="production", BAROMETRE_SECRET_KEY=uuid.uuid4().hex * 2,
               BAROMETRE_ALLOWED_HOSTS=f"{PUBLIC_HOST},127.0.0.1", BAROMETRE_BEHIND_PROXY="1",
               BAROMETRE_TRUSTED_PROXY="127.0.0.1")
    subprocess.run([sys.executable, "-m", "barometre.cli", "manage", "createsuperuser", "--noinput",
                    "--username", ADMIN_USER, "--email", "analyste@example.org"],
                   env={**env, "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD}, check=True, capture_output=True,
                   timeout=120)
    port = free_port()
    log = (root / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "barometre.cli", "serve", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    direct = Visitor(port, "127.0.0.9")
    deadline = time.monotonic() + 90
    while True:
        try:
            direct.get("/api/campaigns")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError((root / "serve.log").read_text()) from None
            time.sleep(0.2)
    cert, key = certificate(root)
    try:
        with ReverseProxy(port, cert, key) as proxy:
            yield type("Production", (), {"data_dir": data_dir, "backend": port, "proxy": proxy.port,
                                          "ca": cert, "log": root / "serve.log"})
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def visitor(production, address: str) -> Visitor:
    return Visitor(production.proxy, address, ca=production.ca)


def test_serve_says_it_trusts_the_proxy(production):
    assert "derrière le mandataire inverse 127.0.0.1" in production.log.read_text()


def test_no_redirect_loop_behind_the_proxy(production):
    reply = visitor(production, "127.0.0.5").get("/")
    assert reply.status == 200, reply.headers
    assert reply.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # Straight to waitress, over plain http, forged headers are not trusted: redirected to https.
    for headers in ({}, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}):
        direct = Visitor(production.backend, "127.0.0.9").get("/", headers=headers)
        assert direct.status == 301 and direct.headers["Location"] == f"https://{PUBLIC_HOST}/"


def test_cookies_are_secure_and_the_admin_login_works_through_the_proxy(production):
    analyst = visitor(production, "127.0.0.10")
    login = analyst.get("/admin/login/")
    assert login.status == 200
    assert login.cookies()["csrftoken"]["secure"]
    reply = analyst.post_form("/admin/login/?next=/admin/", {"username": ADMIN_USER, "password": ADMIN_PASSWORD,
                                                             "next": "/admin/"})
    assert reply.status == 302 and reply.headers["Location"] == "/admin/"
    session = reply.cookies()["sessionid"]
    assert session["secure"] and session["httponly"]
    assert analyst.get("/admin/").status == 200


def test_admin_login_is_throttled_per_account_and_client_address(production):
    attacker = visitor(production, "127.0.0.5")
    statuses = [attacker.post_form("/admin/login/", {"username": ADMIN_USER, "password": f"faux-{i}"}).status
                for i in range(30)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}, statuses
    locked = attacker.post_form("/admin/login/", {"username": ADMIN_USER, "password": ADMIN_PASSWORD})
    assert locked.status == 429 and locked.headers["Retry-After"] == "900"
    assert "Trop de tentatives de connexion" in locked.text and "15\u00a0minutes" in locked.text
    assert "sessionid" not in locked.cookies()
    # A forged X-Forwarded-For does not help: the proxy appends the real address, waitress takes it.
    forged = attacker.post_form("/admin/login/", {"username": ADMIN_USER, "password": ADMIN_PASSWORD},
                                headers={"X-Forwarded-For": "127.0.0.6"})
    assert forged.status == 429
    # The account's owner, from another address, logs in.
    owner = visitor(production, "127.0.0.6")
    reply = owner.post_form("/admin/login/", {"username": ADMIN_USER, "password": ADMIN_PASSWORD, "next": "/admin/"})
    assert reply.status == 302 and "sessionid" in reply.cookies()


def test_rate_limits_key_on_the_forwarded_client(production):
    # The questionnaire login allows 10 attempts per address and 10 minutes.
    noisy = visitor(production, "127.0.0.7")
    statuses = [noisy.post_form("/questionnaire/connexion/", {"email": f"x{i}@example.org", "password": "x"}).status
                for i in range(11)]
    assert statuses == [200] * 10 + [429]
    forged = noisy.post_form("/questionnaire/connexion/", {"email": "y@example.org", "password": "x"},
                             headers={"X-Forwarded-For": "127.0.0.8"})
    assert forged.status == 429
    # Everybody comes through the proxy (127.0.0.1), yet another visitor is not limited.
    other = visitor(production, "127.0.0.8")
    assert other.post_form("/questionnaire/connexion/", {"email": "z@example.org", "password": "x"}).status == 200


def test_every_page_has_a_content_security_policy(production):
    reader = visitor(production, "127.0.0.11")
    for path in [*PAGES, "/api/campaigns", "/api/openapi.json"]:
        reply = reader.get(path)
        assert reply.status == 200, path
        policy = reply.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy, path
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy, path
        if path.startswith("/api/"):
            continue
        # Nothing the policy would block: no inline script, no style attribute or element.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", reply.text), path
        assert not re.search(r"<style\b|\sstyle=", reply.text), path


def _cache_entries(production) -> int:
    cache_dir = production.data_dir / "cache"
    return len(list(cache_dir.iterdir())) if cache_dir.exists() else 0


def test_page_cache_ignores_parameters_the_page_does_not_read(production):
    reader = visitor(production, "127.0.0.12")
    plain = reader.get("/")
    before = _cache_entries(production)
    for _ in range(20):
        reply = reader.get(f"/?utm_source={uuid.uuid4().hex}&fbclid=x")
        assert reply.status == 200 and reply.text == plain.text
    assert _cache_entries(production) == before
    # A unique query string never reaches a link of the (shared) cached page.
    assert "utm_source" not in reader.get("/?utm_source=piege&tri=sdi").text
    # The parameters a page reads still make their own entries, in any order.
    assert reader.get("/?indicateur=sdi&classement=1").text != plain.text
    assert reader.get("/?classement=1&indicateur=sdi").text == reader.get("/?indicateur=sdi&classement=1").text
    assert reader.get("/api/campaigns?x=1").text == reader.get("/api/campaigns").text


@pytest.mark.browser
def test_pages_render_in_chromium_without_csp_violations(production):
    """Every page type, and the admin once logged in, through the proxy over TLS."""
    from playwright.sync_api import sync_playwright

    from tests.publish.test_browser import ARGS

    base = f"https://127.0.0.1:{production.proxy}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        context = browser.new_context(ignore_https_errors=True)
        context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                                " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        page = context.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        problems = {}
        for path in PAGES:
            page.goto(base + path)
            found = page.evaluate("window.__csp") + console
            if found:
                problems[path] = found
            console.clear()
            if not path.startswith("/admin/"):  # DSFR's script ran (it marks the document)
                assert page.evaluate("document.documentElement.hasAttribute('data-fr-js')"), path
        page.goto(base + "/")
        # Colours and widths moved out of style attributes still apply.
        heat = page.locator("td.bm-level-4").first
        if heat.count():
            assert heat.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 0, 145)"
        bars = page.evaluate("[...document.querySelectorAll('rect.bm-bars__bar')].map(r => [+r.getAttribute('width'),"
                             " r.getBoundingClientRect().width, r.parentNode.getBoundingClientRect().width])")
        assert bars and max(drawn for _, drawn, _ in bars) > 0
        for share, drawn, track in bars:
            assert abs(drawn - share / 100 * track) < 1, bars
        page.screenshot(path="/tmp/barometre-production-national.png", full_page=True)
        page.goto(base + "/admin/login/")
        page.fill("#id_username", ADMIN_USER)
        page.fill("#id_password", ADMIN_PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**/admin/")
        for path in ("/admin/", "/admin/publish/contest/", "/admin/crawl/campaign/", "/admin/auth/user/1/change/"):
            page.goto(base + path)
            found = page.evaluate("window.__csp") + console
            if found:
                problems[path] = found
            console.clear()
        browser.close()
    assert problems == {}
