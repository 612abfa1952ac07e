"""Obstacles and the digital divide: frequency and intensity of each obstacle, nationally and by
peer group, and the concern about the divide set beside observed fragility and offline alternatives.

`responses` is a list of `{"code", "population", "answers"}` (submitted answers only). Obstacle
intensities run 0 (not an obstacle) to 3 (major). An obstacle is *cited* when its intensity is ≥ 1;
its *frequency* is the share of respondents citing it, its *mean intensity* the mean over every
respondent who rated it. Groups with fewer than `min_group` respondents are withheld.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean

OBSTACLES_QUESTION = "obstacles"
CONCERN_QUESTION = "divide_concern"
MEASURES_QUESTION = "divide_measures"
MIN_GROUP = 3
NATIONAL = "national"
PEER_GROUPS = [
    ("lt_250k", "Moins de 250 000 habitants", 0, 250_000),
    ("250k_500k", "De 250 000 à 500 000 habitants", 250_000, 500_000),
    ("500k_1m", "De 500 000 à 1 000 000 d'habitants", 500_000, 1_000_000),
    ("gt_1m", "Plus de 1 000 000 d'habitants", 1_000_000, None),
]
GROUP_LABELS = {NATIONAL: "Ensemble", **{key: label for key, label, _, _ in PEER_GROUPS}}


def peer_group(population: int | None) -> str | None:
    """Population band; a band includes its lower bound (250 000 falls in 250 000–500 000)."""
    if population is None:
        return None
    for key, _, low, high in PEER_GROUPS:
        if population >= low and (high is None or population < high):
            return key
    return None


@dataclass(frozen=True)
class ObstacleStat:
    obstacle: str
    rated: int
    cited: int
    frequency: float | None
    mean_intensity: float | None


def obstacle_stats(responses: list[dict], obstacles: list[str],
                   min_group: int = MIN_GROUP) -> dict[str, dict | None]:
    """{group: {obstacle: ObstacleStat}} for the nation and each peer group (None when withheld)."""
    groups: dict[str, list[dict]] = {NATIONAL: list(responses)}
    for key, *_ in PEER_GROUPS:
        groups[key] = [r for r in responses if peer_group(r.get("population")) == key]
    result: dict[str, dict | None] = {}
    for group, members in groups.items():
        if len(members) < min_group:
            result[group] = None
            continue
        result[group] = {o: _stat(o, members) for o in obstacles}
    return result


def _stat(obstacle: str, members: list[dict]) -> ObstacleStat:
    ratings = [
        r["answers"][OBSTACLES_QUESTION][obstacle] for r in members
        if isinstance(r["answers"].get(OBSTACLES_QUESTION), dict)
        and isinstance(r["answers"][OBSTACLES_QUESTION].get(obstacle), int)
    ]
    cited = sum(1 for v in ratings if v >= 1)
    return ObstacleStat(obstacle, len(ratings), cited,
                        cited / len(ratings) if ratings else None,
                        mean(ratings) if ratings else None)


@dataclass(frozen=True)
class DivideRow:
    code: str
    concern: int
    measures: int
    fragility: float | None
    offline_alternative_share: float | None


@dataclass(frozen=True)
class DivideSummary:
    rows: list[DivideRow]
    by_concern: dict[int, dict]
    spearman_fragility: float | None
    spearman_offline: float | None


def divide_analysis(responses: list[dict], observed: dict[str, dict],
                    min_group: int = MIN_GROUP) -> DivideSummary:
    """Concern (0–3) beside the fragility index and the share of services showing an offline
    alternative; Spearman correlations over the collectivités where both are known."""
    rows = []
    for r in responses:
        concern = r["answers"].get(CONCERN_QUESTION)
        if not isinstance(concern, int):
            continue
        seen = observed.get(r["code"], {})
        rows.append(DivideRow(r["code"], concern, len(r["answers"].get(MEASURES_QUESTION) or []),
                              seen.get("fragility"), seen.get("offline_alternative_share")))
    by_concern = {}
    for level in sorted({row.concern for row in rows}):
        members = [row for row in rows if row.concern == level]
        if len(members) < min_group:
            by_concern[level] = {"n": len(members), "withheld": True}
            continue
        by_concern[level] = {
            "n": len(members),
            "withheld": False,
            "mean_fragility": _mean([m.fragility for m in members]),
            "mean_offline_share": _mean([m.offline_alternative_share for m in members]),
            "mean_measures": mean(m.measures for m in members),
        }
    return DivideSummary(
        rows, by_concern,
        spearman([(r.concern, r.fragility) for r in rows if r.fragility is not None], min_group),
        spearman([(r.concern, r.offline_alternative_share) for r in rows
                  if r.offline_alternative_share is not None], min_group),
    )


def _mean(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return mean(known) if known else None


def ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=values.__getitem__)
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(pairs: list[tuple[float, float]], min_n: int = MIN_GROUP) -> float | None:
    """Spearman's rho (Pearson on ranks); None below min_n pairs or when a side is constant."""
    if len(pairs) < max(min_n, 2):
        return None
    xs, ys = ranks([p[0] for p in pairs]), ranks([p[1] for p in pairs])
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if not sxx or not syy:
        return None
    return sxy / (sxx * syy) ** 0.5
