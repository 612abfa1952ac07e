"""Invitations and login links (signed, expiring, single use), password login, rate limits, and
no personal data in the logs or the audit trail."""

import logging
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from barometre.survey import tokens
from barometre.survey.models import AuditEvent, Invitation, Respondent
from tests.survey.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(campaign, coll_a):
    return Invitation.objects.create(campaign=campaign, collectivite=coll_a, email="Nouvelle.Personne@ain.example",
                                     expires_at=tokens.invitation_expiry())


def invite_url(invitation):
    return f"/questionnaire/invitation/{tokens.invitation_token(invitation)}/"


SETUP = {"first_name": "Nora", "last_name": "Personne", "password1": PASSWORD, "password2": PASSWORD}


def test_invitation_sets_up_a_respondent_once(client, invitation, coll_a):
    url = invite_url(invitation)
    page = client.get(url)
    assert page.status_code == 200 and "nouvelle.personne@ain.example" in page.content.decode()
    reply = client.post(url, SETUP)
    assert reply.status_code == 302 and reply["Location"] == f"/questionnaire/2026/{coll_a.code}/modifier/"
    user = User.objects.get(username="nouvelle.personne@ain.example")
    assert user.respondent.collectivite == coll_a and user.check_password(PASSWORD)
    assert PASSWORD not in user.password  # stored hashed by Django
    client.logout()
    for method in (client.get, client.post):
        again = method(url, SETUP) if method == client.post else method(url)
        assert again.status_code == 410 and "Lien déjà utilisé" in again.content.decode()
    assert Respondent.objects.filter(user=user).count() == 1


def test_expired_invitation_is_refused(client, invitation, settings):
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()
    reply = client.get(invite_url(invitation))
    assert reply.status_code == 410 and "Lien expiré" in reply.content.decode()
    invitation.expires_at = timezone.now() + timedelta(days=1)
    invitation.save()
    settings.SURVEY_INVITATION_MAX_AGE = -1  # the signature itself is too old
    reply = client.post(invite_url(invitation), SETUP)
    assert reply.status_code == 410 and "expiré" in reply.content.decode()
    assert not User.objects.filter(username__startswith="nouvelle").exists()


def test_tampered_invitation_is_refused(client, invitation):
    token = tokens.invitation_token(invitation)
    reply = client.get(f"/questionnaire/invitation/{token[:-2]}xx/")
    assert reply.status_code == 400 and "Lien non valable" in reply.content.decode()


def test_weak_password_is_explained_and_keeps_the_invitation(client, invitation):
    reply = client.post(invite_url(invitation), {**SETUP, "password1": "12345678", "password2": "12345678"})
    text = reply.content.decode()
    assert reply.status_code == 200 and "Le formulaire contient" in text
    assert "trop court" in text or "12 caractères" in text
    mismatch = client.post(invite_url(invitation), {**SETUP, "password2": PASSWORD + "x"})
    assert "ne sont pas identiques" in mismatch.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_password_login_and_logout(client, resp_a, campaign):
    bad = client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": "nope"})
    assert "Adresse électronique ou mot de passe incorrect." in bad.content.decode()
    good = client.post("/questionnaire/connexion/", {"email": resp_a.email.upper(), "password": PASSWORD,
                                                      "next": "/questionnaire/2026/01/"})
    assert good.status_code == 302 and good["Location"] == "/questionnaire/2026/01/"
    offsite = client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": PASSWORD,
                                                        "next": "https://evil.example/"})
    assert offsite["Location"] == "/questionnaire/"
    assert client.post("/questionnaire/deconnexion/").status_code == 302
    assert client.get("/questionnaire/2026/01/").status_code == 302


def test_login_link_is_single_use(client, resp_a, campaign):
    reply = client.post("/questionnaire/connexion/lien/", {"email": resp_a.email})
    assert "Vérifiez votre messagerie" in reply.content.decode() and len(mail.outbox) == 1
    link = re.search(r"http://testserver(/questionnaire/connexion/lien/[^/\s]+/)", mail.outbox[0].body).group(1)
    assert client.get(link).status_code == 200  # a confirmation page: mail scanners do not log in
    assert client.post(link).status_code == 302
    assert client.get("/questionnaire/2026/01/").status_code == 200
    client.logout()
    again = client.post(link)
    assert again.status_code == 410 and "Lien déjà utilisé" in again.content.decode()


