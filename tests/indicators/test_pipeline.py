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
