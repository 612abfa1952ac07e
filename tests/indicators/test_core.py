"""Indicator maths on small hand-built cases."""

import math

import pytest

from barometre.indicators.core import collectivite, compare, narrative, national, stats
from barometre.indicators.core.weights import WeightsError, load

W = load()


def svc(theme, level, relay=None, catalogue_id=None, offline=False, fc=False):
    return {"theme": theme, "level": level, "relay": relay, "catalogue_id": catalogue_id,
            "offline_alternative": offline, "franceconnect": fc}


def test_counts_bins_and_themes():
    services = [svc("solidarites", 4, catalogue_id="apa_domicile"), svc("solidarites", 2, catalogue_id="pch"),
                svc("sport", 1), svc("voirie_transport", 3, catalogue_id="permission_voirie"),
                svc("education", 0, catalogue_id="bourse_departementale")]
    r = collectivite.service_indicators(services, W)
    assert r["counts_by_level"] == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1}
    assert (r["services_found"], r["end_to_end"], r["partial"]) == (4, 1, 2)
    assert r["end_to_end_bin"] == "moins de 10"
    assert r["themes_covered_list"] == ["solidarites", "voirie_transport"]  # sport only informs
    assert r["per_theme"]["education"] == {"services": 0, "max_level": 0, "end_to_end": 0, "partial": 0, "score": None}
    assert r["catalogue_coverage"] == 0.75
    # SDI: catalogue mean (1 + .5 + .75 + 0)/4 = .5625, themes 2/7, all found (1+.5+.25+.75)/4 = .625
    expected = 100 * (0.5 * 0.5625 + 0.3 * 2 / 7 + 0.2 * 0.625)
    assert r["sdi"] == round(expected, 1)


@pytest.mark.parametrize("count, label", [(0, "moins de 10"), (9, "moins de 10"), (10, "10 à 19"),
                                          (19, "10 à 19"), (20, "20 à 50"), (50, "20 à 50"), (51, "plus de 50")])
def test_end_to_end_bins_edges(count, label):
    assert collectivite.end_to_end_bin(count, W["end_to_end_bins"]) == label


def test_relays_counted_both_ways():
    services = [svc("solidarites", 1, relay="caf"), svc("autre", 1, relay="dgfip_payfip"), svc("sport", 2)]
    r = collectivite.indicators(services, {"speed": None, "accessibility": None, "mobile": None,
                                           "support": None, "security": None}, W)
    assert r["relays"] == 2 and r["digitised"] == 1
    assert r["losi"]["digitised"] == 3 and r["losi"]["sdi"] > r["sdi"]
    assert r["pqi"] is None and r["pqi_not_measured"] == ["accessibility", "mobile", "security", "speed", "support"]


def test_empty_collectivite():
    r = collectivite.service_indicators([], W)
    assert r["sdi"] == 0.0 and r["themes_covered"] == 0 and r["catalogue_coverage"] is None
    assert r["offline_alternative_share"] is None


def test_pqi_leaves_unmeasurable_out_of_denominator():
    full = collectivite.portal_quality({"speed": 1, "accessibility": 0.5, "mobile": 1, "support": 1, "security": 0}, W)
    partial = collectivite.portal_quality({"speed": 1, "accessibility": None, "mobile": 1, "support": None,
                                           "security": None}, W)
    assert full["pqi"] == round(100 * (0.2 + 0.15 + 0.15 + 0.2), 1)
    assert partial["pqi"] == 100.0 and partial["pqi_not_measured"] == ["accessibility", "security", "support"]


def test_tiers():
    assert collectivite.tier(70, 65, W["tiers"]) == "Avancé"
    assert collectivite.tier(70, 10, W["tiers"]) == "En progression"
    assert collectivite.tier(50, None, W["tiers"]) == "Confirmé"
    assert collectivite.tier(None, 90, W["tiers"]) is None


def test_gini_and_ratio():
    assert stats.gini([1, 1, 1, 1]) == 0
    assert stats.gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert stats.gini([]) is None
    assert stats.ratio_p90_p10([0, 5, 10]) == pytest.approx(9.0)  # P10 = 1, P90 = 9
    assert stats.ratio_p90_p10([0, 0, 0, 10]) is None  # P10 = 0: no ratio
    assert stats.ratio_p90_p10([1, 1, 1]) == 1.0


def test_spearman_with_ties_matches_definition():
    x, y = [1, 2, 2, 3, 4], [10, 20, 20, 25, 40]
    assert stats.spearman(x, y) == pytest.approx(1.0)
    assert list(stats.ranks([3, 1, 3, 2])) == [3.5, 1, 3.5, 2]
    assert stats.spearman([1, 2, 3], [1, 1, 1]) is None


