"""TLS for the crawl: certificates verified, and what each https host presented kept for the audit.

Scrapy's own context factory does not verify certificates (it only logs a hostname mismatch), so
a portal with an expired certificate or an incomplete chain would look like any other. Here every
https connection is verified like a browser does: the chain against the system store (or the CA
bundle named by BAROMETRE_CA_BUNDLE, e.g. the sample web's test CA, which then is the only one
trusted), and the certificate against the host name. A certificate that does not verify fails the
request; the spider records it as error kind `tls`, with the reason. For every https host the
verdict and the certificate's notAfter are kept (`TLSLog`), and the spider writes them as
`tls:*` anomalies on the first page of that host.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import UTC, datetime

from OpenSSL import SSL
from scrapy.core.downloader.contextfactory import _ScrapyClientContextFactory
from service_identity import VerificationError
from service_identity.hazmat import DNS_ID, verify_service_identity
from service_identity.pyopenssl import extract_patterns
from twisted.internet._sslverify import ClientTLSOptions

# OpenSSL X509_V_ERR_* codes, named as the audit reports them.
VERIFY_ERRORS = {
    9: "not_yet_valid", 10: "expired",
    2: "incomplete_chain", 20: "incomplete_chain", 21: "incomplete_chain",
    18: "self_signed", 19: "untrusted_root", 62: "hostname_mismatch",
}


@dataclass
class TLSVerdict:
    """What one https host presented: whether it verified, why not, and until when it is valid."""

    verified: bool = True
    problem: str | None = None       # expired, incomplete_chain, self_signed, hostname_mismatch…
    reason: str = ""                 # OpenSSL's words, for the error message
    not_after: str | None = None     # ISO 8601, UTC
    issuer: str = ""

    def anomalies(self) -> list[str]:
        out = ["tls:verified" if self.verified else f"tls:{self.problem or 'unverified'}"]
        if self.not_after:
            out.append(f"tls:not_after={self.not_after}")
        if self.issuer:
            out.append(f"tls:issuer={self.issuer[:80]}")
        return out

    def message(self) -> str:
        until = f", notAfter {self.not_after}" if self.not_after else ""
        return f"certificate not trusted: {self.reason or self.problem}{until}"


class TLSLog:
    """The verdict of every https host met by one crawl, and which hosts were already reported."""

    def __init__(self):
        self.verdicts: dict[str, TLSVerdict] = {}
        self._reported: set[str] = set()

    def first_report(self, host: str) -> list[str]:
        """The host's tls:* anomalies the first time it is asked for, then nothing."""
        verdict = self.verdicts.get(host)
        if verdict is None or host in self._reported:
            return []
        self._reported.add(host)
        return verdict.anomalies()


_LOGS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def tls_log(crawler) -> TLSLog:
    """The TLSLog of a crawler (one per crawl, shared by the download handler and the spider)."""
    if crawler not in _LOGS:
        _LOGS[crawler] = TLSLog()
    return _LOGS[crawler]


def _not_after(cert) -> str | None:
    raw = cert.get_notAfter()
    if not raw:
        return None
    when = datetime.strptime(raw.decode("ascii"), "%Y%m%d%H%M%SZ").replace(tzinfo=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _verify_error(code: int) -> str:
    try:
        from OpenSSL._util import ffi, lib  # private binding: its absence only costs the wording

        return ffi.string(lib.X509_verify_cert_error_string(code)).decode()
    except Exception:
        return f"X509 error {code}"


class _VerifyingTLSOptions(ClientTLSOptions):
    """One connection's options: the chain and the host name verified, the verdict logged."""

    def __init__(self, create, hostname: str, log: TLSLog):
        super().__init__(create, hostname)
        self._log = log

    def clientConnectionForTLS(self, tlsProtocol):
        connection = self._createConnection(tlsProtocol)
        if self._sendServerName:
            connection.set_tlsext_host_name(self._hostnameBytes)
        connection.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, self._callback())
        return connection

    def _callback(self):
        """OpenSSL calls it for each certificate of the chain, the server's own (depth 0) last."""
        host, verdict = self._hostnameASCII, TLSVerdict()

        def verify(connection, cert, err: int, depth: int, ok: int) -> bool:
            if not ok and verdict.verified:
                verdict.verified, verdict.problem = False, VERIFY_ERRORS.get(err, "untrusted")
                verdict.reason = _verify_error(err)
            if depth != 0:
                return bool(ok)
            verdict.not_after = _not_after(cert)
            names = dict(cert.get_issuer().get_components())
            issuer = names.get(b"CN") or names.get(b"O") or b""
            verdict.issuer = issuer.decode("utf-8", "replace")
            if verdict.verified and self._hostnameIsDnsName:
                try:
                    verify_service_identity(extract_patterns(cert), [DNS_ID(host)], [])
                except VerificationError as exc:
                    verdict.verified, verdict.problem, verdict.reason = False, "hostname_mismatch", str(exc)
            self._log.verdicts[host] = verdict
            return verdict.verified

        return verify


class VerifyingContextFactory(_ScrapyClientContextFactory):
    """Scrapy's context factory (same TLS versions and ciphers), verifying every certificate."""

    def __init__(self, *args, ca_bundle: str | None = None, log: TLSLog | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.log = log or TLSLog()
        self._options = self._get_cert_options()
        context = self._options.getContext()
        if ca_bundle:
            context.load_verify_locations(ca_bundle)
        else:
            context.set_default_verify_paths()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        return super().from_crawler(crawler, *args, ca_bundle=crawler.settings.get("BAROMETRE_CA_BUNDLE"),
                                    log=tls_log(crawler), **kwargs)

    def creatorForNetloc(self, hostname: bytes, port: int):
        return _VerifyingTLSOptions(self._options._makeTLSConnection, hostname.decode("ascii"), self.log)


def is_tls_failure(exc: BaseException | None) -> bool:
    """Whether a failed download failed in the TLS handshake (Scrapy and Twisted wrap the
    OpenSSL error: in `reasons`, as the cause)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, SSL.Error):
            return True
        for reason in getattr(exc, "reasons", None) or ():
            if getattr(reason, "check", None) and reason.check(SSL.Error):
                return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
