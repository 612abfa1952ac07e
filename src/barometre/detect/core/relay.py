"""Whether a service only relays the user to another operator's tool (CAF, PayFiP, MDPH...)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from barometre.crawl.urls import host_of, lookup_host, same_site
from barometre.detect.core.decision import Decision, Evidence, undecided
from barometre.detect.core.features import Link
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.text import keyword_set, normalise

LINK_SCORE = 1.0
TEXT_SCORE = 0.35


def as_links(links: Iterable[Any] | None) -> list[Link]:
    """Accept Link objects, plain URLs or {url, text} mappings."""
    out = []
    for item in links or ():
        if isinstance(item, Link):
            out.append(item)
        elif isinstance(item, str):
            out.append(Link(item, "", host_of(item)))
        elif isinstance(item, dict) and item.get("url"):
            out.append(Link(item["url"], item.get("text") or "", host_of(item["url"])))
    return out


def classify_relay(links: Iterable[Any] | None, text: str | None = None, page_url: str = "",
                   knowledge: Knowledge | None = None) -> Decision:
    """The operator a service page sends the user to, or a null decision."""
    knowledge = knowledge or load_knowledge()
    page_host = host_of(page_url)
    scores: dict[str, float] = defaultdict(float)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for link in as_links(links):
        relay = lookup_host(link.host, knowledge.relay_hosts)
        if relay is None or (page_host and same_site(link.host, page_host)):
            continue
        if scores[relay] < 3 * LINK_SCORE:
            scores[relay] += LINK_SCORE
        evidence[relay].append(Evidence(f"link to {link.host} ({link.text or 'no text'})", link.url))
    norm = normalise(text)[:20000] if text else ""
    for relay, cues in knowledge.relay_text_cues.items():
        found = keyword_set(cues).find(norm) if cues and norm else []
        if found:
            scores[relay] += TEXT_SCORE
            evidence[relay].append(Evidence(f"text '{found[0]}'", page_url))
    if not scores:
        return undecided("no link or wording pointing to another operator", page_url)
    relay, top = max(scores.items(), key=lambda kv: (kv[1], kv[0] != "other"))
    confidence = 0.45 if top < LINK_SCORE else min(0.95, 0.7 + 0.1 * top)
    return Decision(relay, round(confidence, 3), tuple(evidence[relay][:5]))
