"""What the crawler keeps from a body besides the body itself (pure functions)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from .scope import canonicalize

MAX_ANCHOR = 200
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\">]+)", re.I)
BINARY_MAGIC = (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0", b"\x1f\x8b")


@dataclass
class HtmlFacts:
    title: str = ""
    links: list[list[str]] = field(default_factory=list)  # [canonical url, anchor text, rel]
    robots_meta: str = ""
    anomalies: list[str] = field(default_factory=list)


def looks_binary(body: bytes) -> bool:
    head = body[:1024]
    return head.startswith(BINARY_MAGIC) or b"\x00" in head


def charset_anomalies(header_charset: str | None, body: bytes) -> list[str]:
    match = _META_CHARSET.search(body[:4096])
    meta = match.group(1).decode("ascii", "ignore").lower() if match else None
    header = (header_charset or "").lower() or None
    if not header and not meta:
        return ["charset_missing"]
    if header and meta and _norm(header) != _norm(meta):
        return [f"charset_mismatch:{header}/{meta}"]
    return []


def _norm(name: str) -> str:
    name = name.replace("_", "-")
    return {"latin-1": "iso-8859-1", "latin1": "iso-8859-1", "utf8": "utf-8"}.get(name, name)


def html_facts(url: str, text: str) -> HtmlFacts:
    """Title, outgoing links with anchor text, robots meta; tolerant of malformed HTML."""
    facts = HtmlFacts()
    tree = LexborHTMLParser(text)
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = canonicalize(base_node.attributes.get("href") or "", url) or url
    title = tree.css_first("title")
    facts.title = " ".join(title.text().split())[:500] if title is not None else ""
    for meta in tree.css("meta[name]"):
        name = (meta.attributes.get("name") or "").lower()
        if name in ("robots", "bot", "barometrebot"):
            content = (meta.attributes.get("content") or "").lower()
            facts.robots_meta = ",".join(sorted({w.strip() for w in content.split(",")} & {"noindex", "nofollow"}))
    for meta in tree.css("meta[http-equiv]"):
        if (meta.attributes.get("http-equiv") or "").lower() == "refresh":
            found = _REFRESH_URL.search(meta.attributes.get("content") or "")
            if found:
                _add(facts, canonicalize(found.group(1), base), "", "refresh")
    for node in tree.css("a[href], area[href]"):
        attrs = node.attributes
        anchor = " ".join(node.text(deep=True, separator=" ").split())
        if not anchor:
            img = node.css_first("img[alt]")
            anchor = (img.attributes.get("alt") if img is not None else "") or attrs.get("aria-label") or attrs.get("title") or ""
        _add(facts, canonicalize(attrs.get("href") or "", base), anchor, (attrs.get("rel") or "").lower())
    for node in tree.css("iframe[src], frame[src]"):
        _add(facts, canonicalize(node.attributes.get("src") or "", base), node.attributes.get("title") or "", "frame")
    for node in tree.css("form"):
        action = node.attributes.get("action")
        target = canonicalize(action, base) if action else canonicalize(url)
        method = (node.attributes.get("method") or "get").lower()
        _add(facts, target, "", f"form-{method}")
    return facts


def _add(facts: HtmlFacts, url: str | None, anchor: str, rel: str) -> None:
    if url:
        facts.links.append([url, (anchor or "")[:MAX_ANCHOR], rel])


def document_facts(content_type: str, url: str, body: bytes) -> dict:
    """For PDFs: pages, whether it is a fillable form (AcroForm fields), title, first words."""
    kind = _document_kind(content_type, url, body)
    if kind is None:
        return {}
    facts: dict = {"kind": kind}
    if kind != "pdf":
        return facts
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body), strict=False)
        fields = reader.get_fields() or {}
        facts.update(pages=len(reader.pages), fillable=bool(fields), fields=len(fields),
                     title=str((reader.metadata or {}).get("/Title") or "")[:300])
        first = reader.pages[0].extract_text() if reader.pages else ""
        facts["text"] = " ".join((first or "").split())[:600]
    except Exception as exc:  # a broken PDF is a finding, not a crash
        facts.update(error=f"{type(exc).__name__}: {str(exc)[:200]}")
    return facts


def _document_kind(content_type: str, url: str, body: bytes) -> str | None:
    ct = content_type.lower()
    path = url.lower().split("?", 1)[0]
    if "pdf" in ct or body.startswith(b"%PDF") or path.endswith(".pdf"):
        return "pdf"
    for ext, needle in (("docx", "wordprocessingml"), ("doc", "msword"), ("odt", "opendocument.text"),
                        ("xlsx", "spreadsheetml"), ("xls", "ms-excel"), ("rtf", "rtf"), ("ods", "opendocument.spreadsheet")):
        if needle in ct or path.endswith("." + ext):
            return ext
    return None
