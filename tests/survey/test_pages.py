"""French typography and accessible markup on every questionnaire page."""

import re
from html.parser import HTMLParser

import pytest

from barometre.survey import tokens
from barometre.survey.models import Invitation
from tests.survey.conftest import COMPLETE, form_data

pytestmark = pytest.mark.django_db


class Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.chunks, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.skip:
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return re.sub(r"[ \t\n]+", " ", "".join(parser.chunks))


def typography_errors(text: str) -> list[str]:
    """French rules: a non-breaking space before ; : ! ? » and after « (URLs aside)."""
    text = re.sub(r"\b[a-z]+://\S+", "", text)
    bad = r"(?:[^\s\u00a0\u202f][;:!?»]|[ ][;:!?»]|«[^\s\u00a0\u202f]|«[ ])"
    return [m.group(0) for m in re.finditer(r".{0,15}" + bad, text)]


def pages(client, campaign, coll_a, resp_a, staff):
    invitation = Invitation.objects.create(campaign=campaign, collectivite=coll_a, email="p@ain.example",
                                           expires_at=tokens.invitation_expiry())
    out = {
        "home": client.get("/questionnaire/"),
        "login": client.get("/questionnaire/connexion/"),
        "login_error": client.post("/questionnaire/connexion/", {"email": "x@y.fr", "password": "x"}),
        "link": client.get("/questionnaire/connexion/lien/"),
        "invitation": client.get(f"/questionnaire/invitation/{tokens.invitation_token(invitation)}/"),
        "refused": client.get("/questionnaire/invitation/faux/"),
    }
    client.force_login(resp_a)
    base = f"/questionnaire/2026/{coll_a.code}/"
    out["edit"] = client.get(base + "modifier/")
    out["edit_errors"] = client.post(base + "modifier/", form_data({}, 0, "submit"))
    client.post(base + "modifier/", form_data(COMPLETE, 0, "submit", ["themes"]))
    out["view"] = client.get(base)
    out["history"] = client.get(base + "historique/")
    out["forbidden"] = client.get("/questionnaire/2026/02/")
    out["home_respondent"] = client.get("/questionnaire/")
    client.force_login(staff)
    out["analysis"] = client.get("/questionnaire/2026/analyse/")
    return out


def test_french_typography_on_every_page(client, campaign, coll_a, resp_a, staff):
    for name, reply in pages(client, campaign, coll_a, resp_a, staff).items():
        text = visible_text(reply.content.decode())
        assert typography_errors(text) == [], name


def test_accessible_structure(client, campaign, coll_a, resp_a, staff):
    replies = pages(client, campaign, coll_a, resp_a, staff)
    for name, reply in replies.items():
        html = reply.content.decode()
        assert '<html lang="fr"' in html and 'href="#contenu"' in html and 'id="contenu"' in html, name
        assert html.count("<h1") == 1, name
        assert "Accessibilité\u00a0: non conforme" in html, name
    edit = replies["edit"].content.decode()
    # every radio group is a fieldset with a legend; every input has a label
    assert edit.count("<fieldset") == edit.count("<legend")
    for input_id in re.findall(r'<(?:input(?! type="hidden")|textarea)[^>]*\bid="([^"]+)"', edit):
        assert f'for="{input_id}"' in edit, input_id
    errors = replies["edit_errors"].content.decode()
    assert 'id="erreurs"' in errors and 'fr-fieldset--error' in errors and "aria-describedby" in errors


def test_typography_checker_catches_mistakes():
    assert typography_errors("Bonjour : merci !") and typography_errors("« texte »")
    assert typography_errors("Bonjour\u00a0: merci\u00a0! «\u00a0texte\u00a0» https://x.fr") == []
