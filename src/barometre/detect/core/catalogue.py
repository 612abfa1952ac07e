"""Match a service title (and optionally its page text) to the reference catalogue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from barometre.detect.core.knowledge import CatalogueEntry, Knowledge, load_knowledge
from barometre.detect.core.text import KeywordSet, normalise

TEXT_FACTOR = 0.25  # a synonym seen only in the body text is weak evidence
MIN_SCORE = 0.35


@dataclass(frozen=True, slots=True)
class Match:
    """The catalogue entry a service corresponds to, with the synonym that decided it."""

    id: str
    theme: str
    score: float
    synonym: str
    label: str


class _Index:
    def __init__(self, knowledge: Knowledge):
        self.entries: dict[str, CatalogueEntry] = {e.id: e for e in knowledge.catalogue}
        self.by_synonym: dict[str, list[str]] = defaultdict(list)
        for entry in knowledge.catalogue:
            for synonym in entry.synonyms:
                self.by_synonym[synonym].append(entry.id)
        self.keywords = KeywordSet(self.by_synonym)

    def scores(self, text: str) -> dict[str, tuple[float, str]]:
        """entry id -> (score, best synonym) for one normalised text."""
        out: dict[str, tuple[float, str]] = {}
        if not text:
            return out
        length = max(len(text), 1)
        for synonym in self.keywords.find(text):
            size = len(normalise(synonym.rstrip("*")))
            coverage = min(1.0, size / length)
            # longer, more specific synonyms win; a synonym covering the whole title is certain
            score = min(1.0, 0.3 + 0.02 * min(size, 20) + 0.5 * coverage)
            for entry_id in self.by_synonym[synonym]:
                previous = out.get(entry_id)
                if previous is None or score > previous[0]:
                    bonus = 0.0 if previous is None else 0.05
                    out[entry_id] = (min(1.0, score + bonus), synonym)
                elif previous is not None:
                    out[entry_id] = (min(1.0, previous[0] + 0.05), previous[1])
        return out


@lru_cache(maxsize=4)
def _index(knowledge: Knowledge) -> _Index:
    return _Index(knowledge)


def match_catalogue_all(title: str, text: str | None = None,
                        knowledge: Knowledge | None = None) -> list[Match]:
    """Every catalogue entry the title/text evokes, best first."""
    index = _index(knowledge or load_knowledge())
    combined: dict[str, tuple[float, str]] = dict(index.scores(normalise(title)))
    if text:
        for entry_id, (score, synonym) in index.scores(normalise(text)[:5000]).items():
            base = combined.get(entry_id)
            if base is None:
                combined[entry_id] = (score * TEXT_FACTOR, synonym)
            else:
                combined[entry_id] = (min(1.0, base[0] + score * TEXT_FACTOR / 2), base[1])
    matches = [
        Match(eid, index.entries[eid].theme, round(score, 3), synonym, index.entries[eid].label)
        for eid, (score, synonym) in combined.items()
    ]
    return sorted(matches, key=lambda m: (-m.score, m.id))


def match_catalogue(title: str, text: str | None = None,
                    knowledge: Knowledge | None = None) -> Match | None:
    """The best catalogue entry for a service, or None when nothing is specific enough."""
    matches = match_catalogue_all(title, text, knowledge)
    if not matches or matches[0].score < MIN_SCORE:
        return None
    return matches[0]
