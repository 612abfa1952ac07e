"""Fixtures for the questionnaire: an open campaign, two collectivités, respondents and staff."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

PASSWORD = "Questionnaire-2026-solide"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Hashing strength is not under test here; a fast hasher keeps the suite quick.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def campaign(db):
    from barometre.survey.models import SurveyCampaign

    now = timezone.now()
    return SurveyCampaign.objects.create(
        name="2026", title="Questionnaire 2026", question_set="2026",
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
    )


@pytest.fixture
def coll_a(db):
    from barometre.referential.models import Collectivite

    return Collectivite.objects.get(code="01")


@pytest.fixture
def coll_b(db):
    from barometre.referential.models import Collectivite

    return Collectivite.objects.get(code="02")


def make_respondent(collectivite, email, first="Camille", last="Martin"):
    from django.contrib.auth.models import User

    from barometre.survey.models import Respondent

    user = User.objects.create_user(username=email, email=email, password=PASSWORD,
                                    first_name=first, last_name=last)
    Respondent.objects.create(user=user, collectivite=collectivite)
    return user


@pytest.fixture
def resp_a(coll_a):
    return make_respondent(coll_a, "camille.martin@ain.example")


@pytest.fixture
def resp_a2(coll_a):
    return make_respondent(coll_a, "dominique.durand@ain.example", "Dominique", "Durand")


@pytest.fixture
def resp_b(coll_b):
    return make_respondent(coll_b, "alex.petit@aisne.example", "Alex", "Petit")


@pytest.fixture
def staff(db):
    from django.contrib.auth.models import User

    return User.objects.create_user(username="analyste@barometre.example", email="analyste@barometre.example",
                                    password=PASSWORD, is_staff=True, first_name="Ana", last_name="Lyste")


COMPLETE = {
    "themes": {"solidarites": "end_to_end", "developpement_territorial": "partial", "education": "none",
               "sport": "none", "tourisme_culture": "partial", "emploi_insertion": "none",
               "voirie_transport": "none"},
    "end_to_end_estimate": 12,
    "roadmap_status": "in_progress",
    "obstacles": {"roadmap": 3, "information_circuits": 2, "process_redesign": 2, "data_security": 1,
                  "skills": 2, "budget": 3, "tools_knowledge": 1},
    "divide_concern": 2,
    "divide_measures": ["france_services", "phone_help"],
}


def form_data(answers, version, action="draft", consent=()):
    """POST data for the questionnaire form, as a browser would send it."""
    data = {"version": str(version), "action": action}
    for qid, value in answers.items():
        if isinstance(value, dict):
            for row, v in value.items():
                data[f"q__{qid}__{row}"] = str(v)
        elif isinstance(value, list):
            data[f"q__{qid}"] = [str(v) for v in value]
        else:
            data[f"q__{qid}"] = str(value)
    for qid in consent:
        data[f"consent__{qid}"] = "on"
    return data
