"""Who may do what: the whole role × collectivité × action matrix, CSRF on every form, and the
campaign-level pages reserved to analysts."""

import pytest
from django.test import Client

from barometre.survey.models import Response
from tests.survey.conftest import COMPLETE, PASSWORD, form_data, make_respondent

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "respondent_a", "respondent_b", "staff"]
TARGETS = ["A", "B"]
ACTIONS = ["view", "edit_form", "edit", "submit", "history", "export"]


def expected(role, target, action):
    if role == "anonymous":
        return 302
    if role == "staff":
        return 200 if action in ("view", "history", "export") else 403
    own = (role, target) in (("respondent_a", "A"), ("respondent_b", "B"))
    if not own:
        return 403
    return 302 if action in ("edit", "submit") else 200


def perform(client, action, code):
    base = f"/questionnaire/2026/{code}/"
    if action == "view":
        return client.get(base)
    if action == "edit_form":
        return client.get(base + "modifier/")
    if action == "edit":
        return client.post(base + "modifier/", form_data({"priorities": "intrus"}, 0, "draft"))
    if action == "submit":
        return client.post(base + "modifier/", form_data(COMPLETE, 0, "submit"))
    if action == "history":
        return client.get(base + "historique/")
    return client.get(base + "export/")


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(client, campaign, coll_a, coll_b, resp_a, resp_b, staff, role, target, action):
    users = {"respondent_a": resp_a, "respondent_b": resp_b, "staff": staff}
    if role in users:
        client.force_login(users[role])
    coll = coll_a if target == "A" else coll_b
    reply = perform(client, action, coll.code)
    assert reply.status_code == expected(role, target, action), reply.content[:300]
    if role == "anonymous":
        assert reply["Location"].startswith("/questionnaire/connexion/?next=")
    if reply.status_code == 403:
        assert "Accès refusé" in reply.content.decode()
    wrote = Response.objects.filter(collectivite=coll, version__gt=0).exists()
    assert wrote == (expected(role, target, action) == 302 and role != "anonymous")


def test_respondent_export_has_no_personal_data(client, campaign, coll_a, resp_a):
    client.force_login(resp_a)
    client.post(f"/questionnaire/2026/{coll_a.code}/modifier/", form_data(COMPLETE, 0, "submit"))
    body = client.get(f"/questionnaire/2026/{coll_a.code}/export/").content.decode()
    assert '"end_to_end_estimate": 12' in body
    for personal in ("amille", "Martin", "@", "user", "respondent"):
        assert personal not in body


@pytest.mark.parametrize("url", ["/questionnaire/2026/analyse/", "/questionnaire/2026/export/"])
def test_campaign_pages_are_for_analysts(client, campaign, resp_a, staff, url):
    assert client.get(url).status_code == 302
    client.force_login(resp_a)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    assert client.get(url).status_code == 200


def test_user_without_collectivite_is_refused(client, campaign, coll_a):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_user("x@example.org", "x@example.org", PASSWORD))
    assert client.get(f"/questionnaire/2026/{coll_a.code}/").status_code == 403


def test_unknown_campaign_or_collectivite_is_404(client, campaign, resp_a):
    client.force_login(resp_a)
    assert client.get("/questionnaire/1999/01/").status_code == 404
    assert client.get("/questionnaire/2026/ZZ/").status_code == 404


def csrf_client(user=None):
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def test_every_form_requires_the_csrf_token(campaign, coll_a, resp_a):
    from barometre.survey import tokens
    from barometre.survey.models import Invitation

    invitation = Invitation.objects.create(campaign=campaign, collectivite=coll_a, email="new@ain.example",
                                           expires_at=tokens.invitation_expiry())
    anonymous_posts = {
        "/questionnaire/connexion/": {"email": resp_a.email, "password": PASSWORD},
        "/questionnaire/connexion/lien/": {"email": resp_a.email},
        f"/questionnaire/connexion/lien/{tokens.login_token(resp_a)}/": {},
        f"/questionnaire/invitation/{tokens.invitation_token(invitation)}/": {
            "first_name": "A", "last_name": "B", "password1": PASSWORD, "password2": PASSWORD},
    }
    for url, data in anonymous_posts.items():
        assert csrf_client().post(url, data).status_code == 403, url
    for url, data in {
        f"/questionnaire/2026/{coll_a.code}/modifier/": form_data(COMPLETE, 0, "submit"),
        "/questionnaire/deconnexion/": {},
    }.items():
        assert csrf_client(resp_a).post(url, data).status_code == 403, url
    assert not Response.objects.filter(version__gt=0).exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_forms_carry_a_working_csrf_token(campaign, coll_a, resp_a):
    client = csrf_client(resp_a)
    page = client.get(f"/questionnaire/2026/{coll_a.code}/modifier/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = form_data(COMPLETE, 0, "submit")
    data["csrfmiddlewaretoken"] = token
    assert client.post(f"/questionnaire/2026/{coll_a.code}/modifier/", data).status_code == 302


def test_other_collectivite_respondent_cannot_be_invited_twice(campaign, coll_a, coll_b, client):
    from barometre.survey import tokens
    from barometre.survey.models import Invitation

    make_respondent(coll_b, "shared@example.org")
    invitation = Invitation.objects.create(campaign=campaign, collectivite=coll_a, email="shared@example.org",
                                           expires_at=tokens.invitation_expiry())
    reply = client.get(f"/questionnaire/invitation/{tokens.invitation_token(invitation)}/")
    assert reply.status_code == 409 and "déjà rattachée" in reply.content.decode()
