"""Contact channels a portal offers, each with the pages that show it.

The State observatory of online procedures asks for at least two contact channels, one of them
reaching a human (knowledge/thresholds.yaml, `support`). Cues and known hosts are in cues.yaml.
"""

from __future__ import annotations

import re

from barometre import glossary
from barometre.crawl.urls import on_hosts

from .document import Document, fold
from .evidence import measure, not_measurable
from .inputs import Links

CHANNELS = glossary.CONTACT_CHANNELS
# Channels that count towards "≥ 2 channels" (phone_with_hours is a quality of phone).
COUNTED = ("phone", "email", "contact_form", "chat", "appointment", "counter", "france_services")
PHONE = re.compile(r"(?<![\d+])(?:\+33 ?(?:\(0\) ?)?|0033 ?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)")
SHORT_NUMBER = re.compile(
    r"\b(?:appelez|appeler|composez|numero|tel|telephone)\b\D{0,25}?\b(3\d ?\d{2}|1\d{2})\b")
HOURS = re.compile(
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi)\b[^.\n]{0,80}?\b\d{1,2} ?h ?(?:\d{2})? ?"
    r"(?:a|-|et) ?\d{1,2} ?h")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}\b")
ADDRESS = re.compile(
    r"\b\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|chemin|allee|quai|cours|"
    r"route|impasse|esplanade|square|rond-point)\b[^.;]{0,80}?\b\d{5}\b")
NEAR = 300
HOST_LISTS = ("chat_hosts", "appointment_hosts", "france_services_hosts")


def _first(cues: list[str], text: str) -> str | None:
    return next((c for c in cues if c in text), None)


def phones(text: str) -> list[tuple[int, str]]:
    """(position, number) of French phone numbers in a folded text, short numbers included."""
    found = [(m.start(), m.group(0)) for m in PHONE.finditer(text)]
    found += [(m.start(1), m.group(1)) for m in SHORT_NUMBER.finditer(text)]
    return sorted(found)


def phone_with_hours(text: str) -> str | None:
    """The opening hours written near a phone number, if any."""
    numbers = phones(text)
    for m in HOURS.finditer(text):
        if any(abs(pos - m.start()) <= NEAR for pos, _ in numbers):
            return m.group(0)
    return None


def has_message_form(doc: Document, fields: list[str]) -> bool:
    """A form with a free-text message field (textarea or a field named like "message")."""
    for form in doc.tree.css("form"):
        if (form.attributes.get("role") or "") == "search" or form.css_first("input[type=search]"):
            continue
        if form.css_first("textarea"):
            return True
        names = [fold(n.attributes.get("name") or "") for n in form.css("input, select")]
        if any(f in name for name in names for f in fields):
            return True
    return False


def _page_channels(doc: Document, cues: dict, hostsets: dict[str, frozenset[str]]) -> dict[str, str]:
    """The channels one page shows, with the cue that showed each."""
    text, found = doc.folded, {}
    hrefs = [(href, fold(label)) for href, label in doc.anchors]
    tel = next((h for h, _ in hrefs if h.lower().startswith("tel:")), None)
    numbers = phones(text)
    if tel or numbers:
        found["phone"] = tel or numbers[0][1]
    if found.get("phone") and (hours := phone_with_hours(text)):
        found["phone_with_hours"] = hours
    mailto = next((h for h, _ in hrefs if h.lower().startswith("mailto:")), None)
    if mailto or (m := EMAIL.search(text)):
        found["email"] = mailto or m.group(0)
    if has_message_form(doc, cues["form_message_fields"]):
        found["contact_form"] = "form with a message field"
    chat = next((u for _, u in doc.resources if on_hosts(u, hostsets["chat_hosts"])), None)
    if chat or (cue := _first(cues["chat_cues"], text)):
        found["chat"] = chat or cue
    rdv = next((h for h, _ in hrefs if on_hosts(h, hostsets["appointment_hosts"])), None)
    if rdv or (cue := _first(cues["appointment_cues"], text)):
        found["appointment"] = rdv or cue
    if (cue := _first(cues["counter_cues"], text)) or (m := ADDRESS.search(text)):
        found["counter"] = cue or m.group(0)
    fs = next((h for h, _ in hrefs if on_hosts(h, hostsets["france_services_hosts"])), None)
    if fs or (cue := _first(cues["france_services_cues"], text)):
        found["france_services"] = fs or cue
    return found


def _contact_links(docs: list[Document], links: Links, cues: dict) -> list[tuple[str, str]]:
    """(page, target) of links whose URL or anchor text says "contact"."""
    pairs = {(doc.url, href, label) for doc in docs for href, label in doc.anchors}
    pairs |= {(page, href, label) for page, page_links in links.items() for href, label in page_links}
    out = []
    for page, href, label in pairs:
        if href.lower().startswith(("mailto:", "tel:")):
            continue
        path = fold(href.split("://", 1)[-1].partition("/")[2])
        if any(c in path for c in cues["contact_form_url_cues"]) or \
                _first(cues["contact_form_anchor_cues"], fold(label)):
            out.append((page, href))
    return sorted(out)


def audit_support(docs: list[Document], links: Links, cues: dict, rules: dict) -> dict:
    """Support section: each channel with evidence, count, ≥ min channels and human help."""
    if not docs:
        return not_measurable("no HTML page fetched")
    evidence: dict[str, list[dict]] = {c: [] for c in CHANNELS}
    hostsets = {k: frozenset(cues[k]) for k in HOST_LISTS}
    for doc in docs:
        for channel, cue in _page_channels(doc, cues, hostsets).items():
            evidence[channel].append({"url": doc.url, "cue": cue})
    for page, target in _contact_links(docs, links, cues):
        evidence["contact_form"].append({"url": page, "cue": f"contact link {target}"})
    limit = rules["max_evidence"]
    channels = {c: measure(bool(items), [i["url"] for i in items[:limit]], cues=items[:limit],
                           pages=len({i["url"] for i in items}))
                for c, items in evidence.items()}
    present = [c for c in COUNTED if channels[c]["value"]]
    human = [c for c in rules["human_channels"] if channels.get(c, {}).get("value")]
    return {
        "channels": channels,
        "channels_present": present,
        "channel_count": len(present),
        "min_channels": measure(len(present) >= rules["min_channels"],
                                [channels[c]["evidence"][0] for c in present],
                                threshold=rules["min_channels"]),
        "human_help": measure(bool(human), [channels[c]["evidence"][0] for c in human], via=human),
        "source": rules["source"],
    }
