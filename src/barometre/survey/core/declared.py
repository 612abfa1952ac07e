"""Declared vs observed: what a collectivité says it has digitised, beside what the crawl found.

Inputs are plain data. `answers` maps a collectivité code to `{"answers": {...}, "consent": {...}}`
(the submitted answers of one questionnaire campaign); `observed` maps a code to
`{"themes_digitised": set[str], "end_to_end": int, ...}` (themes with a service at level ≥ 2,
and the number of level-4 services; see survey/observed.py).

A theme is *declared digitised* when the answer is "partial" or "end_to_end"; it is *observed
digitised* when the crawl found a service of that theme at level ≥ 2 (the indicators' definition of
a covered theme). Per-collectivité rows are public only for the answers whose publication the
collectivité consented to; national aggregates use every submitted answer but are withheld when fewer
than `min_group` collectivités contribute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

THEMES_QUESTION = "themes"
END_TO_END_QUESTION = "end_to_end_estimate"
DIGITISED = {"partial", "end_to_end"}
MIN_GROUP = 3


@dataclass
class CollectiviteComparison:
    code: str
    both: list[str]
    declared_only: list[str]
    observed_only: list[str]
    neither: list[str]
    declared_end_to_end: int | None
    observed_end_to_end: int | None
    themes_public: bool
    end_to_end_public: bool

    @property
    def end_to_end_gap(self) -> int | None:
        if self.declared_end_to_end is None or self.observed_end_to_end is None:
            return None
        return self.declared_end_to_end - self.observed_end_to_end

    def public(self) -> dict:
        """The row as published: consented parts only, the rest withheld (None)."""
        row: dict = {"code": self.code}
        for key in ("both", "declared_only", "observed_only", "neither"):
            row[key] = getattr(self, key) if self.themes_public else None
        row["declared_end_to_end"] = self.declared_end_to_end if self.end_to_end_public else None
        row["observed_end_to_end"] = self.observed_end_to_end
        row["end_to_end_gap"] = self.end_to_end_gap if self.end_to_end_public else None
        return row


@dataclass
class ThemeTally:
    theme: str
    both: int = 0
    declared_only: int = 0
    observed_only: int = 0
    neither: int = 0

    @property
    def declared(self) -> int:
        return self.both + self.declared_only

    @property
    def observed(self) -> int:
        return self.both + self.observed_only


@dataclass
class NationalComparison:
    compared: int
    themes: list[ThemeTally] | None
    declared_end_to_end_median: float | None
    observed_end_to_end_median: float | None
    declared_above_observed: int | None
    declared_below_observed: int | None
    rows: list[CollectiviteComparison] = field(default_factory=list)
    withheld: bool = False


def declared_themes(answers: dict) -> set[str] | None:
    levels = answers.get(THEMES_QUESTION)
    if not isinstance(levels, dict) or not levels:
        return None
    return {theme for theme, level in levels.items() if level in DIGITISED}


def compare_one(code: str, response: dict, observed: dict, themes: list[str]) -> CollectiviteComparison:
    answers, consent = response.get("answers") or {}, response.get("consent") or {}
    declared = declared_themes(answers) or set()
    seen = set(observed.get("themes_digitised") or ())
    estimate = answers.get(END_TO_END_QUESTION)
    return CollectiviteComparison(
        code=code,
        both=[t for t in themes if t in declared and t in seen],
        declared_only=[t for t in themes if t in declared and t not in seen],
        observed_only=[t for t in themes if t not in declared and t in seen],
        neither=[t for t in themes if t not in declared and t not in seen],
        declared_end_to_end=estimate if isinstance(estimate, int) else None,
        observed_end_to_end=observed.get("end_to_end"),
        themes_public=bool(consent.get(THEMES_QUESTION)),
        end_to_end_public=bool(consent.get(END_TO_END_QUESTION)),
    )


def compare(answers: dict[str, dict], observed: dict[str, dict], themes: list[str],
            min_group: int = MIN_GROUP) -> NationalComparison:
    """Every collectivité with both submitted answers and observed data, and the national tallies."""
    rows = [
        compare_one(code, answers[code], observed[code], themes)
        for code in sorted(answers) if code in observed and declared_themes(answers[code]["answers"]) is not None
    ]
    if len(rows) < min_group:
        return NationalComparison(len(rows), None, None, None, None, None, rows, withheld=True)
    tallies = []
    for theme in themes:
        tally = ThemeTally(theme)
        for row in rows:
            for key in ("both", "declared_only", "observed_only", "neither"):
                if theme in getattr(row, key):
                    setattr(tally, key, getattr(tally, key) + 1)
        tallies.append(tally)
    pairs = [(r.declared_end_to_end, r.observed_end_to_end) for r in rows
             if r.declared_end_to_end is not None and r.observed_end_to_end is not None]
    return NationalComparison(
        compared=len(rows),
        themes=tallies,
        declared_end_to_end_median=median(d for d, _ in pairs) if pairs else None,
        observed_end_to_end_median=median(o for _, o in pairs) if pairs else None,
        declared_above_observed=sum(1 for d, o in pairs if d > o),
        declared_below_observed=sum(1 for d, o in pairs if d < o),
        rows=rows,
    )
