"""On-disk layout of a generated web: bodies under hosts/<host>/, one index.json for replay.

index.json = {"version": 1, "hosts": {host: {"headers": [[k, v]...],
    "pages": {"/path?query": {"s": status, "f": body file, "t": content type,
                              "h": [[k, v]], "d": delay seconds, "l": location, "b": behaviour}},
    "dynamic": [{"prefix": "/agenda?mois=", "kind": "agenda", "tpl": file, "charset": ...}]}}}
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import urlsplit

INDEX = "index.json"
EXT = {"text/html": ".html", "application/pdf": ".pdf", "text/plain": ".txt",
       "application/xml": ".xml", "text/xml": ".xml", "text/css": ".css",
       "application/msword": ".doc", "image/svg+xml": ".svg"}


def split_url(url: str) -> tuple[str, str]:
    """'http://h/p?q' -> ('h', '/p?q')."""
    parts = urlsplit(url)
    key = parts.path or "/"
    if parts.query:
        key += "?" + parts.query
    return parts.hostname or "", key


class WebWriter:
    """Collects pages for many hosts and writes bodies as they come (memory stays flat)."""

    def __init__(self, out_dir: Path):
        self.out_dir = Path(out_dir)
        self.hosts: dict[str, dict] = {}

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
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        return rel

    def page(self, url: str, body: str | bytes, *, ctype: str = "text/html; charset=utf-8",
             charset: str = "utf-8", status: int = 200, headers: list | None = None,
             delay: float | None = None) -> None:
        host, key = split_url(url)
        if isinstance(body, str):
            body = body.encode(charset, errors="xmlcharrefreplace")
        entry: dict = {"s": status, "t": ctype, "f": self._body_file(host, key, ctype, body)}
        if headers:
            entry["h"] = headers
        if delay:
            entry["d"] = delay
        self._host(host)["pages"][key] = entry

    def redirect(self, url: str, location: str, status: int = 301) -> None:
        host, key = split_url(url)
        self._host(host)["pages"][key] = {"s": status, "l": location}

    def special(self, url: str, behaviour: str, **extra) -> None:
        host, key = split_url(url)
        self._host(host)["pages"][key] = {"s": 200, "b": behaviour, **extra}

    def dynamic(self, host: str, prefix: str, kind: str, template: bytes | None = None,
                **extra) -> None:
        rule = {"prefix": prefix, "kind": kind, **extra}
        if template is not None:
            rule["tpl"] = self._body_file(host, "tpl:" + prefix, "text/html", template)
        self._host(host)["dynamic"].append(rule)

    def host_headers(self, host: str, headers: list) -> None:
        self._host(host)["headers"] = headers

    def page_count(self) -> int:
        return sum(len(h["pages"]) for h in self.hosts.values())

    def write_index(self) -> Path:
        path = self.out_dir / INDEX
        data = {"version": 1, "hosts": self.hosts}
        path.write_text(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=0),
                        encoding="utf-8")
        return path
