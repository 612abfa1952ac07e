from barometre.detect.core.documents import Document
from barometre.detect.core.level import grade_level

DS_URL = "https://www.demarches-simplifiees.fr/commencer/bourse-etudes-cher-2025"


def test_level1_information_page(page):
    d = grade_level(page("level1_info.html"))
    assert d.value == 1
    assert any("adressez-vous" in e.cue for e in d.evidence)


def test_level2_pdf_form_to_return_by_post(page):
    d = grade_level(page("level2_pdf.html", url="https://www.gers.fr/aides/assistant-familial"))
    assert d.value == 2
    assert any(e.url.endswith("formulaire-demande-agrement-assistant-familial.pdf") for e in d.evidence)
    # the leaflet alone is not a form
    assert not any("plaquette" in e.url for e in d.evidence)


def test_level2_from_inspected_fillable_document(page):
    doc = Document("https://www.gers.fr/f.pdf", "pdf", True, "Formulaire")
    d = grade_level(page("level1_info.html"), documents=[doc])
    assert d.value == 2 and "fillable" in d.evidence[0].cue


def test_level3_demarches_simplifiees_with_documents_by_post(page):
    service = page("level3_ds_service.html", url="https://www.departement18.fr/bourse-etudes")
    entry = page("level3_ds_commencer.html", url=DS_URL)
    d = grade_level(service, entry_pages=[entry])
    assert d.value == 3
    cues = " ".join(e.cue for e in d.evidence)
    assert "demarches_simplifiees" in cues and "par courrier" in cues


def test_level3_own_html_form_without_upload(page):
    d = grade_level(page("level3_own_form.html", url="https://www.aube.fr/voirie/permission"))
    assert d.value == 3
    assert any("HTML form" in e.cue for e in d.evidence)


def test_level4_publik_account(page):
    account = page("level4_publik.html", url="https://demarches.loire-atlantique.fr/mon-compte/")
    service = page("level1_info.html", url="https://www.loire-atlantique.fr/apa")
    d = grade_level(service, entry_pages=[account])
    assert d.value == 4
    cues = " ".join(e.cue for e in d.evidence)
    assert "publik" in cues and "file upload" in cues


def test_relay_only_page_stays_at_what_the_collectivite_offers():
    from barometre.detect.core.features import extract_page

    html = """<html><body><main><h1>RSA : faire la demande</h1>
    <p>Faites votre demande en ligne sur le site de la CAF.</p>
    <a href="https://www.caf.fr/allocataires/mes-services-en-ligne/faire-une-demande-de-prestation">caf.fr</a>
    </main></body></html>"""
    d = grade_level(extract_page("https://www.aude.fr/je-demande-le-rsa", html))
    assert d.value == 1
    assert any("www.caf.fr" in e.cue for e in d.evidence)
