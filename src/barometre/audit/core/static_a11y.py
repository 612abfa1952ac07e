"""Fast static accessibility checks on stored HTML pages (no browser, no CSS, no script).

Each check touches one or more RGAA 4.1 criteria (knowledge/rgaa.yaml). A page "fails" a check
when the check finds at least one issue on it; the portal aggregate gives, per check, the share
of pages failing and their URLs.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from .document import Document, fold
from .evidence import not_measurable, share

CHECKS = ("html_lang", "page_title", "image_alt", "form_label", "heading_order", "link_empty",
          "link_generic", "button_empty")
LANG_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8})*$", re.I)
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
FIELDS = "input, select, textarea"
HEADINGS = "h1, h2, h3, h4, h5, h6"


def _attr(node, name: str) -> str:
    return (node.attributes.get(name) or "").strip()


def _accessible_text(node) -> str:
    """Approximate accessible name: aria-label, else text, else alt of images inside, else title."""
    name = _attr(node, "aria-label") or node.text(deep=True).strip()
    if name:
        return name
    alts = [_attr(n, "alt") or _attr(n, "aria-label")
            for n in node.css("img[alt], svg[aria-label], [role=img][aria-label]")]
    return " ".join(a for a in alts if a) or _attr(node, "title")


def check_lang(tree: LexborHTMLParser) -> int:
    html = tree.css_first("html")
    lang = (_attr(html, "lang") or _attr(html, "xml:lang")) if html else ""
    return 0 if lang and LANG_TAG.match(lang) else 1


def check_title(tree: LexborHTMLParser) -> int:
    node = tree.css_first("head title") or tree.css_first("title")
    return 0 if node and node.text().strip() else 1


def check_image_alt(tree: LexborHTMLParser) -> int:
    """Images with no alt attribute at all (alt="" is a valid decorative image)."""
    missing = 0
    for img in tree.css("img, input[type=image], area[href]"):
        attrs = img.attributes
        if "alt" in attrs or attrs.get("aria-label") or attrs.get("aria-labelledby"):
            continue
        if img.tag == "img" and (attrs.get("role") in ("presentation", "none")
                                 or attrs.get("aria-hidden") == "true"):
            continue
        missing += 1
    return missing


def _inside_label(node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "label":
            return True
        if parent.tag in ("form", "body"):
            return False
        parent = parent.parent
    return False


def check_form_labels(tree: LexborHTMLParser) -> int:
    """Form fields with neither label[for], wrapping label, aria-label(ledby) nor title."""
    labelled_ids = {_attr(label, "for") for label in tree.css("label[for]")}
    missing = 0
    for field in tree.css(FIELDS):
        attrs = field.attributes
        if field.tag == "input" and (attrs.get("type") or "text").lower() in UNLABELLED_INPUT_TYPES:
            continue
        if attrs.get("aria-hidden") == "true" or "hidden" in attrs:
            continue
        if (attrs.get("id") and attrs["id"] in labelled_ids) or _attr(field, "aria-label") \
                or _attr(field, "aria-labelledby") or _attr(field, "title") or _inside_label(field):
            continue
        missing += 1
    return missing


def check_headings(tree: LexborHTMLParser) -> dict:
    """No h1, and each jump of more than one level down (h2 then h4)."""
    levels = [int(h.tag[1]) for h in tree.css(HEADINGS)]
    skips = sum(1 for prev, cur in zip(levels, levels[1:], strict=False) if cur > prev + 1)
    return {"no_h1": 1 not in levels, "skipped_levels": skips}


def check_links(tree: LexborHTMLParser, generic: frozenset[str]) -> tuple[int, int]:
    """Counts of links with no accessible name and of links whose text is generic."""
    empty = vague = 0
    for link in tree.css("a[href]"):
        name = _accessible_text(link)
        if not name:
            empty += 1
        elif len(name) < 30 and fold(name).strip(" .:!»›…") in generic:
            title = _attr(link, "title")
            vague += not title or fold(title).strip(" .:!»›…") in generic
    return empty, vague


def check_buttons(tree: LexborHTMLParser) -> int:
    empty = 0
    for button in tree.css("button, [role=button]"):
        if not _accessible_text(button) and not _attr(button, "aria-labelledby") \
                and not _attr(button, "value"):
            empty += 1
    return empty


def check_page(tree: LexborHTMLParser, generic_link_texts: frozenset[str]) -> dict:
    """Issue counts of one page, per check (0 = passes)."""
    headings = check_headings(tree)
    link_empty, link_generic = check_links(tree, generic_link_texts)
    return {
        "html_lang": check_lang(tree),
        "page_title": check_title(tree),
        "image_alt": check_image_alt(tree),
        "form_label": check_form_labels(tree),
        "heading_order": int(headings["no_h1"]) + headings["skipped_levels"],
        "no_h1": headings["no_h1"],
        "skipped_heading_levels": headings["skipped_levels"],
        "link_empty": link_empty,
        "link_generic": link_generic,
        "button_empty": check_buttons(tree),
    }


def audit_static_a11y(docs: list[Document], generic_link_texts: list[str], rgaa_checks: dict,
                      max_urls: int = 50) -> dict:
    """Per-page counts and, per check, the share of pages failing with their URLs as evidence."""
    if not docs:
        return not_measurable("no HTML page was fetched", pages={}, checks={})
    generic = frozenset(generic_link_texts)
    per_page = {doc.url: check_page(doc.tree, generic) for doc in docs}
    checks = {}
    for check in CHECKS:
        failing = [url for url, counts in per_page.items() if counts[check]]
        checks[check] = {
            "value": share(len(failing), len(per_page)),
            "pages_failing": len(failing),
            "issues": sum(counts[check] for counts in per_page.values()),
            "evidence": failing[:max_urls],
            "rgaa": rgaa_checks.get(check, {}).get("criteria", []),
            "title": rgaa_checks.get(check, {}).get("title", check),
            "reason": None,
        }
    failing_any = [url for url, counts in per_page.items() if any(counts[c] for c in CHECKS)]
    return {
        "value": share(len(failing_any), len(per_page)),
        "evidence": failing_any[:max_urls],
        "reason": None,
        "pages_checked": len(per_page),
        "checks": checks,
        "pages": per_page,
    }
