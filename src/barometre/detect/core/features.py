"""Turn one fetched page into plain features (the only module that parses HTML)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from barometre.crawl.crawl_settings import MAX_NESTING
from barometre.crawl.extract import too_deep_at
from barometre.crawl.urls import absolute, host_of
from barometre.detect.core.text import normalise

_DROP = ("script", "style", "noscript", "template", "svg", "iframe")
_CHROME = "nav, header, footer, [role=navigation], [role=banner], [role=contentinfo]"
# Blocks inside the main content that are not the page's own content: sub-navigation, side
# columns, "see also" lists, cookie banners (structure only; the wording is in cues.yaml).
_SIDE = ("nav, aside, [role=navigation], [role=complementary], [role=search], footer, "
         "[aria-label*=cookie], [class*=cookie], [id*=cookie], [class*=related], [id*=related], "
         "[class*=voir-aussi], [class*=see-also], [class*=nav], [class*=menu], [id*=menu], "
         "[class*=sidebar], [id*=sidebar], [class*=associe], [class*=share], [class*=partage]")
_HEADINGS = "h2, h3, h4, h5, p, div, span, strong"
RELATED_BLOCK_MAX = 1500
MAX_PRUNED = 40
LINK_BLOCK_SHARE = 0.5  # a "see also" block is at least half link text
SIDE_MAX_SHARE = 0.6  # a side block is never most of the main content  # a "see also" block is a short list of links, not a section of content
_MAIN = "main, [role=main], article, #main, #content, .main-content"
_BREADCRUMB = ".fr-breadcrumb, .breadcrumb, .breadcrumbs, .ariane, .fil-ariane, #breadcrumb, nav[aria-label]"
_BREADCRUMB_WORDS = ("breadcrumb", "ariane", "vous etes ici", "vous êtes ici", "fil d")
_META = 'meta[name="generator"], meta[name="Generator"], meta[property="article:published_time"], time[datetime]'
_DATE = re.compile(r"\b(?:publie|mis a jour|mise a jour|modifie)\s+le\s+(\d{1,2}\s+\w+\s+\d{4}|\d{1,2}\s\d{1,2}\s\d{2,4})")
_SKIP_SCHEMES = ("javascript:", "#", "data:")
MAX_TEXT = 60_000


class Field(NamedTuple):
    """One input of a form (immutable; a NamedTuple because pages hold many)."""

    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Form:
    action: str
    method: str
    fields: tuple[Field, ...]
    has_file_input: bool
    has_password: bool


class Link(NamedTuple):
    """One hyperlink: absolute URL, visible text, lower-case host (immutable)."""

    url: str
    text: str
    host: str


@dataclass(frozen=True, slots=True)
class PageFeatures:
    """What the detectors need from a page; ``norm_text`` is the normalised main text."""

    url: str
    content_type: str = "text/html"
    title: str = ""
    h1: str = ""
    breadcrumb: tuple[str, ...] = ()
    text: str = ""
    norm_text: str = ""
    forms: tuple[Form, ...] = ()
    links: tuple[Link, ...] = ()
    generator: str = ""
    asset_paths: tuple[str, ...] = ()
    markers: frozenset[str] = field(default_factory=frozenset)
    lang: str = ""
    published_dates: tuple[str, ...] = ()
    canonical: str = ""  # <link rel=canonical>, absolute
    noindex: bool = False  # <meta name=robots content=noindex> (print copies)

    @property
    def host(self) -> str:
        return host_of(self.url)


def page_links(url: str, html: str) -> tuple[Link, ...]:
    """The page's links as the crawler sees them (one extractor: ``<base href>``, areas, frames,
    canonical URLs), for pages whose stored links are not at hand."""
    from barometre.crawl.extract import html_facts  # the crawler owns link extraction

    return tuple(Link(u, text, host_of(u)) for u, text, rel in html_facts(url, html).links
                 if not rel.startswith("form"))


def _forms(tree, url: str) -> tuple[Form, ...]:
    forms = []
    for node in tree.css("form"):
        fields = []
        for inp in node.css("input, select, textarea"):
            attrs = inp.attributes
            kind = (attrs.get("type") or inp.tag).lower() if inp.tag == "input" else inp.tag
            fields.append(Field(attrs.get("name") or attrs.get("id") or "", kind))
        action = (node.attributes.get("action") or "").strip()
        forms.append(Form(
            action=absolute(action, url) if action else url,
            method=(node.attributes.get("method") or "get").lower(),
            fields=tuple(fields),
            has_file_input=any(f.type == "file" for f in fields),
            has_password=any(f.type == "password" for f in fields),
        ))
    return tuple(forms)


def _assets(tree) -> tuple[str, ...]:
    paths = []
    for node in tree.css("script[src], link[href], img[src]"):
        attrs = node.attributes
        value = attrs.get("src") or attrs.get("href") or ""
        if node.tag == "link" and "stylesheet" not in (attrs.get("rel") or "") and not value.endswith(".css"):
            continue
        paths.append(value)
    return tuple(paths)


def _markers(tree) -> frozenset[str]:
    tokens: set[str] = set()
    for node in tree.css("html, body, form, main"):
        attrs = node.attributes
        tokens.update((attrs.get("class") or "").lower().split())
        if attrs.get("id"):
            tokens.add(attrs["id"].lower())
    return frozenset(tokens)


def _text_of(node) -> str:
    # extract_page inserts a space before every closing tag, so the fast plain text()
    # (no Python-level separator handling) still keeps block texts apart
    return " ".join(node.text().split()) if node is not None else ""


def _breadcrumb(tree) -> tuple[str, ...]:
    for node in tree.css(_BREADCRUMB):
        if node.tag == "nav":
            label = (node.attributes.get("aria-label") or "").lower()
            if not any(word in label for word in _BREADCRUMB_WORDS):
                continue
        items = node.css("li") or node.css("a")
        return tuple(_text_of(n) for n in items)
    return ()


def extract_page(url: str, html: str | bytes, content_type: str = "text/html",
                 links: tuple[Link, ...] | None = None) -> PageFeatures:
    """Parse one page into :class:`PageFeatures`; non-HTML bodies give an almost empty record.

    ``links`` already known (e.g. the crawler's canonical links) are used as they are, which
    saves parsing every anchor again.
    """
    if "html" not in content_type.lower():
        return PageFeatures(url=url, content_type=content_type)
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if (cut := too_deep_at(html, MAX_NESTING)) is not None:
        html = html[:cut]  # a hostile nesting costs lexbor minutes: parse up to where it begins
    tree = LexborHTMLParser(html.replace("</", " </").replace("<br", " <br"))
    generator, published = "", []
    for node in tree.css(_META):
        attrs = node.attributes
        if node.tag == "time":
            published.append(attrs.get("datetime") or "")
        elif attrs.get("property"):
            published.append(attrs.get("content") or "")
        else:
            generator = generator or attrs.get("content") or ""
    html_node = tree.css_first("html")
    title_node = tree.css_first("title")
    h1 = _heading(tree)
    breadcrumb = _breadcrumb(tree)
    base_node = tree.css_first("base[href]")
    base = urljoin(url, (base_node.attributes.get("href") or "").strip()) if base_node is not None else url
    if links is None:
        links = page_links(url, html)
    forms = _forms(tree, base)
    canonical, noindex = _head_facts(tree, base)
    assets = _assets(tree)
    markers = _markers(tree)
    main = tree.css_first(_MAIN)
    if main is not None and (main_h1 := main.css_first("h1")) is not None:
        h1 = main_h1  # the page's own title, not a logo in an <h1> of the header
    if main is None:
        main = tree.body
        if main is not None:
            for node in main.css(_CHROME):
                node.decompose()
    if main is not None:
        main.strip_tags(list(_DROP))
    text = _text_of(main)[:MAX_TEXT]
    norm_text = normalise(text)
    if main is not None and _prune_side_blocks(main, norm_text):
        text = _text_of(main)[:MAX_TEXT]
        norm_text = normalise(text)
    head = norm_text[:4000]
    if " le " in head and ("publie" in head or "jour le" in head or "modifie" in head):
        published.extend(m.group(0) for m in _DATE.finditer(head))
    return PageFeatures(
        url=url,
        content_type=content_type,
        title=_text_of(title_node),
        h1=_text_of(h1),
        breadcrumb=breadcrumb,
        text=text,
        norm_text=norm_text,
        forms=forms,
        links=links,
        generator=generator,
        asset_paths=assets,
        markers=markers,
        lang=(html_node.attributes.get("lang") or "") if html_node is not None else "",
        published_dates=tuple(p for p in published if p),
        canonical=canonical,
        noindex=noindex,
    )


def _heading(tree):
    """The page's <h1>, skipping one that is the site's logo (in the header, or only a link)."""
    first = None
    for node in tree.css("h1"):
        first = first or node
        link = node.css_first("a")
        if link is not None and len(link.text(strip=True)) >= len(node.text(strip=True)):
            continue
        return node
    return first


def _head_facts(tree, base: str) -> tuple[str, bool]:
    canonical = ""
    for node in tree.css("link[rel][href]"):
        if "canonical" in (node.attributes.get("rel") or "").lower().split():
            canonical = urljoin(base, (node.attributes.get("href") or "").strip())
            break
    noindex = any("noindex" in (m.attributes.get("content") or "").lower()
                  for m in tree.css("meta[name]") if (m.attributes.get("name") or "").lower() == "robots")
    return canonical, noindex


def _prune_side_blocks(main, norm_text: str) -> bool:
    """Remove from the main content what is not the page's own content: sub-navigation, side
    columns, and short blocks introduced by a "see also" heading (cues.yaml ``related_block``).

    Nodes are looked up again after each removal: a removed block frees its descendants.
    Returns whether anything was removed."""
    from barometre.detect.core.cues import find_cues

    removed = False
    kept: set[int] = {main.mem_id}
    whole = len(norm_text)
    for _ in range(MAX_PRUNED):
        node = next((n for n in main.css(_SIDE) if n.mem_id not in kept), None)
        if node is None:
            break
        if node.css_first("h1") is not None or len(node.text()) > SIDE_MAX_SHARE * whole:
            kept.add(node.mem_id)  # a layout wrapper named "…sidebar…" that holds the content itself
            continue
        node.decompose()
        removed = True
    if not find_cues("related_block", norm_text):
        return removed  # the common case: no "see also" wording at all, nothing to look for
    for _ in range(MAX_PRUNED):
        heading = next((n for n in main.css(_HEADINGS) if _is_related_heading(n)), None)
        if heading is None:
            break
        removed = True
        block = heading.parent
        if block is not None and block.mem_id != main.mem_id and _is_link_block(block, heading):
            block.decompose()
            continue
        sibling = heading.next
        heading.decompose()
        while sibling is not None and sibling.tag not in ("h2", "h3"):
            following = sibling.next
            sibling.decompose()
            sibling = following
    return removed


def _is_link_block(block, heading) -> bool:
    """A block made for the "see also" list: short, and mostly the text of its links (not the
    cell or column that holds the whole page, which a legacy layout puts the heading in)."""
    first = next(iter(block.iter()), None)  # a dedicated block opens with its heading
    if first is None or first.mem_id != heading.mem_id:
        return False
    text = len(block.text()) - len(heading.text())
    if text <= 0 or len(block.text()) > RELATED_BLOCK_MAX:
        return text <= 0
    linked = sum(len(a.text()) for a in block.css("a"))
    return linked >= LINK_BLOCK_SHARE * text


def _is_related_heading(node) -> bool:
    from barometre.detect.core.cues import find_cues

    own = node.text(deep=True)
    if len(own) > 80 or node.css_first("a, li") is not None:
        return False
    words = normalise(own)
    return bool(words) and any(words == cue or (words.startswith(cue) and len(words) <= len(cue) + 12)
                               for cue in find_cues("related_block", words))
