"""The accessibility statement (déclaration d'accessibilité, RGAA 4.1) and the home page mention.

Find the statement among the fetched pages, then read its legal status, global conformity rate,
date (expired after N years relative to the campaign date), contact means and recourse.
"""

from __future__ import annotations

import re
from datetime import date

from selectolax.lexbor import LexborHTMLParser

from barometre.crawl.urls import absolute

from .document import Document, fold
from .evidence import measure, not_measurable
from .inputs import Links, normalise_url

MONTHS = {"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
          "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12}
_MONTH = "|".join(MONTHS)
DATE_PATTERNS = (
    (re.compile(rf"\b(\d{{1,2}})(?:er)? ({_MONTH}) (\d{{4}})\b"), "dmy_text"),
    (re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"), "dmy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "ymd"),
    (re.compile(rf"\b({_MONTH}) (\d{{4}})\b"), "my_text"),
)
DATE_CUES = ("etablie le", "etablie", "mise a jour le", "mise a jour", "mis a jour", "actualisee",
             "revisee", "publiee le", "date de la declaration", "date de publication")
NUMBER = r"(\d{1,3}(?:[.,]\d{1,2})?) ?%"
RATE_PATTERNS = (
    re.compile(r"taux de conformite global[^%]{0,40}?" + NUMBER),
    re.compile(NUMBER + r" des criteres"),
    re.compile(r"respecte[^%]{0,20}?" + NUMBER),
    re.compile(r"taux (?:moyen )?de conformite[^%]{0,40}?" + NUMBER),
    re.compile(NUMBER + r" de conformite"),
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MENTION = re.compile(r"accessibilite ?: ?(totalement|partiellement|non)[ -]conforme")
STATUS_SECTION = "etat de conformite"
WINDOW = 700
CHROME = "header, footer, nav, [role=banner], [role=contentinfo], [role=navigation]"
MIN_SCORE = 5


def _status_regexes(phrases: dict[str, list[str]]) -> dict[str, re.Pattern]:
    return {status: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in cues) + r")\b")
            for status, cues in phrases.items()}


def parse_status(folded: str, phrases: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """(status, matched phrase): the earliest status phrase, looked for first in the
    "état de conformité" section, then in the whole text."""
    regexes = _status_regexes(phrases)
    start = folded.find(STATUS_SECTION)
    windows = ([folded[start:start + WINDOW]] if start >= 0 else []) + [folded]
    for text in windows:
        hits = [(m.start(), status, m.group(0)) for status, rx in regexes.items()
                if (m := rx.search(text))]
        if hits:
            _, status, phrase = min(hits)
            return status, phrase
    return None, None


def parse_rate(folded: str) -> tuple[float | None, str | None]:
    """(global conformity rate in %, the text it was read from)."""
    for rx in RATE_PATTERNS:
        for m in rx.finditer(folded):
            value = float(m.group(1).replace(",", "."))
            if 0 <= value <= 100:
                return value, m.group(0)
    return None, None


def _make_date(kind: str, groups: tuple[str, ...]) -> date | None:
    try:
        if kind == "dmy_text":
            return date(int(groups[2]), MONTHS[groups[1]], int(groups[0]))
        if kind == "dmy":
            return date(int(groups[2]), int(groups[1]), int(groups[0]))
        if kind == "ymd":
            return date(int(groups[0]), int(groups[1]), int(groups[2]))
        return date(int(groups[1]), MONTHS[groups[0]], 1)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, date, str]]:
    """Every plausible date of a folded text as (position, date, matched text)."""
    found: dict[int, tuple[int, date, str]] = {}
    for rx, kind in DATE_PATTERNS:
        for m in rx.finditer(text):
            d = _make_date(kind, m.groups())
            covered = any(p <= m.start() < p + len(s) for p, _, s in found.values())
            if d and 1990 <= d.year <= 2100 and not covered:
                found[m.start()] = (m.start(), d, m.group(0))
    return sorted(found.values())


def parse_date(folded: str) -> tuple[date | None, str | None]:
    """(date of the statement, the text it was read from): the most recent date following an
    "établie le" / "mise à jour le" cue, else the most recent date of the text."""
    cued = []
    for cue in DATE_CUES:
        for m in re.finditer(re.escape(cue), folded):
            dates = find_dates(folded[m.end():m.end() + 60])
            if dates:
                cued.append((dates[0][1], f"{cue} {dates[0][2]}"))
    if cued:
        return max(cued)
    dates = find_dates(folded)
    if dates:
        _, d, text = max(dates, key=lambda x: x[1])
        return d, text
    return None, None


def is_expired(established: date, reference: date, years: int) -> bool:
    """True when `reference` is more than `years` years after `established`."""
    try:
        limit = established.replace(year=established.year + years)
    except ValueError:  # 29 February
        limit = established.replace(year=established.year + years, day=28)
    return reference > limit


def _cue_weight(text: str, strong: list[str], weak: list[str], strong_weight: int) -> int:
    if any(c in text for c in strong):
        return strong_weight
    return int(any(c in text for c in weak))


