"""Replay server: serves a generated web by Host header and as a forward proxy, https included.

https goes through CONNECT (as a browser or Scrapy does behind a proxy): the tunnel is answered
by the server itself, with a certificate for the host signed by a test CA made at start
(`TestAuthority`; its PEM file is `ca_bundle`). Only 127.0.0.1 ever listens.
"""

from __future__ import annotations

import json
import shutil
import socket
import socketserver
import ssl
import struct
import tempfile
import threading
import time
from datetime import UTC, datetime
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from .dynamic import render_dynamic
from .store import INDEX, resolve, sorted_query

TRACKING = ("utm_", "xtor", "fbclid", "gclid", "phpsessid", "jsessionid", "sid")
LOCAL = {"127.0.0.1", "localhost", ""}


def canonical_key(path: str, query: str) -> str:
    """Path and query as stored in the index: session ids and tracking parameters removed,
    parameters sorted (so `?b=2&a=1` and `?a=1&b=2` are the same page, as for a CMS)."""
    path = path.split(";", 1)[0] or "/"
    kept = [part for part in query.split("&")
            if part and not part.split("=", 1)[0].lower().startswith(TRACKING)]
    return path + ("?" + sorted_query("&".join(kept)) if kept else "")


class TestAuthority:
    """A root CA, an intermediate and, on demand, one certificate per host (trustme).

    valid: signed by the intermediate, served with it; expired: same chain, notAfter 2025-01-01;
    incomplete_chain: served without the intermediate, so a client cannot reach the root.
    """

    EXPIRED = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC))

    def __init__(self):
        import trustme

        self.dir = Path(tempfile.mkdtemp(prefix="sampleweb-tls-"))
        self.root = trustme.CA(organization_name="Baromètre sample web (test CA)")
        self.intermediate = self.root.create_child_ca()
        self.ca_bundle = self.dir / "ca.pem"
        self.root.cert_pem.write_to_path(str(self.ca_bundle))
        self.ca_chain = self.dir / "ca-chain.pem"  # root and intermediate: for the browser audit
        self.ca_chain.write_bytes(self.root.cert_pem.bytes() + self.intermediate.cert_pem.bytes())
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._lock = threading.Lock()

    def context(self, host: str, certificate: str) -> ssl.SSLContext:
        with self._lock:
            if host not in self._contexts:
                self._contexts[host] = self._make(host, certificate)
            return self._contexts[host]

    def _make(self, host: str, certificate: str) -> ssl.SSLContext:
        dates = dict(zip(("not_before", "not_after"), self.EXPIRED, strict=True)) if certificate == "expired" else {}
        leaf = self.intermediate.issue_cert(host, **dates)
        chain = leaf.cert_chain_pems[:1] if certificate == "incomplete_chain" else leaf.cert_chain_pems[:2]
        path = self.dir / f"{host}.pem"
        path.write_bytes(leaf.private_key_pem.bytes() + b"".join(blob.bytes() for blob in chain))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(path))
        return context

    def cleanup(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


class _Reset(Exception):
    """Raised after the socket was closed abruptly on purpose."""


class SampleWeb:
    """The index in memory, the bodies on disk (recently used ones cached)."""

    def origin(self, host: str) -> str:
        """scheme://host where the host's pages live (https for a host that redirects http there)."""
        return f"{'https' if self.hosts[host].get('https_only') else 'http'}://{host}"

    def __init__(self, web_dir: Path):
        self.dir = Path(web_dir)
        self.hosts = json.loads((self.dir / INDEX).read_text(encoding="utf-8"))["hosts"]
        self.body = lru_cache(maxsize=4096)(self._read)

    def _read(self, rel: str) -> bytes:
        return (self.dir / rel).read_bytes()

    def lookup(self, host: str, key: str) -> dict | None:
        entry = resolve(self.hosts, host, key)
        if entry is not None:
            return entry
        for rule in self.hosts[host]["dynamic"]:
            if rule["kind"] != "alias" and key.startswith(rule["prefix"]):
                return render_dynamic(rule, key, self.body(rule["tpl"]))
        return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SampleWeb/1"
    disable_nagle_algorithm = True
    timeout = 30
    server: _Server

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        pass

    def handle(self):
        try:
            super().handle()
        except (_Reset, ConnectionError, TimeoutError):
            self.close_connection = True

    def do_GET(self):
        self._serve(head=False)

    def do_HEAD(self):
        self._serve(head=True)

    tls_host: str | None = None  # inside a CONNECT tunnel: the host it was opened for

    def do_CONNECT(self):
        host, _, port = self.path.lower().rpartition(":")
        site = self.server.web.hosts.get(host)
        if self.tls_host or port != "443" or site is None or not site.get("tls"):
            self._log(self.path, "", "", 501)
            self._plain(501, f"no https for {self.path}: this host of the sample web serves only "
                             "plain http:// (https is on port 443 of the hosts that have it)\n")
            self.close_connection = True
            return
        self.send_response_only(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            tls = self.server.authority.context(host, site["tls"]).wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):  # the client refused the certificate: that is its right
            self.close_connection = True
            return
        self.connection, self.tls_host = tls, host
        self.rfile = tls.makefile("rb", self.rbufsize)
        self.wfile = socketserver._SocketWriter(tls)
        self.close_connection = False

    def finish(self):
        super().finish()
        if self.tls_host:
            self.connection.close()

    def _other(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        host, path, query = self._target()
        self._log(host, path, query, 405)
        self._plain(405, "Method not allowed: the sample web never accepts form submissions.\n",
                    [("Allow", "GET, HEAD")])

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _other

    def _target(self) -> tuple[str, str, str]:
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            host, path, query = parts.netloc, parts.path or "/", parts.query
        else:
            host = self.headers.get("Host", "")
            path, _, query = self.path.partition("?")
        host = host.lower()
        for default in (":80", ":443"):
            if host.endswith(default):
                host = host[: -len(default)]
        return host, path, query

    def _serve(self, head: bool) -> None:
        host, path, query = self._target()
        web: SampleWeb = self.server.web
        if host not in web.hosts:
            if host.split(":")[0] in LOCAL:
                self._log(host, path, query, 200)
                listing = "".join(f'<li><a href="http://{h}/">{h}</a></li>' for h in web.hosts)
                return self._send(200, [("Content-Type", "text/html; charset=utf-8")],
                                  f"<h1>Sample web</h1><ul>{listing}</ul>".encode(), head)
            self._log(host, path, query, 502)
            return self._plain(502, f"unknown host: {host} (not part of the sample web)\n", head=head)
        if self.tls_host and host != self.tls_host:
            self._log(host, path, query, 421)
            return self._plain(421, f"this tunnel is for {self.tls_host}, not {host}\n", head=head)
        # A forward proxy asked for an https:// URL (not CONNECT) fetches it over https.
        if not self.tls_host and not self.path.startswith("https://") and web.hosts[host].get("https_only"):
            self._log(host, path, query, 301)
            location = f"https://{host}{path}" + (f"?{query}" if query else "")
            return self._send(301, [("Location", location)], b"", head)
        entry = web.lookup(host, canonical_key(path, query))
        status = entry["s"] if entry else 404
        size = 0
        if entry and "f" in entry and "l" not in entry and not entry.get("b"):
            size = len(web.body(entry["f"]))
        self._log(host, path, query, status, size)
        headers = [tuple(h) for h in web.hosts[host]["headers"]]
        if entry is None:
            return self._send(404, [*headers, ("Content-Type", "text/html; charset=utf-8")],
                              b"<html><body><h1>Page introuvable</h1></body></html>", head)
        if entry.get("d"):
            time.sleep(entry["d"] * self.server.delay_scale)
        if "l" in entry:
            return self._send(status, [*headers, ("Location", entry["l"])], b"", head)
        if entry.get("b") == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            raise _Reset
        if entry.get("b") == "huge":
            return self._huge(entry["n"], headers, head)
        body = entry["body"] if "body" in entry else web.body(entry["f"])
        headers += [("Content-Type", entry["t"]), *(tuple(h) for h in entry.get("h", []))]
        self._send(status, headers, body, head)

    def _send(self, status: int, headers, body: bytes, head: bool = False) -> None:
        self.send_response_only(status)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def _plain(self, status: int, text: str, headers=(), head: bool = False) -> None:
        self._send(status, [("Content-Type", "text/plain; charset=utf-8"), *headers],
                   text.encode(), head)

    def _huge(self, size: int, headers, head: bool) -> None:
        self.send_response_only(200)
        for key, value in [*headers, ("Content-Type", "text/html; charset=utf-8")]:
            self.send_header(key, value)
        self.send_header("Content-Length", str(size))
        self.end_headers()
        if head:
            return
        chunk = (b"<p>Flux des actualit&eacute;s du D&eacute;partement.</p>\n" * 1200)[:65536]
        sent = 0
        while sent < size:
            part = chunk[: size - sent]
            self.wfile.write(part)
            sent += len(part)

    def _log(self, host: str, path: str, query: str, status: int, size: int = 0) -> None:
        record = {"method": self.command, "host": host, "path": path, "query": query,
                  "user_agent": self.headers.get("User-Agent", ""), "status": status, "bytes": size}
        if self.tls_host:
            record["scheme"] = "https"
        self.server.log(record)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(self, address, web: SampleWeb, delay_scale: float, log_path: Path | None):
        super().__init__(address, _Handler)
        self.web, self.delay_scale = web, delay_scale
        self.authority = TestAuthority()
        self._log_lock = threading.Lock()
        self._log_file = open(log_path, "a", encoding="utf-8") if log_path else None  # noqa: SIM115

    def log(self, record: dict) -> None:
        if self._log_file is None:
            return
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._log_lock:
            self._log_file.write(line)
            self._log_file.flush()

    def server_close(self) -> None:
        super().server_close()
        self.authority.cleanup()
        if self._log_file:
            self._log_file.close()


class SampleWebServer:
    """Serve a generated web on 127.0.0.1; use as a context manager or start()/stop()."""

    def __init__(self, web_dir: Path, host: str = "127.0.0.1", port: int = 0,
                 log_path: Path | None = None, delay_scale: float = 1.0):
        self._httpd = _Server((host, port), SampleWeb(Path(web_dir)), delay_scale, log_path)
        self.host = host
        self.port = self._httpd.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def proxy_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ca_bundle(self) -> Path:
        """The PEM file of the test CA that signs the https hosts (crawl --ca-bundle)."""
        return self._httpd.authority.ca_bundle

    @property
    def ca_chain(self) -> Path:
        """The test CA's root and intermediate (audit --ca-bundle): Chromium accepts a server
        whose chain, as sent, holds one of them, i.e. the valid and expired hosts, not the
        incomplete chain."""
        return self._httpd.authority.ca_chain

    def start(self) -> SampleWebServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sampleweb",
                                        daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        if self._thread:
            self._httpd.shutdown()
            self._thread.join()
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> SampleWebServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
