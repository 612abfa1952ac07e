import pytest

from barometre.detect.core.service_page import is_service_page


@pytest.mark.parametrize(("name", "url"), [
    ("level1_info.html", "https://www.creuse.fr/aides/aide-menagere"),
    ("level2_pdf.html", "https://www.gers.fr/mes-demarches/assistant-familial"),
    ("level3_own_form.html", "https://www.aube.fr/routes/permission-de-voirie"),
])
def test_service_pages(page, name, url):
    d = is_service_page(page(name, url=url))
    assert d.value is True, d
    assert d.evidence and d.confidence > 0.5


@pytest.mark.parametrize(("name", "url"), [
    ("news.html", "https://www.var.fr/actualites/inauguration-college-jean-moulin"),
    ("agenda.html", "https://www.essonne.fr/agenda/fete-de-la-nature"),
    ("elected.html", "https://www.ille-et-vilaine.fr/elus/marie-dupont"),
    ("elected.html", "https://www.ille-et-vilaine.fr/marie-dupont"),
])
def test_non_service_pages(page, name, url):
    d = is_service_page(page(name, url=url))
    assert d.value is False, d
    assert d.evidence