def test_login_link_does_not_reveal_accounts(client, db):
    reply = client.post("/questionnaire/connexion/lien/", {"email": "inconnu@example.org"})
    assert "Vérifiez votre messagerie" in reply.content.decode() and mail.outbox == []


def test_expired_login_link(client, resp_a, settings):
    settings.SURVEY_LOGIN_LINK_MAX_AGE = -1
    reply = client.post(f"/questionnaire/connexion/lien/{tokens.login_token(resp_a)}/")
    assert reply.status_code == 410 and "Lien expiré" in reply.content.decode()


def test_login_is_rate_limited_per_ip(client, resp_a):
    for i in range(10):
        assert client.post("/questionnaire/connexion/", {"email": f"x{i}@example.org", "password": "x"}).status_code == 200
    blocked = client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": PASSWORD})
    assert blocked.status_code == 429 and blocked["Retry-After"] == "600"
    assert "Trop de tentatives" in blocked.content.decode() and "10\u00a0minutes" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_lock_the_account_from_that_address_only(client, resp_a):
    for _ in range(5):
        assert client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": "x"},
                           REMOTE_ADDR="10.0.0.1").status_code == 200
    blocked = client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": PASSWORD},
                          REMOTE_ADDR="10.0.0.1")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "900"
    assert "15\u00a0minutes" in blocked.content.decode()
    assert "_auth_user_id" not in client.session
    # The owner, from another address, is not locked out.
    owner = client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": PASSWORD},
                        REMOTE_ADDR="10.0.9.9")
    assert owner.status_code == 302 and client.session["_auth_user_id"] == str(resp_a.pk)


def test_wrong_passwords_from_many_addresses_do_not_lock_the_owner_out(client, resp_a):
    for i in range(10):
        client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": "x"}, REMOTE_ADDR=f"10.0.0.{i}")
    owner = client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": PASSWORD},
                        REMOTE_ADDR="10.0.1.1")
    assert owner.status_code == 302


def test_login_links_are_capped_per_account_without_telling(client, resp_a):
    for i in range(12):
        reply = client.post("/questionnaire/connexion/lien/", {"email": resp_a.email}, REMOTE_ADDR=f"10.0.2.{i}")
        assert reply.status_code == 200 and "Lien envoyé" in reply.content.decode()
    assert len(mail.outbox) == 10


def test_invitation_and_login_link_endpoints_are_rate_limited(client, invitation):
    for _ in range(10):
        assert client.get("/questionnaire/invitation/devine/").status_code == 400
    assert client.get(invite_url(invitation)).status_code == 429
    for _ in range(10):
        client.get("/questionnaire/connexion/lien/devine/")
    assert client.get("/questionnaire/connexion/lien/devine/").status_code == 429
    for i in range(10):
        client.post("/questionnaire/connexion/lien/", {"email": f"a{i}@example.org"})
    assert client.post("/questionnaire/connexion/lien/", {"email": "b@example.org"}).status_code == 429
    assert AuditEvent.objects.filter(action="rate_limited").count() == 3


def test_logs_and_audit_events_hold_no_personal_data(client, invitation, caplog, resp_a):
    caplog.set_level(logging.DEBUG)
    client.post(invite_url(invitation), SETUP)
    client.logout()
    client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": "faux"})
    client.post("/questionnaire/connexion/", {"email": resp_a.email, "password": PASSWORD})
    client.post("/questionnaire/connexion/lien/", {"email": resp_a.email})
    client.post("/questionnaire/2026/01/modifier/", {"version": "0", "action": "draft", "q__priorities": "x"})
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "survey login" in text and "survey response_draft" in text
    events = " ".join(str(e.detail) for e in AuditEvent.objects.all())
    for personal in ("@", "Nora", "Personne", "Camille", "Martin", PASSWORD):
        assert personal not in text and personal not in events
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"invitation_used", "login_failed", "login", "login_link_sent", "response_draft"} <= actions
