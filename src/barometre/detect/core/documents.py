"""Downloadable documents (forms) linked from a service page."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from barometre.detect.core.features import Link

DOCUMENT_KINDS = {".pdf": "pdf", ".doc": "doc", ".docx": "docx", ".odt": "odt", ".rtf": "rtf"}


@dataclass(frozen=True, slots=True)
class Document:
    """A linked document; ``fillable`` is None until the file itself has been inspected."""

    url: str
    kind: str
    fillable: bool | None = None
    text: str = ""  # link text, helps tell a form from a leaflet


def document_kind(url: str) -> str | None:
    path = unquote(urlsplit(url).path).lower()
    for suffix, kind in DOCUMENT_KINDS.items():
        if path.endswith(suffix):
            return kind
    return None


def documents_from_links(links: Iterable[Link]) -> list[Document]:
    """Documents among a page's links, recognised by their file extension."""
    out = []
    for link in links:
        kind = document_kind(link.url)
        if kind:
            out.append(Document(link.url, kind, None, link.text))
    return out


def inspect_pdf(url: str, data: bytes, text: str = "") -> Document:
    """A PDF document, fillable when it has AcroForm fields (pypdf; unreadable -> None)."""
    from pypdf import PdfReader  # imported lazily: only needed when PDFs are inspected

    try:
        fields = PdfReader(io.BytesIO(data)).get_fields()
    except Exception:  # a broken PDF is still a downloadable document
        return Document(url, "pdf", None, text)
    return Document(url, "pdf", bool(fields), text)
