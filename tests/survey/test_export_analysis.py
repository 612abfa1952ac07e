"""The anonymised export, the analysis page and the `barometre survey` command on seeded answers."""

import html
import json

import pytest
from django.core.management import call_command

from barometre.referential.models import Collectivite
from barometre.survey import editing
from barometre.survey import export as exporting
from tests.survey.conftest import COMPLETE, make_respondent

pytestmark = pytest.mark.django_db

SEED = {
    # code: (answers overrides, consent)
    "01": ({"themes": {**COMPLETE["themes"], "sport": "partial"}, "end_to_end_estimate": 30,
            "priorities": "Ouvrir le RSA en ligne"}, {"themes": True, "end_to_end_estimate": True, "priorities": True}),
    "02": ({"end_to_end_estimate": 5, "priorities": "Confidentiel : projet interne"}, {}),
    "03": ({"themes": {**COMPLETE["themes"], "solidarites": "none"}, "end_to_end_estimate": 8,
            "divide_concern": 3}, {"themes": True}),
}
OBSERVED = {
    "01": {"themes_digitised": {"solidarites", "education"}, "end_to_end": 12, "fragility": 0.2,
           "offline_alternative_share": 0.6},
    "02": {"themes_digitised": {"solidarites"}, "end_to_end": 5, "fragility": 0.4, "offline_alternative_share": 0.3},
    "03": {"themes_digitised": {"solidarites", "developpement_territorial"}, "end_to_end": 9, "fragility": 0.7,
           "offline_alternative_share": 0.1},
}


@pytest.fixture
def seeded(campaign):
    for n, (code, (overrides, consent)) in enumerate(SEED.items()):
        coll = Collectivite.objects.get(code=code)
        user = make_respondent(coll, f"repondant{n}@dep{code}.example", "Prénom" + code, "Nom" + code)
        response = editing.response_for(campaign, coll)
        editing.save(response, user=user, answers={**COMPLETE, **overrides}, consent=consent,
                     base_version=0, submit=True)
    return campaign


def test_declared_vs_observed_on_seeded_answers(seeded):
    data = exporting.build(seeded, observed=OBSERVED)
    national = data["declared_vs_observed"]
    assert national["compared"] == 3 and not national["withheld"]
    themes = {t["theme"]: t for t in national["themes"]}
    # solidarites: declared by 01 and 02, not 03; observed everywhere
    assert (themes["solidarites"]["both"], themes["solidarites"]["observed_only"]) == (2, 1)
    assert themes["sport"]["declared_only"] == 1  # 01 declares sport, not observed
    assert themes["education"]["observed_only"] == 1  # 01 observed, declared none
    assert themes["developpement_territorial"]["both"] == 1 and themes["developpement_territorial"]["declared_only"] == 2
    assert national["declared_end_to_end_median"] == 8 and national["observed_end_to_end_median"] == 9
    rows = {c["code"]: c["declared_vs_observed"] for c in data["collectivites"]}
    assert rows["01"]["declared_only"] == ["developpement_territorial", "sport", "tourisme_culture"] and rows["01"]["end_to_end_gap"] == 18
    assert rows["02"]["both"] is None and rows["02"]["declared_end_to_end"] is None
    assert rows["03"]["observed_only"] == ["solidarites"] and rows["03"]["declared_end_to_end"] is None


def test_export_respects_consent_and_holds_no_personal_data(seeded):
    data = exporting.build(seeded, observed=OBSERVED)
    by_code = {c["code"]: c["answers"] for c in data["collectivites"]}
    assert by_code["01"]["priorities"] == "Ouvrir le RSA en ligne" and "end_to_end_estimate" in by_code["01"]
    assert by_code["02"] == {}
    assert set(by_code["03"]) == {"themes"}
    assert data["aggregates"]["responses"] == 3 and data["aggregates"]["end_to_end_estimate"]["median"] == 8
    assert data["aggregates"]["divide_concern"] == {"2": 2, "3": 1}
    assert data["obstacles"]["national"]["budget"]["mean_intensity"] == 3
    text = exporting.to_json(data)
    assert "Confidentiel" not in text
    for personal in ("@", "repondant", "Prénom", "Nom0", "user"):
        assert personal not in text


def test_small_campaigns_withhold_aggregates(campaign, coll_a):
    user = make_respondent(coll_a, "seul@ain.example")
    editing.save(editing.response_for(campaign, coll_a), user=user, answers=COMPLETE, consent={},
                 base_version=0, submit=True)
    data = exporting.build(campaign, observed=OBSERVED)
    assert data["aggregates"] == {"withheld": True, "responses": 1}
    assert data["declared_vs_observed"]["withheld"] and data["obstacles"]["national"] is None
    assert data["collectivites"][0]["answers"] == {}


def test_analysis_page_on_seeded_answers(client, seeded, staff, monkeypatch):
    monkeypatch.setattr("barometre.survey.analysis.load_observed", lambda name: (OBSERVED, None))
    client.force_login(staff)
    page = client.get("/questionnaire/2026/analyse/").content.decode()
    row = page.split("Solidarités (social et santé)</th>")[1].split("</tr>")[0]
    assert [c.strip() for c in row.replace("<td>", "").split("</td>")[:4]] == ["2", "0", "1", "0"]
    assert "Budget" in page and "100\u00a0%" in page
    assert "confidentiel" in page


def test_analysis_page_without_observed_data_says_so(client, seeded, staff):
    client.force_login(staff)
    page = html.unescape(client.get("/questionnaire/2026/analyse/").content.decode())
    assert "Aucune campagne d'observation" in page


def test_cli_invite_export_analyse(seeded, coll_b, tmp_path, capsys, mailoutbox):
    call_command("survey", "invite", "--campaign", "2026", "--collectivite", "02", "--email", "Nouveau@Aisne.example")
    out = capsys.readouterr().out
    assert "/questionnaire/invitation/" in out and len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nouveau@aisne.example"]
    target = tmp_path / "export.json"
    call_command("survey", "export", "--campaign", "2026", "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["participation"]["responses_submitted"] == 3
    assert "@" not in target.read_text(encoding="utf-8")
    call_command("survey", "analyse", "--campaign", "2026")
    out = capsys.readouterr().out
    assert "3 submitted responses" in out and "obstacles, Ensemble" in out


def test_cli_refuses_bad_input(campaign):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="unknown questionnaire campaign"):
        call_command("survey", "export", "--campaign", "nope")
    with pytest.raises(CommandError, match="invalid e-mail"):
        call_command("survey", "invite", "--campaign", "2026", "--collectivite", "01", "--email", "pas-une-adresse")
    with pytest.raises(CommandError, match="question_set"):
        call_command("survey", "create", "--campaign", "x", "--title", "X", "--question-set", "1999",
                     "--opens", "2026-01-01", "--closes", "2026-02-01")
    with pytest.raises(CommandError, match="closes_at"):
        call_command("survey", "create", "--campaign", "y", "--title", "Y", "--question-set", "2026",
                     "--opens", "2026-03-01", "--closes", "2026-02-01")


def test_observed_adapter_explains_missing_data(db):
    from barometre.survey.observed import load_observed, observed_from_campaign

    assert load_observed("") == ({}, "Aucune campagne d'observation n'est associée à cette campagne de questionnaire.")
    observed, message = load_observed("campagne-inexistante")
    assert observed == {} and message
    assert observed_from_campaign("campagne-inexistante") == {}
