"""Pages computed at request time: the endless agenda and the combinatorial faceted search."""

from __future__ import annotations

import re
import zlib
from html import escape
from urllib.parse import parse_qs

THEMES = ["solidarites", "routes", "colleges", "sport", "culture", "emploi", "territoires"]
PUBLICS = ["seniors", "familles", "jeunes", "associations", "communes"]
EVENTS = ["Atelier numérique", "Permanence France Services", "Visite guidée des archives",
          "Conférence santé", "Randonnée découverte", "Forum des associations"]


def render_dynamic(rule: dict, key: str, template: bytes) -> dict | None:
    """An index-like entry with the body inline, or None (→ 404) for a malformed query."""
    query = key.partition("?")[2]
    params = {k: v[0] for k, v in parse_qs(query, keep_blank_values=True).items()}
    base = rule["prefix"].split("?")[0]
    content = (_agenda if rule["kind"] == "agenda" else _search)(rule, base, params)
    if content is None:
        return None
    charset = rule.get("charset", "utf-8")
    body = template.replace(b"<!--CONTENT-->", content.encode(charset, "xmlcharrefreplace"))
    return {"s": 200, "t": f"text/html; charset={charset}", "body": body}


def _agenda(rule: dict, base: str, params: dict) -> str | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})", params.get("mois", ""))
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    year, month = int(match[1]), int(match[2])
    prev = f"{year - (month == 1)}-{12 if month == 1 else month - 1:02d}"
    nxt = f"{year + (month == 12)}-{1 if month == 12 else month + 1:02d}"
    seed = zlib.crc32(f"{year}-{month}".encode())
    items = "".join(f"<li>{(seed >> i) % 27 + 1:02d}/{month:02d}/{year} — "
                    f"{escape(EVENTS[(seed + i) % len(EVENTS)])}</li>" for i in range(3))
    return (f"<h2>Agenda {month:02d}/{year}</h2><ul>{items}</ul>"
            f'<p><a href="{base}?mois={prev}">Mois précédent</a> · '
            f'<a href="{base}?mois={nxt}">Mois suivant</a></p>')


def _search(rule: dict, base: str, params: dict) -> str | None:
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        return None
    theme, public = params.get("theme", ""), params.get("public", "")
    results = rule.get("results", [])
    start = (page - 1) * 5 % max(len(results), 1)
    hits = "".join(f'<li><a href="{escape(u)}">{escape(t)}</a></li>'
                   for t, u in results[start:start + 5])
    facets = "".join(f'<li><a href="{base}?theme={t}&amp;public={p}&amp;page=1">{t} / {p}</a></li>'
                     for t in THEMES for p in PUBLICS)
    return (f"<p>Résultats pour {escape(theme)} / {escape(public)}, page {page}</p><ul>{hits}</ul>"
            f'<p><a href="{base}?theme={escape(theme)}&amp;public={escape(public)}&amp;page='
            f'{page + 1}">Page suivante</a></p><h2>Affiner</h2><ul>{facets}</ul>')