def test_spearman_ci_ignores_missing_and_reports_n():
    x = [1, 2, 3, 4, 5, 6, 7, 8, None, 10]
    y = [2, 1, 4, 3, 6, 5, 8, 7, 9, None]
    r = stats.spearman_ci(x, y, samples=300)
    assert r["n"] == 8 and r["ci_low"] <= r["rho"] <= r["ci_high"]


def row(code, sdi, e2e, themes, population=300_000, revenue=1000.0, fragility=30.0, density=100.0,
        offline=0.8, measured=True):
    ind = {"sdi": sdi, "pqi": 50.0, "end_to_end": e2e, "partial": 5, "services_found": e2e + 10,
           "themes_covered": len(themes), "themes_covered_list": themes, "catalogue_coverage": 0.5,
           "digitised": e2e + 5, "offline_alternative_share": offline,
           "per_theme": {t: {"end_to_end": e2e if t in themes else 0, "partial": 1} for t in W["themes"]}}
    return {"code": code, "name": code, "population": population, "revenue_per_inhabitant": revenue,
            "fragility": fragility, "density": density, "measured": measured, "indicators": ind}


ALL = W["themes"]


def test_survey_figures_recomputed():
    rows = [row("A", 80, 60, ALL), row("B", 60, 30, ALL[:6]), row("C", 40, 5, ALL[:3]),
            row("D", 20, 2, ALL[:2]), row("E", 10, 0, ALL[:1]), row("X", 0, 0, [], measured=False)]
    n = national.analyse(rows, W)
    assert n["n_measured"] == 5 and n["not_measured"] == ["X"]
    s = n["survey"]
    assert s["share_6_of_7"] == 0.4 and s["share_2_to_5"] == 0.4 and s["share_below_2"] == 0.2
    assert (s["above_50"], s["from_20_to_50"], s["below_20"], s["below_10"]) == (1, 1, 3, 3)
    assert s["most_digitised_themes"][0] == "solidarites"
    assert "voirie_transport" in s["least_digitised_themes"]


def test_missing_context_is_reported_not_imputed():
    rows = [row(c, 10 * i, i, ALL[:i % 7 + 1], population=100_000 * (i + 1), revenue=900 + i,
                fragility=None if i % 3 == 0 else 20 + i) for i, c in enumerate("ABCDEFGHIJ")]
    n = national.analyse(rows, W)
    assert n["missing_context"]["fragility"] == ["A", "D", "G", "J"]
    assert n["correlations"]["sdi~fragility"]["n"] == 6
    assert n["context_model"]["excluded"] == ["A", "D", "G", "J"] and n["context_model"]["n"] == 6


def test_context_model_residuals_name_outliers():
    rows = [row(c, 30 + (40 if c == "F" else 0) + i, i, ALL, population=200_000 * (i + 1), revenue=800 + 10 * i,
                fragility=20 + i % 4) for i, c in enumerate("ABCDEFGHIJKL")]
    model = national.analyse(rows, W)["context_model"]
    assert model["over_performers"] == ["F"]
    assert model["residuals"][0]["code"] == "F"


def test_peer_groups_and_divide_risk():
    rows = [row("A", 90, 40, ALL, population=1_500_000, density=800, fragility=80, offline=0.1),
            row("B", 30, 5, ALL[:3], population=150_000, density=30, fragility=20),
            row("C", 50, 10, ALL[:5], population=400_000, density=60, fragility=40),
            row("D", 70, 20, ALL, population=700_000, density=200, fragility=60, offline=0.9)]
    n = national.analyse(rows, W)
    assert n["peer_groups"]["settlement"]["urbain"]["codes"] == ["A", "D"]
    assert n["peer_groups"]["population"]["plus d'1 million d'hab."]["codes"] == ["A"]
    assert n["divide_risk"]["flagged"] == ["A"]


def test_compare_campaigns():
    a = [{"collectivite": "01", "service": "APA", "theme": "solidarites", "level": 2, "catalogue_id": "apa_domicile"},
         {"collectivite": "01", "service": "Bourse", "theme": "education", "level": 1, "catalogue_id": "bourse"}]
    b = [{"collectivite": "01", "service": "APA en ligne", "theme": "solidarites", "level": 4, "catalogue_id": "apa_domicile"},
         {"collectivite": "01", "service": "Chèque sport", "theme": "sport", "level": 3, "catalogue_id": None,
          "page_url": "http://x/sport"}]
    r = compare.compare(a, b, {"01": {"sdi": 40.0}}, {"01": {"sdi": 55.5}}, "2026.1", "2026.2")
    assert [s["service"] for s in r["new"]] == ["Chèque sport"] and [s["service"] for s in r["gone"]] == ["Bourse"]
    assert r["changed_level"][0]["level_b"] == 4 and r["per_collectivite"]["01"] == {"new": 1, "gone": 1, "up": 1, "down": 0}
    assert r["indicator_deltas"]["01"]["sdi"] == 15.5
    assert not r["same_method"] and "méthodes différentes" in r["warning"]


