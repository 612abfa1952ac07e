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


_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# WHATWG encoding labels: these mean windows-1252 in every browser.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "iso8859-1": "cp1252", "ascii": "cp1252"}


def body_text(body: bytes, charset: str = "", content_type: str = "") -> str:
    """The text of a stored body, for every stage that reads one (detect, audit).

    The charset the crawler decoded it with (`Page.charset`) when the body is valid in it; else
    the HTTP charset, then `<meta charset>`, then UTF-8, then windows-1252, which never fails (a
    page whose header says UTF-8 but whose bytes are Latin-1 reads as a browser shows it)."""
    candidates = [charset] if charset else []
    if m := _HEADER_CHARSET.search(content_type or ""):
        candidates.append(m.group(1))
    if m := _META_CHARSET.search(body[:4096]):
        candidates.append(m.group(1).decode("ascii", "ignore"))
    for name in candidates:
        try:
            return body.decode(_CHARSET_ALIASES.get(name.lower(), name))
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


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
    facts.title = " ".join(title.text().split()) if title is not None else ""  # bounded (and the cut recorded) by record.storable
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


def bounded_html_facts(url: str, text: str, max_nesting: int) -> HtmlFacts:
    """html_facts of the part of the page nested at most `max_nesting` elements deep.

    lexbor's cost grows with depth × tags (200,000 nested <div>: 153 s); a page nested deeper is
    cut where it first goes too deep, parsed up to there, and marked `too_deep`.
    """
    cut = too_deep_at(text, max_nesting)
    if cut is None:
        return html_facts(url, text)
    facts = html_facts(url, text[:cut])
    facts.anomalies.append("too_deep")
    return facts


_TAG = re.compile(r"<(?:!--|(/?)([a-zA-Z][^\s/<>]*)([^<>]*)>)")
_VOID = frozenset(["area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
                   "input", "keygen", "link", "meta", "param", "source", "track", "wbr"])
# Their end tag is optional and the parser closes them itself: counting them would only overestimate.
_IMPLIED_END = frozenset(["html", "head", "body", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
                          "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp"])
_CLOSES_OPEN_TWIN = frozenset(["a", "button", "form", "nobr"])  # a second one closes (or is ignored inside) the first
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_RAW_TEXT = frozenset(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"])
_RAW_END = {name: re.compile(rf"</{name}[\s/>]", re.I) for name in _RAW_TEXT}


def too_deep_at(text: str, limit: int) -> int | None:
    """Where the element nesting of `text` first exceeds `limit`, or None; a linear scan.

    An estimate from the tags alone: end tags close up to their open twin, stray ones are
    ignored, comments and raw text (scripts, styles) are skipped, elements whose end tag the
    parser implies are not counted, self-closing tags only close inside SVG and MathML.
    """
    if text.count("<") <= limit:
        return None  # every element needs a tag: it cannot be nested deeper than that
    stack: list[str] = []
    open_count: dict[str, int] = {}
    pos, search = 0, _TAG.search
    while (match := search(text, pos)) is not None:
        pos = match.end()
        name = match.group(2)
        if name is None:  # a comment
            end = text.find("-->", match.start() + 4)
            if end < 0:
                return None
            pos = end + 3
            continue
        name = name.lower()
        if match.group(1):
            if open_count.get(name):
                while (top := stack.pop()) != name:
                    open_count[top] -= 1
                open_count[name] -= 1
            continue
        if name in _VOID or name in _IMPLIED_END:
            continue
        if name in _RAW_TEXT:
            end = _RAW_END[name].search(text, pos)
            if end is None:
                return None
            pos = end.start()
            continue
        if name == "plaintext":
            return None
        if match.group(3).endswith("/") and (open_count.get("svg") or open_count.get("math")):
            continue
        if (name in _CLOSES_OPEN_TWIN and open_count.get(name)) or (name in _HEADINGS and stack and stack[-1] in _HEADINGS):
            twin = name if name in _CLOSES_OPEN_TWIN else stack[-1]
            while (top := stack.pop()) != twin:
                open_count[top] -= 1
            open_count[twin] -= 1
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > limit:
            return match.start()
    return None


def _add(facts: HtmlFacts, url: str | None, anchor: str, rel: str) -> None:
    if url:
        facts.links.append([url, (anchor or "")[:MAX_ANCHOR], rel])


def document_facts(content_type: str, url: str, body: bytes) -> dict:
    """For PDFs: pages, whether it is a fillable form (AcroForm fields), title, first words."""
    kind = document_kind(content_type, url, body)
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


def document_kind(content_type: str, url: str, body: bytes) -> str | None:
    ct = content_type.lower()
    path = url.lower().split("?", 1)[0]
    if "pdf" in ct or body.startswith(b"%PDF") or path.endswith(".pdf"):
        return "pdf"
    for ext, needle in (("docx", "wordprocessingml"), ("doc", "msword"), ("odt", "opendocument.text"),
                        ("xlsx", "spreadsheetml"), ("xls", "ms-excel"), ("rtf", "rtf"), ("ods", "opendocument.spreadsheet")):
        if needle in ct or path.endswith("." + ext):
            return ext
    return None
