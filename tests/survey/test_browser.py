"""The respondent journey in the real browser: invitation → set password → draft → submit → amend →
campaign closed (read-only). Screenshots of the questionnaire go to $BAROMETRE_SCREENSHOTS (default /tmp)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.survey.conftest import PASSWORD

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
THEMES = ["solidarites", "developpement_territorial", "education", "sport", "tourisme_culture",
          "emploi_insertion", "voirie_transport"]
OBSTACLES = ["roadmap", "information_circuits", "process_redesign", "data_security", "skills", "budget",
             "tools_knowledge"]


@pytest.fixture
def restore_referential(django_db_blocker):
    """A transactional test empties the tables afterwards: put the référentiel back for the next tests."""
    yield
    from barometre.referential.loader import load_referential

    with django_db_blocker.unblock():
        load_referential()


@pytest.fixture
def browser_page(monkeypatch):
    if not Path(CHROMIUM).exists():
        pytest.skip("system Chromium not installed (scripts/install.sh)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page.set_default_timeout(15_000)
        yield page
        browser.close()


def choose(page, field, index):
    page.locator(f'label[for="id_{field}_{index}"]').click()


def test_respondent_journey(restore_referential, transactional_db, live_server, browser_page):
    from barometre.referential.loader import load_referential
    from barometre.referential.models import Collectivite
    from barometre.survey import tokens
    from barometre.survey.models import Invitation, Response, SurveyCampaign

    if not Collectivite.objects.exists():
        load_referential()
    now = timezone.now()
    campaign = SurveyCampaign.objects.create(name="2026", title="Questionnaire 2026", question_set="2026",
                                             opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    coll = Collectivite.objects.get(code="01")
    invitation = Invitation.objects.create(campaign=campaign, collectivite=coll, email="claire.dupont@ain.example",
                                           expires_at=tokens.invitation_expiry())
    page = browser_page
    shots = Path(os.environ.get("BAROMETRE_SCREENSHOTS", "/tmp"))

    # invitation → set up the account
    page.goto(f"{live_server.url}/questionnaire/invitation/{tokens.invitation_token(invitation)}/")
    assert "Créer votre accès" in page.locator("h1").inner_text()
    page.get_by_label("Prénom").fill("Claire")
    page.locator("#id_last_name").fill("Dupont")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon accès").click()
    page.wait_for_url("**/questionnaire/2026/01/modifier/")
    assert "Votre compte est prêt" in page.content()
    page.screenshot(path=str(shots / "survey-questionnaire-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 375, "height": 812})
    page.screenshot(path=str(shots / "survey-questionnaire-375.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    # draft
    choose(page, "q__themes__solidarites", 2)
    page.get_by_label("Combien de services estimez-vous").fill("12")
    page.locator('textarea[name="q__priorities"]').fill("<b>Ouvrir</b> l'APA en ligne")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url("**/questionnaire/2026/01/")
    assert "Brouillon enregistré" in page.content()
    assert "<b>Ouvrir</b> l'APA en ligne" in page.locator("main").inner_text()  # shown as text, not markup

    # submit: first refused with an error summary, then complete
    page.get_by_role("link", name="Répondre au questionnaire").click()
    assert page.get_by_label("Combien de services estimez-vous").input_value() == "12"
    page.get_by_role("button", name="Envoyer mes réponses").click()
    summary = page.locator("#erreurs")
    assert "Le formulaire contient" in summary.inner_text()
    for theme in THEMES[1:]:
        choose(page, f"q__themes__{theme}", 1)
    choose(page, "q__roadmap_status", 1)
    for obstacle in OBSTACLES:
        choose(page, f"q__obstacles__{obstacle}", 2)
    choose(page, "q__divide_concern", 3)
    page.locator('label[for="id_consent__themes"]').click()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_url("**/questionnaire/2026/01/")
    assert "Vos réponses ont été envoyées" in page.content()
    response = Response.objects.get(campaign=campaign, collectivite=coll)
    assert response.status == "submitted" and response.consent == {"themes": True}

    # amend
    page.get_by_role("link", name="Modifier mes réponses").click()
    page.get_by_label("Combien de services estimez-vous").fill("15")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    page.wait_for_url("**/questionnaire/2026/01/")
    assert "Vos modifications ont été enregistrées" in page.content()
    page.get_by_role("link", name="Historique des modifications").click()
    history = page.locator("main").inner_text()
    assert "Version 3" in history and "Réponses modifiées" in history and "Claire Dupont" in history
    response.refresh_from_db()
    assert response.answers["end_to_end_estimate"] == 15 and response.version == 3

    # the campaign closes: read-only
    campaign.closes_at = timezone.now() - timedelta(seconds=1)
    campaign.save()
    page.goto(f"{live_server.url}/questionnaire/2026/01/modifier/")
    text = page.locator("main").inner_text()
    assert "Campagne close" in text and "ne peuvent plus être modifiées" in text
    assert page.get_by_role("button", name="Enregistrer les modifications").count() == 0
    page.goto(f"{live_server.url}/questionnaire/2026/01/")
    assert page.get_by_role("link", name="Modifier mes réponses").count() == 0