def statement_score(doc: Document, anchor_texts: list[str], cues: dict) -> int:
    """How much a page looks like the accessibility statement (weights in cues.yaml)."""
    weak = cues["weak_cues"]
    score = _cue_weight(fold(doc.url), cues["url_cues"], weak, 3)
    score += _cue_weight(fold(doc.title), cues["title_cues"], weak, 3)
    score += max((_cue_weight(fold(a), cues["anchor_cues"], weak, 2) for a in anchor_texts), default=0)
    body = doc.folded
    return score + 2 * (STATUS_SECTION in body) + sum(c in body for c in cues["body_cues"])


def _anchors_by_target(docs: list[Document], links: Links) -> dict[str, list[str]]:
    by_target: dict[str, list[str]] = {}
    pairs = [pair for doc in docs for pair in doc.anchors]
    pairs += [pair for page_links in links.values() for pair in page_links]
    for href, text in pairs:
        by_target.setdefault(normalise_url(href), []).append(text)
    return by_target


def find_statement(docs: list[Document], links: Links, cues: dict) -> tuple[Document | None, str | None]:
    """(statement page, URL of a statement linked but not fetched)."""
    by_target = _anchors_by_target(docs, links)
    scored = []
    for doc in docs:
        anchors = by_target.get(normalise_url(doc.url), []) + by_target.get(normalise_url(doc.page.url), [])
        score = statement_score(doc, anchors, cues)
        if score >= MIN_SCORE:
            scored.append((score, -doc.page.depth, doc.url, doc))
    if scored:
        return max(scored, key=lambda s: s[:3])[3], None
    for target, texts in by_target.items():
        if any(c in fold(t) for t in texts for c in cues["anchor_cues"]) or \
                any(c in target for c in cues["url_cues"]):
            return None, target
    return None, None


def home_mention(home: Document | None) -> dict:
    """The mandatory "Accessibilité : partiellement conforme" mention on the home page."""
    if home is None:
        return not_measurable("home page not fetched", status=None)
    m = MENTION.search(home.folded)
    if not m:
        return measure(False, [home.url], status=None)
    return measure(True, [home.url], status=f"{m.group(1)}_conforme", cue=m.group(0))


def content_anchors(doc: Document) -> list[tuple[str, str]]:
    """The statement's own links: the site's header, footer and menus (a "Contact" link on every
    page) say nothing about the statement's feedback section."""
    clone = LexborHTMLParser(doc.html)
    for node in clone.css(CHROME):
        node.decompose()
    return [(absolute((a.attributes.get("href") or "").strip(), doc.url), a.text(strip=True))
            for a in clone.css("a[href]") if (a.attributes.get("href") or "").strip()]


def contact_means(doc: Document, cues: dict) -> dict:
    """E-mail address or form in the "Retour d'information et contact" section, or a mailto /
    contact link on the statement page."""
    text = doc.folded
    found = []
    for cue in cues["contact_section"]:
        start = text.find(cue)
        if start >= 0:
            window = text[start + len(cue):start + len(cue) + WINDOW]
            if m := EMAIL.search(window):
                found.append(("email", m.group(0)))
            if "formulaire" in window:
                found.append(("form", "formulaire"))
            break
    anchors = content_anchors(doc)
    hrefs = [href for href, _ in anchors if href.lower().startswith("mailto:")]
    hrefs += [href for href, txt in anchors
              if "contact" in href.lower() or "contact" in fold(txt) and not href.startswith("#")]
    found += [("link", h) for h in hrefs if normalise_url(h) != normalise_url(doc.url)]
    evidence = [doc.url] + [v for kind, v in found if kind == "link"]
    return measure(bool(found), evidence, means=[f"{k}:{v}" for k, v in found[:5]])


def audit_statement(home: Document | None, docs: list[Document], links: Links,
                    reference_date: date, cues: dict, validity_years: int) -> dict:
    """Statement section of a portal audit; `cues` is the `statement` part of cues.yaml."""
    mention = home_mention(home)
    doc, linked = find_statement(docs, links, cues)
    if doc is None:
        reason = (f"statement linked ({linked}) but not fetched by the crawl" if linked
                  else "no accessibility statement found among the fetched pages")
        missing = not_measurable(reason)
        return {"found": False, "url": linked, "reason": reason, "status": missing,
                "rate": missing, "date": missing, "expired": missing, "contact": missing,
                "recourse": missing, "home_mention": mention}
    text, url = doc.folded, doc.url
    status, phrase = parse_status(text, cues["status_phrases"])
    rate, rate_text = parse_rate(text)
    established, date_text = parse_date(text)
    if established is None:
        expired = not_measurable("statement has no readable date")
    else:
        expired = measure(is_expired(established, reference_date, validity_years), [url],
                          reference_date=reference_date.isoformat(), validity_years=validity_years)
    recourse = next((c for c in cues["recourse_cues"] if c in text), None)
    return {
        "found": True,
        "url": url,
        "reason": None,
        "status": measure(status, [url], cue=phrase) if status
        else not_measurable("no legal status phrase in the statement", evidence_url=url),
        "rate": measure(rate, [url], cue=rate_text) if rate is not None
        else not_measurable("no global conformity rate in the statement", evidence_url=url),
        "date": measure(established.isoformat(), [url], cue=date_text) if established
        else not_measurable("no date in the statement", evidence_url=url),
        "expired": expired,
        "contact": contact_means(doc, cues),
        "recourse": measure(recourse is not None, [url], cue=recourse),
        "home_mention": mention,
    }
