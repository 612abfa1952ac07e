"""Answering through the web pages: drafts, submission, amendments, history, validation, escaping,
concurrent edits and closed campaigns (Django test client; the browser journey is in test_browser.py)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from barometre.survey.models import AuditEvent, Response, ResponseStatus
from tests.survey.conftest import COMPLETE, form_data

pytestmark = pytest.mark.django_db


def edit_url(coll):
    return f"/questionnaire/2026/{coll.code}/modifier/"


def test_draft_submit_amend_keeps_history(client, campaign, coll_a, resp_a, resp_a2):
    client.force_login(resp_a)
    assert client.post(edit_url(coll_a), form_data({"end_to_end_estimate": 4}, 0)).status_code == 302
    response = Response.objects.get(campaign=campaign, collectivite=coll_a)
    assert response.status == ResponseStatus.DRAFT and response.version == 1
    assert client.post(edit_url(coll_a), form_data(COMPLETE, 1, "submit")).status_code == 302
    client.force_login(resp_a2)
    amended = {**COMPLETE, "end_to_end_estimate": 15}
    assert client.post(edit_url(coll_a), form_data(amended, 2, "submit", ["themes"])).status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED and response.version == 3
    assert response.answers["end_to_end_estimate"] == 15 and response.consent == {"themes": True}
    revisions = list(response.revisions.order_by("version"))
    assert [r.action for r in revisions] == ["draft", "submit", "amend"]
    assert [r.user for r in revisions] == [resp_a, resp_a, resp_a2]
    assert {c["question"] for c in revisions[2].changes} == {"end_to_end_estimate", "themes__consent"}
    page = client.get(f"/questionnaire/2026/{coll_a.code}/historique/").content.decode()
    assert "Dominique Durand" in page and "Réponses modifiées" in page
    events = set(AuditEvent.objects.filter(collectivite=coll_a).values_list("action", flat=True))
    assert {"response_draft", "response_submit", "response_amend"} <= events


def test_submission_requires_the_required_questions_with_clear_messages(client, campaign, coll_a, resp_a):
    client.force_login(resp_a)
    page = client.post(edit_url(coll_a), form_data({"end_to_end_estimate": 4}, 0, "submit")).content.decode()
    assert "Le formulaire contient" in page and 'role="alert"' in page
    assert "Choisissez une réponse pour «\u00a0Sport\u00a0»." in page
    assert 'href="#id_q__themes__sport-fieldset"' in page and 'id="id_q__themes__sport-fieldset"' in page
    assert not Response.objects.filter(version__gt=0).exists()


@pytest.mark.parametrize("field, value, message", [
    ("q__end_to_end_estimate", "douze", "saisissez un nombre entier"),
    ("q__end_to_end_estimate", "-1", "saisissez un nombre entre 0 et 2000"),
    ("q__divide_concern", "9", "Choix non valable"),
    ("q__priorities", "x" * 2001, "2000 caractères au plus"),
])
def test_invalid_input_is_refused_with_a_french_message(client, campaign, coll_a, resp_a, field, value, message):
    client.force_login(resp_a)
    data = form_data({}, 0)
    data[field] = value
    page = client.post(edit_url(coll_a), data).content.decode()
    assert message in page
    assert not Response.objects.filter(version__gt=0).exists()


def test_free_text_is_rendered_escaped(client, campaign, coll_a, resp_a, staff):
    client.force_login(resp_a)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(edit_url(coll_a), form_data({"priorities": evil, "obstacles_other": evil}, 0))
    for url in (f"/questionnaire/2026/{coll_a.code}/", f"/questionnaire/2026/{coll_a.code}/historique/",
                edit_url(coll_a)):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(" in page


def test_concurrent_edits_never_lose_data_silently(client, campaign, coll_a, resp_a, resp_a2):
    from django.test import Client

    first, second = client, Client()
    first.force_login(resp_a)
    second.force_login(resp_a2)
    # both open the form at version 0
    assert 'name="version" value="0"' in first.get(edit_url(coll_a)).content.decode()
    assert 'name="version" value="0"' in second.get(edit_url(coll_a)).content.decode()
    assert first.post(edit_url(coll_a), form_data({"end_to_end_estimate": 10, "priorities": "A"}, 0)).status_code == 302
    late = second.post(edit_url(coll_a), form_data({"end_to_end_estimate": 99, "priorities": "B"}, 0))
    assert late.status_code == 409
    page = late.content.decode()
    assert "modifiées pendant que vous les éditiez" in page and "Camille Martin" in page
    assert "Rien n'a été enregistré" in page
    assert "»\u00a0→\u00a0«" not in page and "10" in page  # the colleague's change is listed
    assert ">\nB</textarea>" in page  # the user's own input is kept in the form
    assert 'name="version" value="1"' in page  # and can be re-sent deliberately
    response = Response.objects.get(campaign=campaign, collectivite=coll_a)
    assert response.answers["priorities"] == "A" and response.version == 1
    assert second.post(edit_url(coll_a), form_data({"end_to_end_estimate": 99, "priorities": "B"}, 1)).status_code == 302
    response.refresh_from_db()
    assert response.answers["priorities"] == "B" and response.version == 2
    assert response.revisions.count() == 2


def test_closed_campaign_is_read_only(client, campaign, coll_a, resp_a):
    client.force_login(resp_a)
    client.post(edit_url(coll_a), form_data(COMPLETE, 0, "submit"))
    campaign.closes_at = timezone.now() - timedelta(minutes=1)
    campaign.save()
    page = client.get(edit_url(coll_a))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Campagne close" in text and "ne peuvent plus être modifiées" in text and "name=\"action\"" not in text
    refused = client.post(edit_url(coll_a), form_data({**COMPLETE, "end_to_end_estimate": 1}, 1, "submit"))
    assert refused.status_code == 403
    assert Response.objects.get(collectivite=coll_a).answers["end_to_end_estimate"] == 12
    assert "Modifier mes réponses" not in client.get(f"/questionnaire/2026/{coll_a.code}/").content.decode()


def test_not_yet_open_campaign(client, campaign, coll_a, resp_a):
    campaign.opens_at = timezone.now() + timedelta(days=2)
    campaign.save()
    client.force_login(resp_a)
    assert "pas encore ouverte" in client.get(edit_url(coll_a)).content.decode()
    assert client.post(edit_url(coll_a), form_data({}, 0)).status_code == 403
