"""Classify a service into one of the départemental themes."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from barometre.detect.core.catalogue import match_catalogue_all
from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.text import KeywordSet, normalise

DEFAULT_THEME = "autre"
# How much each source counts: the title names the service; the URL path and the body
# text are noisier (menus, related links).
TITLE_WEIGHT = 1.0
URL_WEIGHT = 0.4
TEXT_WEIGHT = 0.15
TEXT_CAP = 3.0
CATALOGUE_WEIGHT = 4.0


@lru_cache(maxsize=4)
def _keyword_sets(knowledge: Knowledge) -> dict[str, KeywordSet]:
    return {theme: KeywordSet(spec) for theme, spec in knowledge.theme_keywords.items()}


def _url_words(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    return normalise(unquote(parts.path).replace("-", " ").replace("_", " "))


def theme_scores(title: str, text: str | None = None, url: str | None = None,
                 knowledge: Knowledge | None = None) -> tuple[dict[str, float], list[Evidence]]:
    """Per-theme scores and the cues that produced them."""
    knowledge = knowledge or load_knowledge()
    scores: dict[str, float] = defaultdict(float)
    evidence: list[Evidence] = []
    sources = [(normalise(title), TITLE_WEIGHT, "title", None),
               (_url_words(url), URL_WEIGHT, "url", None),
               (normalise(text)[:20000] if text else "", TEXT_WEIGHT, "text", TEXT_CAP)]
    for theme, keywords in _keyword_sets(knowledge).items():
        weights = knowledge.theme_keywords[theme]
        for content, factor, where, cap in sources if theme != DEFAULT_THEME else sources[:1]:
            found = keywords.find(content)
            gained = sum(weights[k] for k in found) * factor
            if cap is not None:
                gained = min(gained, cap)
            if gained:
                scores[theme] += gained
                evidence.extend(Evidence(f"{where} keyword '{k}' -> {theme}", url or "") for k in found[:3])
    # "autre" is what the service itself is (its title), never what its page's footer or
    # contact box mentions ("Travailler au Département", "Données personnelles")
    matches = [m for m in match_catalogue_all(title, text, knowledge) if m.theme != DEFAULT_THEME]
    matches += [m for m in match_catalogue_all(title, None, knowledge) if m.theme == DEFAULT_THEME]
    matches.sort(key=lambda m: -m.score)
    best_per_theme: dict = {}
    for match in matches:  # best first: keep the strongest entry of each theme
        best_per_theme.setdefault(match.theme, match)
    for theme, match in best_per_theme.items():
        scores[theme] += CATALOGUE_WEIGHT * match.score
        evidence.insert(0, Evidence(f"catalogue '{match.id}' via '{match.synonym}' -> {theme}", url or ""))
    return dict(scores), evidence


def classify_theme(title: str, text: str | None = None, url: str | None = None,
                   knowledge: Knowledge | None = None) -> Decision:
    """Theme of a service from its title (plus page text and URL when known)."""
    scores, evidence = theme_scores(title, text, url, knowledge)
    if not scores:
        return Decision(DEFAULT_THEME, 0.3, (Evidence("no theme cue; default 'autre'", url or ""),))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    (theme, top), second = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
    margin = (top - second) / top
    confidence = round(min(0.95, (0.45 + 0.5 * margin) * min(1.0, 0.4 + top / 8)), 3)
    kept = tuple(e for e in evidence if e.cue.endswith(f"-> {theme}"))[:6]
    return Decision(theme, confidence, kept)
