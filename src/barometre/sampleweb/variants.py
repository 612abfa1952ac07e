"""Portal-wide markup twists that real CMSs have and a link extractor must honour.

- `base_href`: every page declares `<base href="http://www.<slug>.test/">` and writes its own
  links base-relative (`solidarites/apa`), so resolving them against the page URL gives 404s;
- `canonical`: every page carries `<link rel="canonical">`; service pages and news are also
  served under an alias (Drupal `/node/N`, WordPress `/?page_id=N`, an extra `rub=`/`catid=`
  parameter) with the same bytes, and as a print copy (`?print=1`, `noindex`);
- `one_script`: the portal is a Joomla-like CMS (cms.py), every article behind `index.php`.
"""

from __future__ import annotations

import re
from html import escape

from .model import Portal

# portal index % 10 -> variant: in the small web S05, S06 and S07; one portal in ten each at
# France scale.
VARIANTS = {4: "base_href", 5: "canonical", 6: "one_script"}


def variant_for(index: int) -> str | None:
    return VARIANTS.get(index % 10)


def finish(p: Portal, html: str, url: str | None) -> str:
    """The rendered page with the portal's twist applied."""
    if p.variant == "base_href":
        return _base_relative(p, html)
    if p.variant == "canonical" and url:
        return html.replace("</head>", f'<link rel="canonical" href="{escape(url)}"></head>', 1)
    return html


def _base_relative(p: Portal, html: str) -> str:
    own = re.compile(r'(\s(?:href|src|action)=)"(?:' + re.escape(p.base) + r')?/(?!/)([^"]*)"')
    html = own.sub(lambda m: f'{m.group(1)}"{m.group(2) or "./"}"', html)
    return html.replace("<head>", f'<head><base href="{p.base}/">', 1)


def alias_of(p: Portal, url: str) -> str | None:
    """A second URL the CMS serves the same page under, or None when it has none."""
    n = p.extra_id() - 40000
    if p.cms in ("modern", "drupal"):
        return p.url(f"/node/{n}")
    if p.cms == "wordpress":
        return p.url(f"/?page_id={n}")
    if "?" in url:
        return url + (f"&rub={n % 40}" if p.cms == "legacy" else f"&catid={n % 40}")
    return None


def print_url(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "print=1"


def print_copy(p: Portal, title: str, content: str, canonical: str) -> str:
    """The printable copy of a page: no chrome, `noindex`, canonical link to the page."""
    return (f'<!DOCTYPE html>\n<html lang="fr"><head><meta charset="{p.charset}">'
            '<meta name="robots" content="noindex, follow">'
            f'<link rel="canonical" href="{escape(canonical)}"><title>{escape(title)} (version '
            f'imprimable) - {escape(p.name)}</title><link rel="stylesheet" media="print" '
            f'href="/css/print.css"></head><body class="print"><p>{escape(p.name)}</p>'
            f"<h1>{escape(title)}</h1>{content}<p>Page imprimée depuis {escape(canonical)}</p>"
            "</body></html>\n")


def plan_aliases(p: Portal) -> None:
    """Service pages of a canonical portal get an alias and a print copy (in the truth)."""
    if p.variant != "canonical":
        return
    for s in p.services:
        alias = alias_of(p, s.page_url)
        s.aliases = [u for u in (alias, print_url(s.page_url)) if u]
        for u in s.aliases:
            p.url_variants[u] = s.page_url


def link_target(p: Portal, s) -> str:
    """Where a listing links a service: its alias on a canonical portal (so the crawler meets
    the duplicate), else its page."""
    if p.variant == "canonical" and s.aliases and not s.aliases[0].endswith("print=1"):
        return s.aliases[0]
    return s.page_url
