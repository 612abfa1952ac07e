"""inventory → audit → indicators → export → report on a real crawl of the sample web."""

from __future__ import annotations

import json
import shutil

import pytest
from frictionless import Package

from barometre.indicators.core import national
from barometre.indicators.core.collectivite import service_indicators
from barometre.indicators.core.weights import load
from tests.helpers import barometre

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def computed(crawled, tmp_path_factory):
    data = tmp_path_factory.mktemp("indicators") / "data"
    shutil.copytree(crawled.data_dir, data)
    barometre(data, "inventory", "--campaign", "test")
    barometre(data, "audit", "--campaign", "test", "--no-browser")
    out = barometre(data, "indicators", "--campaign", "test").stdout
    return data, out


def test_survey_figures_match_the_truth(computed, truth):
    data, out = computed
    assert "7 measured" in out and "S08" in out
    export = data.parent / "opendata"
    barometre(data, "export", "--campaign", "test", "--to", str(export))
    figures = json.loads((export / "national.json").read_text())["figures"]
    weights = load()
    rows = []
    for coll in truth["collectivites"]:
        services = [{**s, "offline_alternative": s["offline_alternative"]} for s in coll["services"]]
        rows.append({"code": coll["code"], "measured": coll["reachable"],
                     "indicators": service_indicators(services, weights) if coll["reachable"] else {}})
    expected = national.analyse(rows, weights)["survey"]
    got = figures["survey"]
    for key in ("n", "started", "share_6_of_7", "share_2_to_5", "above_50", "from_20_to_50", "below_20", "below_10"):
        assert got[key] == expected[key], key
    assert got["most_digitised_themes"] == expected["most_digitised_themes"]
    assert figures["not_measured"] == ["S08"]


def test_datapackage_validates(computed):
    data, _ = computed
    export = data.parent / "opendata2"
    barometre(data, "export", "--campaign", "test", "--to", str(export))
    package = json.loads((export / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "etalab-2.0" and package["barometre"]["method_version"]
    report = Package(str(export / "datapackage.json")).validate()
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:5]
    services = (export / "services.csv").read_text(encoding="utf-8").splitlines()
    assert services[0].startswith("collectivite,service,theme,level,relay")
    assert len(services) > 150


def test_report_renders(computed):
    data, _ = computed
    out_dir = data.parent / "report"
    proc = barometre(data, "report", "--campaign", "test", "--to", str(out_dir))
    assert "profiles: 7" in proc.stdout
    pdf = (out_dir / "rapport.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    html = (out_dir / "rapport.html").read_text(encoding="utf-8")
    assert "Synthèse" in html and "thématiques sur sept" in html and "Données du graphique" in html
    # The sources table and the ladder come from their one owners (référentiel, glossary), in French.
    sources = html.split("Sources et licences", 1)[1]
    assert "`" not in sources and "Code officiel géographique" in sources and "102 rows" not in sources
    assert "<td>4</td><td>De bout en bout</td><td>Envoi en ligne avec les pièces" in html
    assert (out_dir / "profiles" / "S01.pdf").exists()


def test_compare_two_campaigns(computed):
    data, _ = computed
    proc = barometre(data, "compare", "test", "test")
    assert "0 new services, 0 gone, 0 changed level" in proc.stdout
    bad = barometre(data, "compare", "test", "nope", check=False)
    assert bad.returncode != 0 and "unknown campaign 'nope'" in bad.stderr


def test_commands_refuse_campaign_without_indicators(crawled, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(crawled.data_dir, data)
    proc = barometre(data, "export", "--campaign", "test", "--to", str(tmp_path / "x"), check=False)
    assert proc.returncode != 0 and "run `barometre indicators" in proc.stderr


def test_the_indicators_read_the_audit_the_crawl_gave(computed, truth):
    """crawl → audit → indicators on real outputs: each stored audit reads as a typed record that
    agrees with what the sample web was written with, and the portal-quality dimensions stored
    by the indicators are the ones that record gives."""
    import sqlite3

    from barometre import glossary
    from barometre.audit.core.record import AuditRecord
    from barometre.indicators.core.dimensions import dimensions

    data, _ = computed
    with sqlite3.connect(data / "barometre.sqlite3") as db:
        audits = {code: (json.loads(static), json.loads(browser) if browser else None) for code, static, browser in db.execute(
            "SELECT c.code, a.static, a.browser FROM audit_portalaudit a JOIN referential_collectivite c ON c.id = a.collectivite_id")}
        stored = {code: json.loads(values) for code, values in db.execute(
            'SELECT c.code, i."values" FROM indicators_collectiviteindicators i'
            " JOIN referential_collectivite c ON c.id = i.collectivite_id WHERE i.measured")}
    weights = load()
    labels = {label: status for status, label in glossary.STATEMENT_STATUS_LABELS.items()}
    checked = 0
    for coll in truth["collectivites"]:
        if not coll["reachable"]:
            continue
        record = AuditRecord.read(*audits[coll["code"]])
        facts = coll["facts"]
        declared = facts["accessibility_statement"]
        assert record.statement.status == (labels[declared["status"]] if declared else None), coll["code"]
        if declared:
            assert record.statement.rate == declared["rate"], coll["code"]
        assert record.viewport_meta == facts["viewport_meta"], coll["code"]
        assert record.franceconnect == facts["franceconnect"], coll["code"]
        assert record.https == facts["tls"]["https"], coll["code"]
        if facts["tls"]["https"]:  # HSTS only counts on https (RFC 6797): S05 sends it there but lives on http
            assert record.headers["hsts"] == facts["security_headers"]["strict-transport-security"], coll["code"]
        assert record.broken_links >= len(facts["broken_links"]), coll["code"]  # one per linking page
        expected = {k: (round(v, 4) if v is not None else None) for k, v in dimensions(record, weights).items()}
        assert stored[coll["code"]]["pqi_components"] == expected, coll["code"]
        assert all(v is not None for k, v in expected.items()), (coll["code"], expected)
        checked += 1
    assert checked == 7
