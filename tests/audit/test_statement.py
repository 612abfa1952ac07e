from datetime import date

import pytest

from barometre.audit import knowledge
from barometre.audit.core.document import fold
from barometre.audit.core.statement import (
    audit_statement,
    find_statement,
    home_mention,
    is_expired,
    parse_date,
    parse_rate,
    parse_status,
)

from .pages import doc

CUES = knowledge.cues()["statement"]
PHRASES = CUES["status_phrases"]
CAMPAIGN = date(2025, 6, 1)


@pytest.mark.parametrize("text, status", [
    ("Le site est partiellement conforme avec le RGAA 4.1.", "partiellement_conforme"),
    ("Le site est en conformité partielle avec le RGAA.", "partiellement_conforme"),
    ("ÉTAT DE CONFORMITÉ : Le site EST NON CONFORME.", "non_conforme"),
    ("Le site www.x.fr est non-conforme avec le RGAA.", "non_conforme"),
    ("Le site n’est pas conforme au RGAA.", "non_conforme"),
    ("Le portail est en conformité totale avec le RGAA 4.1.", "totalement_conforme"),
    ("Le site est totalement conforme.", "totalement_conforme"),
    # explanatory text before the section must not win over the section itself
    ("Les contenus non conformes sont listés. État de conformité : le site est partiellement "
     "conforme.", "partiellement_conforme"),
    ("Aucune mention de statut ici.", None),
])
def test_status_phrases(text, status):
    assert parse_status(fold(text), PHRASES)[0] == status


@pytest.mark.parametrize("text, rate", [
    ("L'audit révèle que 67,5 % des critères sont respectés.", 67.5),
    ("Le site respecte 67 % des critères du RGAA.", 67.0),
    ("avec un taux de conformité global de 54,55 %.", 54.55),
    ("taux de conformité global : 100%", 100.0),
    ("Le taux moyen de conformité du site s'élève à 81 %.", 81.0),
    ("Aucun audit n'a été réalisé.", None),
])
def test_rate(text, rate):
    assert parse_rate(fold(text))[0] == rate


def test_global_rate_wins_over_average_rate():
    text = fold("Le taux moyen de conformité est de 81 %. 67,5 % des critères sont respectés.")
    assert parse_rate(text)[0] == 67.5


@pytest.mark.parametrize("text, expected", [
    ("Cette déclaration a été établie le 12 mars 2024.", date(2024, 3, 12)),
    ("Déclaration mise à jour le 03/05/2023.", date(2023, 5, 3)),
    ("Date de la déclaration : 2024-01-15", date(2024, 1, 15)),
    ("Cette déclaration a été établie le 1er février 2019.", date(2019, 2, 1)),
    ("établie le 12 mars 2024, mise à jour le 3 avril 2024", date(2024, 4, 3)),
    ("Cette déclaration a été établie en septembre 2022.", date(2022, 9, 1)),
    ("Loi du 11 février 2005. Rien d'autre.", date(2005, 2, 11)),  # no cue: latest date found
    ("Pas de date.", None),
])
def test_dates(text, expected):
    assert parse_date(fold(text))[0] == expected


def test_expiry_is_relative_to_the_campaign_date():
    assert is_expired(date(2019, 2, 1), CAMPAIGN, 3) is True
    assert is_expired(date(2022, 6, 1), CAMPAIGN, 3) is False   # exactly 3 years: still valid
    assert is_expired(date(2022, 5, 31), CAMPAIGN, 3) is True
    assert is_expired(date(2020, 2, 29), date(2023, 3, 1), 3) is True


def test_partial_statement_with_everything():
    home = doc("https://www.gironde.fr/", "home_modern.html")
    statement = doc("https://www.gironde.fr/declaration-accessibilite", "statement_partial.html")
    result = audit_statement(home, [home, statement], {}, CAMPAIGN, CUES, 3)
    assert result["found"] and result["url"] == "https://www.gironde.fr/declaration-accessibilite"
    assert result["status"]["value"] == "partiellement_conforme"
    assert result["status"]["cue"] == "en conformite partielle"
    assert result["rate"]["value"] == 67.5
    assert result["date"]["value"] == "2024-04-03"
    assert result["expired"]["value"] is False
    assert result["contact"]["value"] is True
    assert "mailto:accessibilite@gironde.fr" in result["contact"]["evidence"]
    assert result["recourse"]["value"] is True
    assert result["home_mention"]["value"] is True
    assert result["home_mention"]["status"] == "partiellement_conforme"
    assert result["status"]["evidence"] == [statement.url]


