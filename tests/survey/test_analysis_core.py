"""Declared vs observed, obstacles and the divide, on hand-built plain data (no database)."""

import pytest

from barometre.survey.core import declared, obstacles

THEMES = ["solidarites", "developpement_territorial", "education", "sport", "tourisme_culture",
          "emploi_insertion", "voirie_transport"]


def answer(themes, e2e, consent=(), concern=None, obst=None, measures=()):
    answers = {"themes": themes, "end_to_end_estimate": e2e}
    if concern is not None:
        answers["divide_concern"] = concern
        answers["divide_measures"] = list(measures)
    if obst is not None:
        answers["obstacles"] = obst
    return {"answers": answers, "consent": {q: True for q in consent}}


ANSWERS = {
    "01": answer({"solidarites": "end_to_end", "sport": "partial", "education": "none"}, 30,
                 consent=["themes", "end_to_end_estimate"]),
    "02": answer({"solidarites": "partial", "voirie_transport": "partial"}, 5),
    "03": answer({"solidarites": "none", "developpement_territorial": "end_to_end"}, 8, consent=["themes"]),
    "04": answer({"solidarites": "partial"}, 2),  # no observed data: not compared
}
OBSERVED = {
    "01": {"themes_digitised": {"solidarites", "education"}, "end_to_end": 12},
    "02": {"themes_digitised": {"solidarites"}, "end_to_end": 5},
    "03": {"themes_digitised": {"solidarites", "developpement_territorial"}, "end_to_end": 9},
}


def test_per_collectivite_sets():
    row = declared.compare_one("01", ANSWERS["01"], OBSERVED["01"], THEMES)
    assert row.both == ["solidarites"]
    assert row.declared_only == ["sport"]
    assert row.observed_only == ["education"]
    assert row.declared_end_to_end == 30 and row.observed_end_to_end == 12 and row.end_to_end_gap == 18


def test_national_tallies():
    result = declared.compare(ANSWERS, OBSERVED, THEMES)
    assert result.compared == 3 and not result.withheld
    by_theme = {t.theme: t for t in result.themes}
    assert (by_theme["solidarites"].both, by_theme["solidarites"].observed_only) == (2, 1)
    assert by_theme["sport"].declared_only == 1
    assert by_theme["voirie_transport"].declared_only == 1
    assert by_theme["developpement_territorial"].both == 1
    assert by_theme["emploi_insertion"].neither == 3
    assert result.declared_end_to_end_median == 8 and result.observed_end_to_end_median == 9
    assert (result.declared_above_observed, result.declared_below_observed) == (1, 1)


def test_consent_governs_the_published_row():
    rows = {r.code: r.public() for r in declared.compare(ANSWERS, OBSERVED, THEMES).rows}
    assert rows["01"]["declared_only"] == ["sport"] and rows["01"]["declared_end_to_end"] == 30
    assert rows["02"]["both"] is None and rows["02"]["declared_end_to_end"] is None
    assert rows["02"]["observed_end_to_end"] == 5  # observed data is public anyway
    assert rows["03"]["both"] == ["developpement_territorial"] and rows["03"]["observed_only"] == ["solidarites"]
    assert rows["03"]["declared_end_to_end"] is None and rows["03"]["end_to_end_gap"] is None


def test_small_groups_are_withheld():
    result = declared.compare({"01": ANSWERS["01"]}, OBSERVED, THEMES)
    assert result.withheld and result.themes is None and len(result.rows) == 1


@pytest.mark.parametrize("population, group", [
    (80_000, "lt_250k"), (249_999, "lt_250k"), (250_000, "250k_500k"), (500_000, "500k_1m"),
    (999_999, "500k_1m"), (1_000_000, "gt_1m"), (2_600_000, "gt_1m"), (None, None),
])
def test_peer_groups(population, group):
    assert obstacles.peer_group(population) == group


def test_obstacle_frequency_and_intensity_by_group():
    responses = [
        {"code": "a", "population": 100_000, "answers": {"obstacles": {"budget": 3, "skills": 0}}},
        {"code": "b", "population": 200_000, "answers": {"obstacles": {"budget": 1, "skills": 0}}},
        {"code": "c", "population": 150_000, "answers": {"obstacles": {"budget": 0, "skills": 2}}},
        {"code": "d", "population": 1_500_000, "answers": {"obstacles": {"budget": 2}}},
    ]
    stats = obstacles.obstacle_stats(responses, ["budget", "skills"])
    national = stats["national"]
    assert national["budget"].rated == 4 and national["budget"].cited == 3
    assert national["budget"].frequency == pytest.approx(0.75)
    assert national["budget"].mean_intensity == pytest.approx(1.5)
    assert national["skills"].rated == 3 and national["skills"].frequency == pytest.approx(1 / 3)
    assert stats["lt_250k"]["budget"].mean_intensity == pytest.approx(4 / 3)
    assert stats["gt_1m"] is None and stats["250k_500k"] is None


def test_divide_concern_against_fragility():
    responses = [{"code": c, "population": 1, "answers": {"divide_concern": k, "divide_measures": m}}
                 for c, k, m in [("a", 0, []), ("b", 1, ["phone_help"]), ("c", 2, ["a", "b"]),
                                 ("d", 3, ["a", "b", "c"]), ("e", 3, ["a"]), ("f", 3, [])]]
    observed = {"a": {"fragility": 0.1, "offline_alternative_share": 0.9},
                "b": {"fragility": 0.2, "offline_alternative_share": 0.5},
                "c": {"fragility": 0.3, "offline_alternative_share": 0.4},
                "d": {"fragility": 0.5, "offline_alternative_share": 0.2},
                "e": {"fragility": 0.6, "offline_alternative_share": 0.1},
                "f": {"fragility": 0.4, "offline_alternative_share": None}}
    summary = obstacles.divide_analysis(responses, observed)
    assert summary.spearman_fragility > 0.8
    assert summary.spearman_offline < -0.9
    assert summary.by_concern[3]["n"] == 3 and summary.by_concern[3]["mean_fragility"] == pytest.approx(0.5)
    assert summary.by_concern[3]["mean_measures"] == pytest.approx(4 / 3)
    assert summary.by_concern[0]["withheld"]


def test_ranks_and_spearman_edge_cases():
    assert obstacles.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1]
    assert obstacles.spearman([(1, 1), (2, 2)]) is None
    assert obstacles.spearman([(1, 1), (1, 2), (1, 3)]) is None
