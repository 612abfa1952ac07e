"""French text normalisation and keyword matching shared by the detectors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_BYTE_TABLE = bytes(
    c if (48 <= c <= 57 or 97 <= c <= 122) else c + 32 if 65 <= c <= 90 else 32 for c in range(256)
)


def normalise(text: str | None) -> str:
    """Lower-case, strip accents, turn every non-alphanumeric run into one space."""
    if not text:
        return ""
    if "œ" in text or "Œ" in text or "æ" in text:
        text = text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text.replace("’", " "))
    # Dropping what is not ASCII after NFKD removes the accents; a byte table lower-cases
    # and maps punctuation to spaces (all at C speed, no per-character Python loop).
    return " ".join(text.encode("ascii", "ignore").translate(_BYTE_TABLE).decode("ascii").split())


def keyword_pattern(keyword: str) -> str:
    """Regex for one knowledge keyword, matched on normalised text at word boundaries.

    A trailing ``*`` lets the last word continue (a stem: ``handicap*`` matches
    ``handicapees``); otherwise the phrase must end on a word boundary.
    """
    stem = keyword.endswith("*")
    body = normalise(keyword.rstrip("*"))
    body = re.escape(body).replace(r"\ ", " ")
    return body + (r"[a-z0-9]*" if stem else "") + r"(?![a-z0-9])"


class KeywordSet:
    """A compiled set of keywords mapping each match back to its keyword."""

    __slots__ = ("_regex", "_by_group", "keywords")

    def __init__(self, keywords: Iterable[str]):
        self.keywords = tuple(dict.fromkeys(k for k in keywords if normalise(k.rstrip("*"))))
        # longest first so that phrases win over their own prefixes
        ordered = sorted(self.keywords, key=lambda k: -len(k))
        self._by_group = {f"k{i}": k for i, k in enumerate(ordered)}
        parts = [f"(?P<k{i}>{keyword_pattern(k)})" for i, k in enumerate(ordered)]
        self._regex = re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + ")") if parts else None

    def find(self, normalised_text: str) -> list[str]:
        """Keywords found in an already normalised text (each once, in order of appearance)."""
        if self._regex is None or not normalised_text:
            return []
        found: dict[str, None] = {}
        for m in self._regex.finditer(normalised_text):
            found[self._by_group[m.lastgroup]] = None
        return list(found)


@lru_cache(maxsize=256)
def keyword_set(keywords: tuple[str, ...]) -> KeywordSet:
    return KeywordSet(keywords)
