"""Which URLs a collectivité's crawl fetches, and under which canonical name (pure functions)."""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import yaml

from .urls import absolute, on_hosts, own_hosts, registrable_domain

KNOWLEDGE = Path(__file__).resolve().parent / "knowledge" / "scope.yaml"


@lru_cache(maxsize=1)
def rules() -> dict:
    data = yaml.safe_load(KNOWLEDGE.read_text(encoding="utf-8"))
    for key in ("tracking_parameters", "session_parameters", "calendar_parameters", "skip_extensions",
                "identifier_parameters"):
        data[key] = frozenset(x.lower() for x in data[key])
    data["calendar_path_patterns"] = [re.compile(p, re.I) for p in data["calendar_path_patterns"]]
    return data


_SESSION_PATH = re.compile(r";([a-z_]+)=[^/?#;]*", re.I)


_ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def canonicalize(url: str, base: str | None = None) -> str | None:
    """The canonical form of a URL, or None when it is not an http(s) URL worth keeping."""
    url = (url or "").strip()
    if base and not _ABSOLUTE.match(url):
        url = absolute(url, base)
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
    own: frozenset[str] = field(init=False)  # see urls.own_hosts
    budgets: Counter = field(default_factory=Counter)

    def __post_init__(self):
        self.own = own_hosts(self.portal_url, self.hosts)

    def owns(self, url: str) -> bool:
        return on_hosts(url, self.own)

    def follow_move(self, url: str) -> None:
        """The home page redirects off-site (a stale portal URL): the new domain is the portal's too."""
        self.own = self.own | {registrable_domain(urlsplit(url).hostname or "")}

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
