"""Imports of user-downloaded context data and sites files: good files load, bad ones are refused whole."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from barometre.referential.models import Collectivite, ContextKind, ContextValue
from barometre.referential.resolve import get_collectivite

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args):
    call_command("referential", *args)


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return str(path)


def test_ofgl_revenue_maps_institutional_codes():
    run("import-revenue", str(FIXTURES / "ofgl_departements.csv"))
    values = {(v.collectivite.code, v.year): v for v in ContextValue.objects.filter(kind=ContextKind.OPERATING_REVENUE)}
    assert set(values) == {("01", 2023), ("01", 2022), ("6AE", 2023), ("69M", 2023), ("69D", 2023), ("75C", 2023), ("976", 2023)}
    ain = values[("01", 2023)]
    assert ain.value == pytest.approx(512345678.12) and ain.per_inhabitant == pytest.approx(738.5)
    assert "OFGL" in ain.source


def test_fragility_weighted_mean_for_grouped_departements():
    run("import-fragility", str(FIXTURES / "fragilite.csv"))
    alsace = ContextValue.objects.get(collectivite__code="6AE", kind=ContextKind.DIGITAL_FRAGILITY)
    assert 40 < alsace.value < 60 and "pondérée" in alsace.note
    assert ContextValue.objects.get(collectivite__code="973", kind=ContextKind.DIGITAL_FRAGILITY).value == 88.1


def test_reimport_replaces_without_duplicates():
    run("import-fragility", str(FIXTURES / "fragilite.csv"))
    run("import-fragility", str(FIXTURES / "fragilite.csv"))
    assert ContextValue.objects.filter(collectivite__code="01", kind=ContextKind.DIGITAL_FRAGILITY).count() == 1


BAD_REVENUE = [
    ("exer;dep_code;agregat\n2023;01;Recettes de fonctionnement\n", r"line 1, column 'montant'.*missing column"),
    ("exer;dep_code;agregat;montant\n2023;01;Recettes de fonctionnement;12\n2023;02;Recettes de fonctionnement;douze\n",
     r"line 3, column 'montant': 'douze' is not a number"),
    ("exer;dep_code;agregat;montant\n2023;01;Recettes de fonctionnement;12\n2023;99;Recettes de fonctionnement;13\n",
     r"line 3, column 'dep_code': unknown code '99'"),
    ("exer;dep_code;agregat;montant\n20x3;01;Recettes de fonctionnement;12\n", r"line 2, column 'exer'"),
    ("exer;dep_code;agregat;montant\n1850;01;Recettes de fonctionnement;12\n", r"line 2, column 'exer'.*out of range"),
    ("exer;dep_code;agregat;montant\n2023;01;Dépenses;12\n", r"no row with agregat"),
    ("exer;dep_code;agregat;montant\n2023;01;Recettes de fonctionnement;12;extra;field\n", r"line 2: 6 fields"),
    ("", r"empty file"),
    ('exer;dep_code;agregat;montant\n2023;"01;Recettes;12\n', r"malformed|fields|line"),
]


@pytest.mark.parametrize("content, message", BAD_REVENUE)
def test_bad_revenue_files_are_refused_whole(tmp_path, content, message):
    path = write(tmp_path, "ofgl.csv", content)
    before = ContextValue.objects.count()
    with pytest.raises(CommandError, match=message) as exc:
        run("import-revenue", path)
    assert "nothing imported" in str(exc.value)
    assert ContextValue.objects.count() == before


def test_revenue_not_utf8(tmp_path):
    path = write(tmp_path, "ofgl.csv", "exer;dep_code;agregat;montant\n2023;01;Recettes de fonctionnement;12\n2023;02;Dépenses;1\n", "latin-1")
    with pytest.raises(CommandError, match=r"line 3: not valid UTF-8"):
        run("import-revenue", path)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        run("import-revenue", str(tmp_path / "absent.csv"))
    path = write(tmp_path, "x.csv", b"PK\x03\x04\x00\x00binary")
    with pytest.raises(CommandError, match="binary|UTF-8"):
        run("import-fragility", path)


BAD_FRAGILITY = [
    ("code;score\n01;12\n02;-3\n", r"line 3, column 'score'.*non-negative"),
    ("code,score\n01,12\n01,13\n", r"line 3, column 'code': '01' already given on line 2"),
    ("code,score\n01,12\n69,13\n", r"line 3, column 'code'.*ambiguous.*69D"),
    ("code,valeur\n01,12\n", r"column 'score'.*missing"),
    ("code,score\n01,\n", r"line 2, column 'score': empty value"),
    ("code,score\n01,nan\n", r"line 2, column 'score'.*finite"),
]


@pytest.mark.parametrize("content, message", BAD_FRAGILITY)
def test_bad_fragility_files(tmp_path, content, message):
    path = write(tmp_path, "frag.csv", content)
    with pytest.raises(CommandError, match=message):
        run("import-fragility", path)
    assert not ContextValue.objects.filter(kind=ContextKind.DIGITAL_FRAGILITY).exists()


def test_sites_file_loads_sites():
    run("import-sites", str(FIXTURES / "sites_communes.csv"))
    site = Collectivite.objects.get(code="C75056")
    assert site.kind == "site" and site.hosts == ["demarches.ville-a.test", "eservices.ville-a.test"]
    assert site.source == "sites:sites_communes.csv"
    assert get_collectivite("C13055").portal_url == "https://www.ville-b.test"


BAD_SITES = [
    ("name,code,url\nx,C1,http://a.test\n", r"line 1.*expected code,name,url\[,hosts\]"),
    ("code,name,url\nC1,A,ftp://a.test\n", r"line 2, column 'url': 'ftp://a.test' is not an http\(s\) URL"),
    ("code,name,url\nC1,A,http://a.test\nC1,B,http://b.test\n", r"line 3, column 'code': 'C1' already used on line 2"),
    ("code,name,url,hosts\nC1,A,http://a.test,good.test bad_host!\n", r"line 2, column 'hosts': 'bad_host!'"),
    ("code,name,url\nC1,,http://a.test\n", r"line 2, column 'name': empty name"),
    ("code,name,url\nC 1,A,http://a.test\n", r"line 2, column 'code'"),
    ("code,name,url\n", r"no site listed"),
    ("code,name,url\n01,Ain bis,http://a.test\n", r"already belong to the référentiel"),
    ("code,name,url,hosts,extra\nC1,A,http://a.test,,\n", r"line 1.*expected"),
]


@pytest.mark.parametrize("content, message", BAD_SITES)
def test_bad_sites_files(tmp_path, content, message):
    path = write(tmp_path, "sites.csv", content)
    before = Collectivite.objects.count()
    with pytest.raises(CommandError, match=message):
        run("import-sites", path)
    assert Collectivite.objects.count() == before
    assert Collectivite.objects.get(code="01").name == "Ain"


def test_sites_population_and_context_for_sites(tmp_path):
    sites = write(tmp_path, "sites.csv", "code,name,url,hosts,population\nV1,Ville 1,http://v1.test/,,120000\n"
                                         "V2,Ville 2,http://v2.test/,,\n")
    run("import-sites", sites)
    assert Collectivite.objects.get(code="V1").population == 120000
    assert Collectivite.objects.get(code="V2").population is None
    run("import-fragility", write(tmp_path, "f.csv", "code,score\nV1,44.5\n"))
    assert ContextValue.objects.get(collectivite__code="V1", kind=ContextKind.DIGITAL_FRAGILITY).value == 44.5
    bad = write(tmp_path, "bad.csv", "code,name,url,hosts,population\nV3,Ville 3,http://v3.test/,,-5\n")
    with pytest.raises(CommandError, match=r"line 2, column 'population'.*whole number"):
        run("import-sites", bad)
