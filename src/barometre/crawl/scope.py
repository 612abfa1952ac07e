"""Which URLs a collectivité's crawl fetches, and under which canonical name (pure functions)."""

from __future__ import annotations

import ipaddress
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit, urlunsplit

import tldextract
import yaml

KNOWLEDGE = Path(__file__).resolve().parent / "knowledge" / "scope.yaml"
_extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=1)
def rules() -> dict:
    data = yaml.safe_load(KNOWLEDGE.read_text(encoding="utf-8"))
    for key in ("tracking_parameters", "session_parameters", "calendar_parameters", "skip_extensions",
                "identifier_parameters"):
        data[key] = frozenset(x.lower() for x in data[key])
    data["calendar_path_patterns"] = [re.compile(p, re.I) for p in data["calendar_path_patterns"]]
    return data


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """'demarches.valmont.test' → 'valmont.test'; unknown TLDs count as a public suffix."""
    host = host.lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    parts = _extract(host)
    if parts.suffix:
        return f"{parts.domain}.{parts.suffix}" if parts.domain else host
    labels = host.split(".")
    return ".".join(labels[-2:])


_SESSION_PATH = re.compile(r";([a-z_]+)=[^/?#;]*", re.I)


_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def canonicalize(url: str, base: str | None = None) -> str | None:
    """The canonical form of a URL, or None when it is not an http(s) URL worth keeping."""
    url = (url or "").strip()
    if base and not _ABSOLUTE.match(url):
        if url.startswith("/") and not url.startswith("//"):
            url = "/".join(base.split("/", 3)[:3]) + url  # root-relative: the base's origin
        else:
            url = urljoin(base, url)
    return _canonical(url)


@lru_cache(maxsize=262144)  # menus and footers repeat the same links on every page
def _canonical(url: str) -> str | None:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    r = rules()
    path = _SESSION_PATH.sub(lambda m: "" if m.group(1).lower() in r["session_parameters"] else m.group(0), parts.path)
    path = quote(unquote(path), safe="/%:@!$&'()*+,;=-._~") or "/"
    if "/." in path:
        path = posixpath.normpath(path) + ("/" if path.endswith("/") else "")
        path = "/" + path.lstrip("/")
    drop = r["tracking_parameters"] | r["session_parameters"]
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in drop]
    query.sort()
    return urlunsplit((scheme, netloc, path, urlencode(query, doseq=True), ""))


def extension(url: str) -> str:
    path = urlsplit(url).path
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


@dataclass
class Scope:
    """The hosts of one collectivité, and the trap budgets spent so far on its crawl."""

    portal_url: str
    hosts: tuple[str, ...] = ()
    domains: frozenset[str] = field(init=False)
    exact_hosts: frozenset[str] = field(init=False)
    budgets: Counter = field(default_factory=Counter)

    def __post_init__(self):
        portal_host = urlsplit(self.portal_url).hostname or ""
        self.domains = frozenset({registrable_domain(portal_host)} | {
            registrable_domain(h) for h in self.hosts if registrable_domain(h) == registrable_domain(portal_host)
        })
        self.exact_hosts = frozenset(h.lower() for h in (portal_host, *self.hosts))

    def owns(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return host in self.exact_hosts or registrable_domain(host) in self.domains

    def verdict(self, url: str) -> str:
        """'crawl', 'one_hop', 'external', 'skip_extension' or 'trap'."""
        if extension(url) in rules()["skip_extensions"]:
            return "skip_extension"
        if not self.owns(url):
            return "one_hop" if is_one_hop(url) else "external"
        return "trap" if self.is_trap(url) else "crawl"

    def is_trap(self, url: str) -> bool:
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        r = rules()
        if len(segments) > r["max_path_segments"] or _repeats(segments):
            return True
        names = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
        calendar = bool(set(names) & r["calendar_parameters"]) or any(
            p.search(parts.path) for p in r["calendar_path_patterns"])
        if not names and not calendar:
            return False
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        ids = tuple(sorted((k.lower(), v) for k, v in pairs
                           if k.lower() in r["identifier_parameters"] and v.isdigit()))
        pattern = (parts.hostname, re.sub(r"\d+", "#", parts.path) if calendar else parts.path, tuple(names), ids)
        budget = r["calendar_budget"] if calendar else r["query_pattern_budget"]
        self.budgets[pattern] += 1
        return self.budgets[pattern] > budget


def _repeats(segments: list[str]) -> bool:
    for size in (1, 2, 3):
        if len(segments) >= size * 3:
            tail = segments[-size * 3:]
            if tail[:size] == tail[size:2 * size] == tail[2 * size:]:
                return True
    return False


def is_one_hop(url: str) -> bool:
    parts = urlsplit(url)
    host = parts.hostname or ""
    for entry in rules()["one_hop"]:
        suffix = entry["host"]
        if host == suffix or host.endswith("." + suffix):
            paths = entry.get("paths")
            return not paths or any(parts.path.startswith(p) for p in paths)
    return False
