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
    ("code;score\n01;12\n02;-3\n", r"line 3, column 'score'.*between 0 and 100"),
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
    ("code,name,url\n", r"line 2: no data line: the file has a header only"),
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


REVENUE_HEADER = "exer;dep_code;agregat;montant;euros_par_habitant\n"
RF = "Recettes de fonctionnement"

UNTRUSTED_REVENUE = [
    (f"2023;01;{RF};100;1\n2023;01;{RF};100;1\n", r"line 3, column 'dep_code': '01' for 2023 already given on line 2"),
    (f"2023;01;{RF};100;1\n2023;1;{RF};100;1\n", r"line 3, column 'dep_code': '1' \(= 01\) for 2023 already given on line 2 as '01'"),
    (f"2023;01;{RF};100;1\n2023;01;{RF};120;1\n", r"line 3, column 'dep_code': '01' for 2023 already given"),
    (f"2023;67A;{RF};100;1\n2023;67;{RF};60;1\n2023;68;{RF};40;1\n",
     r"line 3, column 'dep_code': '67' and '67A' \(line 2\) both stand for 67 for 2023"),
    (f"2020;67;{RF};100;1\n", r"line 2, column 'dep_code': '67' for 2020 covers only part of collectivité 6AE \(68 missing\)"),
    (f"2023;01;{RF};-100;1\n", r"line 2, column 'montant': -100 is out of range \(revenue cannot be negative\)"),
    (f"2023;01;{RF};100;-1\n", r"line 2, column 'euros_par_habitant'.*cannot be negative"),
    (f"2023;01;{RF};1,234;1\n", r"line 2, column 'montant': '1,234' is ambiguous \(1.234 or 1234\?\)"),
    (f"2023;01;{RF};1.234;1\n", r"line 2, column 'montant': '1.234' is ambiguous"),
    (f"2023;01;{RF};1,234.5;1\n", r"line 2, column 'montant': '1,234.5' is not a number here: only spaces separate thousands"),
    (f"2023;01;{RF};1.234.567;1\n", r"line 2, column 'montant': '1.234.567' .*only spaces separate thousands"),
    (f"2023;01;{RF};12,5;1\n2023;02;{RF};13.5;1\n", r"line 3, column 'montant'.*one decimal separator per column"),
    (f"2023;01;{RF};12,5;1\n2023;02;{RF};1.234;1\n", r"line 3, column 'montant'.*'.' here would separate thousands"),
    (f"2023;01;{RF};12 34;1\n", r"line 2, column 'montant': '12 34' is not a number"),
    (f"2023;01;{RF};1_000;1\n", r"line 2, column 'montant': '1_000' is not a number"),
    ("", r"line 2: no data line: the file has a header only"),
    ("\n\n", r"line 2: no data line"),
]


@pytest.mark.parametrize("lines, message", UNTRUSTED_REVENUE)
def test_revenue_it_cannot_trust_is_refused_whole(tmp_path, lines, message):
    run("import-revenue", str(FIXTURES / "ofgl_departements.csv"))
    before = sorted(ContextValue.objects.values_list("collectivite__code", "year", "value"))
    path = write(tmp_path, "ofgl.csv", REVENUE_HEADER + lines)
    with pytest.raises(CommandError, match=message) as exc:
        run("import-revenue", path)
    assert "nothing imported" in str(exc.value)
    assert sorted(ContextValue.objects.values_list("collectivite__code", "year", "value")) == before


def revenue(code, year):
    return ContextValue.objects.get(collectivite__code=code, year=year, kind=ContextKind.OPERATING_REVENUE)


def test_revenue_lines_of_different_departements_are_summed(tmp_path):
    path = write(tmp_path, "ofgl.csv", REVENUE_HEADER + f"2020;67;{RF};1 000 000,5;900\n2020;68;{RF};500000;800\n"
                 f"2017;2A;{RF};300;1\n2017;2B;{RF};200;1\n2023;01;{RF};1234,5;1,25\n2022;01;{RF};1 234,5;1,234\n"
                 f"2023;20;{RF};600;1\n")
    run("import-revenue", path)
    alsace = revenue("6AE", 2020)
    assert alsace.value == pytest.approx(1_500_000.5) and alsace.note.startswith("somme de 2 lignes (2, 3)")
    assert revenue("20R", 2017).value == 500 and revenue("20R", 2023).value == 600
    assert revenue("01", 2023).value == 1234.5 and revenue("01", 2023).per_inhabitant == 1.25
    # '1,234' reads as a decimal: the column's other value '1,25' shows ',' is its decimal separator.
    assert revenue("01", 2022).value == 1234.5 and revenue("01", 2022).per_inhabitant == 1.234


