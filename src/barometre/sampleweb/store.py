"""On-disk layout of a generated web: bodies under hosts/<host>/, one index.json for replay.

index.json = {"version": 1, "hosts": {host: {"headers": [[k, v]...],
    "pages": {"/path?query": {"s": status, "f": body file, "t": content type,
                              "h": [[k, v]], "d": delay seconds, "l": location, "b": behaviour}},
    "dynamic": [{"prefix": "/agenda?mois=", "kind": "agenda", "tpl": file, "charset": ...}],
    "tls": "valid" | "expired" | "incomplete_chain" (absent: plain http only)}}}
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

INDEX = "index.json"
EXT = {"text/html": ".html", "application/pdf": ".pdf", "text/plain": ".txt",
       "application/xml": ".xml", "text/xml": ".xml", "text/css": ".css",
       "application/msword": ".doc", "image/svg+xml": ".svg", "text/csv": ".csv"}


def sorted_query(query: str) -> str:
    """Query parameters in sorted order, as crawlers canonicalise them (values left as written)."""
    return "&".join(sorted((part for part in query.split("&") if part),
                           key=lambda part: tuple(part.split("=", 1)) if "=" in part else (part, "")))


def split_url(url: str) -> tuple[str, str]:
    """'http://h/p?b=2&a=1' -> ('h', '/p?a=1&b=2'): the index key (query sorted)."""
    netloc, slash, rest = url[7:].partition("/")
    if url.startswith("http://") and "#" not in url and "?" not in netloc and "@" not in netloc:
        host, path, query = netloc.split(":", 1)[0].lower(), *(slash + rest).partition("?")[::2]
    else:  # the generator's own URLs never get here; anything else goes the long way
        parts = urlsplit(url)
        host, path, query = parts.hostname or "", parts.path, parts.query
    key = path or "/"
    if query:
        key += "?" + (sorted_query(query) if "&" in query else query)
    return host, key


def canonical_url(url: str) -> str:
    """The URL as the truth spells it: its query sorted, so that it matches a crawler's."""
    if "&" not in url:
        return url
    host, key = split_url(url)
    return f"{url.split(':', 1)[0]}://{host}{key}"


def resolve(hosts: dict, host: str, key: str) -> dict | None:
    """The stored entry of a key, through `alias` rules; None for unknown or computed pages."""
    site = hosts.get(host)
    if site is None:
        return None
    entry = site["pages"].get(key)
    if entry is not None:
        return entry
    for rule in site["dynamic"]:
        if rule["kind"] == "alias" and key.startswith(rule["prefix"]):
            return site["pages"].get(rule["target"])
    return None


class WebWriter:
    """Collects pages for many hosts and writes bodies as they come (memory stays flat)."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.hosts: dict[str, dict] = {}
        self._dirs: set[Path] = set()

    def _host(self, host: str) -> dict:
        return self.hosts.setdefault(host, {"headers": [], "pages": {}, "dynamic": []})

    def has(self, url: str) -> bool:
        host, key = split_url(url)
        return key in self._host(host)["pages"]

    def _body_file(self, host: str, key: str, ctype: str, body: bytes) -> str:
        digest = hashlib.sha1(key.encode()).hexdigest()[:20]
        ext = EXT.get(ctype.split(";")[0].strip(), ".bin")
        if "wordprocessingml" in ctype:
            ext = ".docx"
        rel = f"hosts/{host}/{digest}{ext}"
        path = self.out_dir / rel
        if path.parent not in self._dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent)
        path.write_bytes(body)
        return rel

    def _free(self, url: str) -> tuple[str, str]:
        host, key = split_url(url)
        if key in self._host(host)["pages"]:
            raise ValueError(f"generator bug: {url} written twice")
        return host, key

    def page(self, url: str, body: str | bytes, *, ctype: str = "text/html; charset=utf-8",
             charset: str = "utf-8", status: int = 200, headers: list | None = None,
             delay: float | None = None) -> None:
        host, key = self._free(url)
        if isinstance(body, str):
            body = body.encode(charset, errors="xmlcharrefreplace")
        entry: dict = {"s": status, "t": ctype, "f": self._body_file(host, key, ctype, body)}
        if headers:
            entry["h"] = headers
        if delay:
            entry["d"] = delay
        self._host(host)["pages"][key] = entry

    def redirect(self, url: str, location: str, status: int = 301) -> None:
        host, key = self._free(url)
        self._host(host)["pages"][key] = {"s": status, "l": location}

    def special(self, url: str, behaviour: str, **extra) -> None:
        host, key = self._free(url)
        self._host(host)["pages"][key] = {"s": 200, "b": behaviour, **extra}

    def dynamic(self, host: str, prefix: str, kind: str, template: bytes | None = None,
                **extra) -> None:
        rule = {"prefix": prefix, "kind": kind, **extra}
        if template is not None:
            rule["tpl"] = self._body_file(host, "tpl:" + prefix, "text/html", template)
        self._host(host)["dynamic"].append(rule)

    def host_headers(self, host: str, headers: list) -> None:
        self._host(host)["headers"] = headers

    def host_tls(self, host: str, certificate: str, https_only: bool = False) -> None:
        """Serve the host over https too (CONNECT), with a certificate that is valid, expired or
        sent without its intermediate (incomplete_chain); `https_only`: plain http answers 301
        to the same URL on https."""
        self._host(host)["tls"] = certificate
        if https_only:
            self._host(host)["https_only"] = True

    def page_count(self) -> int:
        return sum(len(h["pages"]) for h in self.hosts.values())

    def write_index(self) -> Path:
        path = self.out_dir / INDEX
        data = {"version": 1, "hosts": self.hosts}
        path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=0),
                        encoding="utf-8")
        return path