def test_narrative_traceable_and_silent_when_not_measurable():
    assert narrative.sentences({"n_measured": 0}) == []
    rows = [row(c, 10 * i + 5, i * 6, ALL if i % 3 else ALL[:4], population=100_000 * (i + 1), revenue=900 + 7 * i,
                fragility=20 + (i * 7) % 30) for i, c in enumerate("ABCDEFGHIJKL")]
    n = national.analyse(rows, W)
    out = narrative.sentences(n)
    assert out and all(s["figures"] for s in out)
    first = out[0]["text"]
    assert first.startswith("Deux tiers des collectivités (67\u202f%) couvrent au moins six thématiques sur sept")
    assert all("  " not in s["text"] for s in out)
    corr = [s for s in out if "Spearman" in s["text"]]
    assert corr and all("n = 12" in s["text"] for s in corr)


def test_weights_file_is_checked(tmp_path):
    bad = tmp_path / "w.yaml"
    bad.write_text("version: x\n")
    with pytest.raises(WeightsError, match="missing key"):
        load(bad)


def test_stats_distribution_ignores_none_and_nan():
    d = stats.distribution([1, None, 3, float("nan"), 5])
    assert d["n"] == 3 and d["median"] == 3 and not math.isnan(d["mean"])


def test_pqi_dimensions_from_a_real_audit():
    """The dimensions of the audit the audit core gives on the Gironde fixture pages (no
    hand-built JSON): each in [0, 1], and moving with what the portal does."""
    import dataclasses

    from barometre.audit.core import audit_portal
    from barometre.audit.core.record import AuditFormatError, AuditRecord
    from barometre.indicators.core.dimensions import dimensions
    from tests.audit.test_portal import CAMPAIGN, HOME, gironde_crawl

    pages, links = gironde_crawl()
    static = audit_portal(HOME, pages, links, ["gironde.fr"], CAMPAIGN)
    record = AuditRecord.read(static)
    assert record.statement.status == "partiellement_conforme" and record.statement.rate == 67.5
    assert record.https is True and record.headers["hsts"] is True and record.viewport is True
    d = dimensions(record, W)
    assert set(d) == set(W["pqi"]) and all(v is not None and 0 <= v <= 1 for v in d.values()), d
    compliant = dimensions(dataclasses.replace(record, statement=dataclasses.replace(
        record.statement, status="totalement_conforme")), W)
    assert compliant["accessibility"] > d["accessibility"]
    no_statement = dimensions(dataclasses.replace(record, statement=dataclasses.replace(
        record.statement, status=None)), W)
    assert no_statement["accessibility"] < d["accessibility"]
    assert dimensions(dataclasses.replace(record, https=False), W)["security"] < d["security"]
    assert dimensions(dataclasses.replace(record, axe_pages=4, axe_serious=40), W)["accessibility"] < d["accessibility"]
    assert dimensions(None, W) == {k: None for k in W["pqi"]}
    # A renamed key is an error naming it, not a silent "non mesuré".
    renamed = {**static, "mobile": {"viewport_tag": static["mobile"]["viewport"]}}
    with pytest.raises(AuditFormatError, match="mobile.viewport"):
        AuditRecord.read(renamed)


def test_french_lists_stay_readable():
    assert narrative.join_fr(["le sport"]) == "le sport"
    assert narrative.join_fr(["le sport", "les solidarités"]) == "le sport et les solidarités"
    assert (narrative.join_fr(["le sport", "la voirie et les transports", "le tourisme et la culture"])
            == "le sport, la voirie et les transports ainsi que le tourisme et la culture")


def test_statement_weights_use_the_audit_status_ids():
    """Regression: weights.yaml named the statuses 'totalement conforme' while the audit emits
    'totalement_conforme', so a compliant portal without a rate scored 0.5 and a non-compliant
    one 0.0625 (the rate fallback) instead of 1 and 0."""
    from barometre import glossary
    from barometre.audit.core.record import Statement
    from barometre.audit.knowledge.loader import cues
    from barometre.indicators.core.dimensions import statement_score
    from barometre.indicators.core.weights import load

    weights = load()
    assert set(weights["statement_status"]) == set(glossary.STATEMENT_STATUSES) == set(cues()["statement"]["status_phrases"])
    def statement(status, rate):
        return Statement(status=status, rate=rate, date=None, url=None, expired=False)

    assert statement_score(statement("totalement_conforme", None), weights) == 1.0
    assert statement_score(statement("non_conforme", 25), weights) == 0.0
    assert statement_score(statement("partiellement_conforme", 62), weights) == 0.62
