import pytest

from barometre.audit import knowledge
from barometre.audit.core.document import fold
from barometre.audit.core.support import (
    audit_support,
    phone_with_hours,
    phones,
)

from .pages import doc, links_of

CUES = knowledge.cues()["support"]
RULES = knowledge.thresholds()["support"]


@pytest.mark.parametrize("text, number", [
    ("Standard : 05 56 99 33 33", "05 56 99 33 33"),
    ("Tél. 04.73.42.20.20", "04.73.42.20.20"),
    ("Appelez le +33 5 56 99 33 33", "+33 5 56 99 33 33"),
    ("Tel: 0556993333", "0556993333"),
    ("Pour signaler une maltraitance, appelez le 3977.", "3977"),
    ("Enfance en danger : composez le 119.", "119"),
    ("Allô Service Public, numéro 39 39", "39 39"),
])
def test_french_phone_numbers(text, number):
    assert phones(fold(text))[0][1] == number


@pytest.mark.parametrize("text", [
    "En 2024, 3977 personnes ont été aidées.",     # no call cue before a short number
    "Dossier n° 12345678901",
    "SIRET 225 600 014 00015",
])
def test_not_phone_numbers(text):
    assert phones(fold(text)) == []


def test_phone_with_opening_hours():
    text = fold("Standard : 05 56 99 33 33, du lundi au vendredi de 9 h à 17 h.")
    assert phone_with_hours(text) == "lundi au vendredi de 9 h a 17 h"
    far = fold("Standard : 05 56 99 33 33." + " Texte." * 100 + " Du lundi au vendredi de 9h à 17h.")
    assert phone_with_hours(far) is None


def test_contact_page_channels():
    contact = doc("https://www.gironde.fr/nous-contacter", "contact.html")
    result = audit_support([contact], {}, CUES, RULES)
    ch = result["channels"]
    for channel in ("phone", "phone_with_hours", "email", "contact_form", "appointment", "counter",
                    "france_services"):
        assert ch[channel]["value"] is True, channel
        assert ch[channel]["evidence"] == ["https://www.gironde.fr/nous-contacter"]
    assert ch["chat"]["value"] is False and ch["chat"]["reason"] is None
    assert ch["phone"]["cues"][0]["cue"] == "tel:+33556993333"
    assert ch["email"]["cues"][0]["cue"] == "mailto:contact@gironde.fr"
    assert ch["appointment"]["cues"][0]["cue"].startswith("https://www.rdv-solidarites.fr/")
    assert result["channel_count"] == 6
    assert result["min_channels"]["value"] is True
    assert result["human_help"]["value"] is True
    assert "phone" in result["human_help"]["via"]


def test_home_links_to_contact_and_counter_cues():
    home = doc("https://www.gironde.fr/", "home_modern.html")
    result = audit_support([home], links_of([home.page]), CUES, RULES)
    ch = result["channels"]
    assert ch["contact_form"]["value"] is True
    assert "contact link https://www.gironde.fr/nous-contacter" in ch["contact_form"]["cues"][0]["cue"]
    assert ch["counter"]["value"] is True           # "Maison départementale des solidarités"
    assert ch["france_services"]["value"] is True
    assert ch["phone"]["value"] is False
    assert ch["email"]["value"] is False


def test_chat_widget_host():
    page = doc("https://www.cd.fr/aide", body='<html><body><p>Aide</p>'
               '<script src="https://client.crisp.chat/l.js"></script></body></html>')
    assert audit_support([page], {}, CUES, RULES)["channels"]["chat"]["value"] is True


def test_search_form_is_not_a_contact_form():
    page = doc("https://www.cd.fr/", body='<html><form role="search"><textarea name="q"></textarea>'
               "</form></html>")
    assert audit_support([page], {}, CUES, RULES)["channels"]["contact_form"]["value"] is False


def test_single_channel_fails_the_two_channels_rule():
    page = doc("https://www.cd.fr/", body='<html><a href="mailto:a@cd.fr">Écrire</a></html>')
    result = audit_support([page], {}, CUES, RULES)
    assert result["channels_present"] == ["email"]
    assert result["min_channels"]["value"] is False
    assert result["human_help"]["value"] is False


def test_nothing_fetched_is_not_measurable():
    result = audit_support([], {}, CUES, RULES)
    assert result["value"] is None and result["reason"]
