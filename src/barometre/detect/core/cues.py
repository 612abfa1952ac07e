"""Find the wording cues of cues.yaml in normalised text."""

from __future__ import annotations

from functools import lru_cache

from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.text import KeywordSet


@lru_cache(maxsize=64)
def _group(knowledge: Knowledge, group: str) -> KeywordSet:
    return KeywordSet(knowledge.cues[group])


def find_cues(group: str, norm_text: str, knowledge: Knowledge | None = None) -> list[str]:
    """Cues of one group ('level_2', 'offline_alternative', ...) present in normalised text."""
    return _group(knowledge or load_knowledge(), group).find(norm_text)


@lru_cache(maxsize=64)
def _union(knowledge: Knowledge, groups: tuple[str, ...]) -> KeywordSet:
    return KeywordSet(tuple(dict.fromkeys(c for g in groups for c in knowledge.cues[g])))


def find_any(groups: tuple[str, ...], norm_text: str, knowledge: Knowledge | None = None) -> list[str]:
    """Cues of any of several groups present in normalised text (one pass over the text)."""
    return _union(knowledge or load_knowledge(), groups).find(norm_text)
