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


@lru_cache(maxsize=8)  # the detectors look for several cue groups in the same text in a row
def _tokens(normalised_text: str) -> tuple[str, ...]:
    return tuple(normalised_text.split())


class KeywordSet:
    """A set of keywords found in normalised text, word by word.

    Matching walks the text's words once and looks each one up in dictionaries (exact first
    words, and single-word stems by length), which stays fast with hundreds of keywords where
    one big regex alternation backtracks at every position. At a given word the longest
    keyword wins and the scan resumes after it, as a longest-first alternation would.
    """

    __slots__ = ("keywords", "_first", "_stems")

    def __init__(self, keywords: Iterable[str]):
        self.keywords = tuple(dict.fromkeys(k for k in keywords if normalise(k.rstrip("*"))))
        ordered = sorted(self.keywords, key=lambda k: -len(k))
        first: dict[str, list[tuple]] = {}
        stems: dict[str, list[tuple]] = {}  # by their first 2 letters: one lookup per word
        for rank, keyword in enumerate(ordered):
            words = tuple(normalise(keyword.rstrip("*")).split())
            stem = keyword.endswith("*")
            entry = (rank, keyword, words, stem)
            if stem and len(words) == 1:
                stems.setdefault(words[0][:2], []).append(entry)
            else:
                first.setdefault(words[0], []).append(entry)
        self._first = first
        self._stems = stems

    def find(self, normalised_text: str) -> list[str]:
        """Keywords found in an already normalised text (each once, in order of appearance)."""
        if not normalised_text or not self.keywords:
            return []
        tokens = _tokens(normalised_text)
        first, stems = self._first, self._stems
        found: dict[str, None] = {}
        i, n = 0, len(tokens)
        while i < n:
            token = tokens[i]
            best = None
            for entry in first.get(token, ()):  # ranked: the first that matches is the longest
                if _match(tokens, i, entry[2], entry[3]):
                    best = entry
                    break
            for entry in stems.get(token[:2], ()):  # ranked too
                if best is not None and entry[0] > best[0]:
                    break
                if token.startswith(entry[2][0]):
                    best = entry
                    break
            if best is None:
                i += 1
            else:
                found[best[1]] = None
                i += len(best[2])
        return list(found)


def _match(tokens: list[str], i: int, words: tuple[str, ...], stem: bool) -> bool:
    end = i + len(words)
    if end > len(tokens):
        return False
    for j in range(1, len(words) - 1):
        if tokens[i + j] != words[j]:
            return False
    last = tokens[end - 1]
    return last == words[-1] or (stem and last.startswith(words[-1]))


@lru_cache(maxsize=256)
def keyword_set(keywords: tuple[str, ...]) -> KeywordSet:
    return KeywordSet(keywords)