def test_directory_given_as_a_file(tmp_path):
    for action in ("import-revenue", "import-fragility", "import-sites"):
        with pytest.raises(CommandError, match=rf"{tmp_path}: this is a directory, expected a CSV file"):
            run(action, str(tmp_path))
    with pytest.raises(CommandError, match=rf"cannot write {tmp_path}"):
        run("export", "-o", str(tmp_path))


UNTRUSTED_FRAGILITY = [
    ("code,score\n01,12\n1,13\n", r"line 3, column 'code': '1' \(= 01\) already given on line 2 as '01'"),
    ("code,score\n67,12\n6AE,13\n", r"line 3, column 'code': '6AE' and '67' \(line 2\) both stand for 67"),
    ("code,score\n6AE,12\n68,13\n", r"line 3, column 'code': '68' and '6AE' \(line 2\) both stand for 68"),
    ("code,score\n2A,12\n20R,13\n", r"line 3, column 'code': '20R' and '2A'"),
    ("code,score\n01,1000\n", r"line 2, column 'score': 1000 is out of range \(a score between 0 and 100\)"),
    ("code,score\n01,100.5\n", r"line 2, column 'score'.*out of range"),
    ("code,score\n01,\"1,234\"\n", r"line 2, column 'score': '1,234' is ambiguous"),
    ("code,score\n", r"line 2: no data line"),
    ("code;score;nom\n\n", r"line 2: no data line"),
]


@pytest.mark.parametrize("content, message", UNTRUSTED_FRAGILITY)
def test_fragility_it_cannot_trust_is_refused_whole(tmp_path, content, message):
    path = write(tmp_path, "frag.csv", content)
    with pytest.raises(CommandError, match=message) as exc:
        run("import-fragility", path)
    assert "nothing imported" in str(exc.value)
    assert not ContextValue.objects.filter(kind=ContextKind.DIGITAL_FRAGILITY).exists()


def test_fragility_on_the_published_scales(tmp_path):
    run("import-fragility", write(tmp_path, "f.csv", "code;score\n1;6.5\n67;42\n2A;0\n2B;100\n"))
    values = {v.collectivite.code: v for v in ContextValue.objects.filter(kind=ContextKind.DIGITAL_FRAGILITY)}
    assert values["01"].value == 6.5
    assert values["6AE"].value == 42 and values["6AE"].note == "score de 67 seulement (68 absent du fichier)"
    assert 0 < values["20R"].value < 100 and values["20R"].note == "moyenne pondérée par la population de 2A, 2B"


def test_sites_it_cannot_trust(tmp_path):
    cases = [
        ("code,name,url\nv1,A,http://a.test\nV1,B,http://b.test\n",
         r"line 3, column 'code': 'V1' already used on line 2 as 'v1' \(codes are read in capitals\)"),
        ("code,name,url,hosts,population\nV1,A,http://a.test,,1000000000\n",
         r"line 2, column 'population'.*at most 100 000 000"),
        ("code,name,url,hosts,population\nV1,A,http://a.test,,\"1,234\"\n", r"line 2, column 'population'.*ambiguous"),
    ]
    before = Collectivite.objects.count()
    for content, message in cases:
        with pytest.raises(CommandError, match=message):
            run("import-sites", write(tmp_path, "sites.csv", content))
    assert Collectivite.objects.count() == before


def test_revenue_sum_missing_a_departement_names_both(tmp_path):
    path = write(tmp_path, "ofgl.csv", REVENUE_HEADER + f"2017;2A;{RF};300;1\n2017;01;{RF};1;1\n")
    with pytest.raises(CommandError, match=r"line 2, column 'dep_code': '2A' for 2017 covers only part of "
                                           r"collectivité 20R \(2B missing\)"):
        run("import-revenue", path)
