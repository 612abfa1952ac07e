"""Pure parts of the dashboard: typography, map classes, sorting and ranking."""

from barometre import typography
from barometre.publish import choropleth, national
from barometre.publish.labels import INDICATORS


def test_french_numbers():
    assert typography.number(1234567.8, 1) == "1\u202f234\u202f567,8"
    assert typography.percent(0.714) == "71\u202f%"
    assert typography.signed(-2.5) == "−2,5" and typography.signed(3, 0) == "+3"
    assert typography.number(None) == "—"


def test_classes():
    classes = INDICATORS["end_to_end"]["classes"]
    assert [choropleth.classify(v, classes) for v in (60, 51, 50, 20, 19, 10, 9, 0)] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert choropleth.classify(None, classes) is None


def _row(code, sdi, name=None):
    return {"code": code, "name": name or code, "sdi": sdi, "measured": sdi is not None}


def test_sort_puts_missing_last_and_ranks_share_ties():
    rows = [_row("A", 50), _row("B", None), _row("C", 70), _row("D", 50)]
    assert [r["code"] for r in national.sort_rows(rows, "sdi", True)] == ["C", "D", "A", "B"] or \
        [r["code"] for r in national.sort_rows(rows, "sdi", True)] == ["C", "A", "D", "B"]
    assert [r["code"] for r in national.sort_rows(rows, "sdi", False)][-1] == "B"
    ranks = {r["code"]: r["rank"] for r in national.ranked(rows)}
    assert ranks == {"A": 2, "B": None, "C": 1, "D": 2}


def test_legend_counts_tiers_and_not_measured():
    rows = [{"code": "A", "tier": "Avancé", "measured": True}, {"code": "B", "tier": "", "measured": False}]
    legend, fills = choropleth.legend_and_fill(rows, None)
    assert legend[0]["count"] == 1 and legend[-1] == {"label": "non mesuré", "colour": "#929292", "count": 1}
    assert fills["B"][1] == "non mesuré"
