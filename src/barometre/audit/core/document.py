"""Decode and parse a stored HTML page once, and fold text for cue matching."""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property, lru_cache

from selectolax.lexbor import LexborHTMLParser

from barometre.crawl.extract import body_text
from barometre.crawl.urls import absolute

from .inputs import FetchedPage

SPACES = re.compile(r"\s+")
SUBRESOURCES = (("script[src]", "src"), ("iframe[src]", "src"), ("img[src]", "src"),
                ("link[href]", "href"), ("source[src]", "src"), ("video[src]", "src"),
                ("audio[src]", "src"), ("embed[src]", "src"), ("object[data]", "data"))
LINK_RELS_LOADED = {"stylesheet", "icon", "preload", "modulepreload", "shortcut", "apple-touch-icon"}
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ",
                             "\u202f": " ", "\u2009": " ", "\u2013": "-", "\u2011": "-"})
# WHATWG: documents labelled latin-1 are decoded as windows-1252.

COMBINING = re.compile("[\u0300-\u036f]")


def fold(text: str) -> str:
    """Lower-case, strip accents, fold apostrophes and dashes, collapse spaces: the cue form."""
    return _fold_short(text) if len(text) < 120 else _fold(text)


def _fold(text: str) -> str:
    text = text.translate(APOSTROPHES).lower()
    if not text.isascii():
        text = COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return SPACES.sub(" ", text).strip()


# Anchor texts and labels repeat across the pages of a portal (menus, footers).
_fold_short = lru_cache(maxsize=65536)(_fold)


class Document:
    """A fetched HTML page with its parse tree and texts, computed lazily and once."""

    def __init__(self, page: FetchedPage):
        self.page = page
        self.url: str = page.final_url or page.url

    @cached_property
    def html(self) -> str:
        return body_text(self.page.body or b"", self.page.charset, self.page.content_type)

    @cached_property
    def tree(self) -> LexborHTMLParser:
        return LexborHTMLParser(self.html)

    @cached_property
    def text(self) -> str:
        """Visible text of the body (scripts and styles dropped), spaces collapsed."""
        clone = LexborHTMLParser(self.html)
        clone.strip_tags(["script", "style", "noscript", "template"])
        root = clone.body
        return SPACES.sub(" ", root.text(separator=" ") if root else "").strip()

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def title(self) -> str:
        node = self.tree.css_first("title")
        return SPACES.sub(" ", node.text()).strip() if node else ""

    @cached_property
    def anchors(self) -> list[tuple[str, str]]:
        """(absolute href, visible text) of every <a href> of the page."""
        out = []
        for node in self.tree.css("a[href]"):
            href = (node.attributes.get("href") or "").strip()
            if href:
                out.append((absolute(href, self.url), SPACES.sub(" ", node.text()).strip()))
        return out

    @cached_property
    def resources(self) -> list[tuple[str, str]]:
        return subresources(self)


def documents(pages: list[FetchedPage]) -> list[Document]:
    """The HTML pages of a crawl that came back with a body, as Documents."""
    return [Document(p) for p in pages if p.is_html and p.body and p.error_kind is None
            and p.status is not None and p.status < 400]


def subresources(doc: Document) -> list[tuple[str, str]]:
    """(tag, absolute URL) of the resources a page loads (scripts, frames, images, styles...)."""
    out = []
    for selector, attr in SUBRESOURCES:
        for node in doc.tree.css(selector):
            if node.tag == "link":
                rels = set((node.attributes.get("rel") or "").lower().split())
                if not rels & LINK_RELS_LOADED:
                    continue
            value = (node.attributes.get(attr) or "").strip()
            if value and not value.startswith(("data:", "javascript:", "about:", "blob:")):
                out.append((node.tag, absolute(value, doc.url)))
    return out