def test_non_compliant_statement_without_rate_says_why():
    page = doc("https://www.creuse.fr/accessibilite", "statement_non.html")
    result = audit_statement(None, [page], {}, CAMPAIGN, CUES, 3)
    assert result["status"]["value"] == "non_conforme"
    assert result["rate"]["value"] is None and "rate" in result["rate"]["reason"]
    assert result["date"]["value"] == "2023-05-03"
    assert result["contact"]["value"] is True        # plain e-mail address in the section
    assert result["recourse"]["value"] is True
    assert result["home_mention"]["value"] is None   # home not fetched: not measurable
    assert result["home_mention"]["reason"]


def test_total_statement_with_iso_date_and_form():
    page = doc("https://aides.cd.fr/declaration-d-accessibilite", "statement_total.html")
    result = audit_statement(None, [page], {}, CAMPAIGN, CUES, 3)
    assert result["status"]["value"] == "totalement_conforme"
    assert result["rate"]["value"] == 100.0
    assert result["date"]["value"] == "2024-01-15"
    assert result["contact"]["value"] is True
    assert "form:formulaire" in result["contact"]["means"]


def test_expired_statement_without_contact_nor_recourse():
    page = doc("https://www.cd99.fr/declaration-accessibilite", "statement_expired.html")
    result = audit_statement(None, [page], {}, CAMPAIGN, CUES, 3)
    assert result["status"]["value"] == "partiellement_conforme"
    assert result["rate"]["value"] == 54.0
    assert result["date"]["value"] == "2019-02-01"
    assert result["expired"]["value"] is True
    assert result["expired"]["reference_date"] == "2025-06-01"
    assert result["contact"]["value"] is False
    assert result["recourse"]["value"] is False


def test_statement_found_by_anchor_text_on_an_unhinted_url():
    home = doc("https://www.cd.fr/", body='<html lang=fr><title>Accueil</title><body>'
               '<a href="/page/1234">Déclaration d’accessibilité</a></body></html>')
    page = doc("https://www.cd.fr/page/1234", "statement_non.html")
    other = doc("https://www.cd.fr/page/99", body="<title>Actualités</title><p>Accessibilité</p>")
    found, linked = find_statement([home, other, page], {}, CUES)
    assert found is page and linked is None


def test_statement_linked_but_not_fetched_is_not_measurable():
    home = doc("https://www.cd.fr/", "home_modern.html")
    result = audit_statement(home, [home], {}, CAMPAIGN, CUES, 3)
    assert result["found"] is False
    assert result["url"] == "https://www.cd.fr/declaration-accessibilite"
    assert "not fetched" in result["reason"]
    assert result["status"]["value"] is None and result["rate"]["reason"]


def test_no_statement_at_all():
    home = doc("https://www.cd.fr/", body="<html><title>Accueil</title><p>Bienvenue</p></html>")
    result = audit_statement(home, [home], {}, CAMPAIGN, CUES, 3)
    assert result["found"] is False and result["url"] is None
    assert "no accessibility statement" in result["reason"]
    assert result["home_mention"]["value"] is False


@pytest.mark.parametrize("footer, status", [
    ("Accessibilité : partiellement conforme", "partiellement_conforme"),
    ("Accessibilité&nbsp;: non conforme", "non_conforme"),
    ("ACCESSIBILITÉ : TOTALEMENT CONFORME", "totalement_conforme"),
    ("Accessibilité", None),
])
def test_home_mention(footer, status):
    home = doc("https://www.cd.fr/", body=f"<html><footer><a href='/a'>{footer}</a></footer></html>")
    mention = home_mention(home)
    assert mention["status"] == status
    assert mention["value"] is (status is not None)
