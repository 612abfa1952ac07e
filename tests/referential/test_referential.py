"""The référentiel models the real institutional facts: ~100 collectivités, every code resolves."""

import csv
from pathlib import Path

import pytest

from barometre.referential import bundled
from barometre.referential.models import Collectivite, Departement
from barometre.referential.resolve import UnknownCode, get_collectivite

pytestmark = pytest.mark.django_db

DATA = Path(bundled.__file__).parent / "data"


def test_one_hundred_collectivites():
    assert Collectivite.objects.filter(source="referentiel").count() == 100
    assert Departement.objects.count() == 102


def test_every_departement_code_resolves():
    with (DATA / "departements_referentiel.csv").open(encoding="utf-8") as f:
        codes = [r["code_insee"] for r in csv.DictReader(f)]
    assert len(codes) == 102
    for code in codes:
        coll = get_collectivite(code)
        assert code in coll.departement_codes


@pytest.mark.parametrize(
    "code, expected, kind, departements",
    [
        ("67", "6AE", "departement", ["67", "68"]),
        ("68", "6AE", "departement", ["67", "68"]),
        ("6AE", "6AE", "departement", ["67", "68"]),
        ("2A", "20R", "collectivite_statut_particulier", ["2A", "2B"]),
        ("2b", "20R", "collectivite_statut_particulier", ["2A", "2B"]),
        ("75", "75C", "collectivite_statut_particulier", ["75"]),
        ("69M", "69M", "metropole", ["69M"]),
        ("69D", "69D", "departement", ["69D"]),
        ("972", "972", "collectivite_territoriale_unique", ["972"]),
        ("973", "973", "collectivite_territoriale_unique", ["973"]),
        ("976", "976", "departement", ["976"]),
        ("1", "01", "departement", ["01"]),
    ],
)
def test_institutional_facts(code, expected, kind, departements):
    coll = get_collectivite(code)
    assert (coll.code, coll.kind, coll.departement_codes) == (expected, kind, departements)


def test_alsace_sums_population_and_uses_current_portal():
    alsace = get_collectivite("67")
    deps = Departement.objects.filter(code__in=["67", "68"])
    assert alsace.population == sum(d.population for d in deps)
    assert alsace.portal_url == "https://www.alsace.eu"
    assert alsace.name == "Collectivité européenne d'Alsace"


def test_stale_portals_fixed_or_explained():
    assert get_collectivite("2A").portal_url == "https://www.isula.corsica"
    assert get_collectivite("974").portal_url == "https://www.departement974.fr"
    assert get_collectivite("75").portal_url == "https://www.paris.fr"
    mayotte = get_collectivite("976")
    assert mayotte.portal_url is None and "Mayotte" in mayotte.portal_note
    for coll in Collectivite.objects.filter(portal_url__isnull=True):
        assert coll.portal_note, f"{coll.code} has no portal and no reason"


def test_lyon_and_rhone_are_two_collectivites_and_69_is_ambiguous():
    assert get_collectivite("69M").name == "Métropole de Lyon"
    assert get_collectivite("69D").name == "Département du Rhône"
    with pytest.raises(UnknownCode, match="69D.*69M"):
        get_collectivite("69")


@pytest.mark.parametrize("code", ["99", "", "XYZ", "977", "20"])
def test_unknown_codes_have_clear_message(code):
    with pytest.raises(UnknownCode, match="referential list|empty"):
        get_collectivite(code)


def test_every_departement_has_geometry():
    missing = list(Departement.objects.filter(geometry__isnull=True).values_list("code", flat=True))
    assert missing == []
    geom = Departement.objects.get(code="971").geometry
    assert geom["type"] in ("Polygon", "MultiPolygon")


def test_shared_hosting_is_not_an_eservice_host():
    assert "betagouv.github.io" not in get_collectivite("28").hosts
    assert "mesdemarches.eurelien.fr" in get_collectivite("28").hosts
