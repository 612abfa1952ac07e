"""Questionnaire campaigns, respondents, invitations, answers, their history and the survey audit log.

Personal data (respondents' names and e-mails) lives only in Django's `User` and in `Invitation.email`;
answers, revisions and audit events point at users by key and never copy their names or e-mails.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from barometre.referential.models import Collectivite
from barometre.survey.core import questions


def _question_set_choices():
    return [(v, v) for v in questions.available_versions()]


# First path segments of survey/urls.py that a campaign name would shadow.
RESERVED_NAMES = {"connexion", "deconnexion", "invitation"}


class SurveyCampaign(models.Model):
    """One edition of the questionnaire: a question set, open between two dates."""

    name = models.SlugField(max_length=60, unique=True, help_text="Identifiant court, ex. 2026.")
    title = models.CharField(max_length=200)
    question_set = models.CharField(max_length=20, choices=_question_set_choices,
                                    help_text="Version du fichier de questions (survey/questions/).")
    opens_at = models.DateTimeField("ouverture")
    closes_at = models.DateTimeField("clôture")
    observed_campaign = models.CharField(
        "campagne d'observation", max_length=100, blank=True,
        help_text="Nom de la campagne de collecte dont les services sont comparés aux réponses.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = "campagne de questionnaire"
        verbose_name_plural = "campagnes de questionnaire"

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.name in RESERVED_NAMES:
            raise ValidationError({"name": f"« {self.name} » est réservé par les adresses du questionnaire."})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "La clôture doit suivre l'ouverture."})
        if self.question_set:
            try:
                questions.load(self.question_set)
            except questions.QuestionSetError as exc:
                raise ValidationError({"question_set": str(exc)}) from None

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    def questions(self) -> questions.QuestionSet:
        return questions.load(self.question_set)


class Respondent(models.Model):
    """A user who answers for one collectivité."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="respondent")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.PROTECT, related_name="respondents")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "répondant"

    def __str__(self) -> str:
        return f"répondant n° {self.user_id} ({self.collectivite.code})"


def _nonce() -> str:
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """A signed, expiring, single-use link letting one person set up a respondent account."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="invitations")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="survey_invitations")
    email = models.EmailField("adresse électronique")
    nonce = models.CharField(max_length=40, default=_nonce, editable=False, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("expiration")
    used_at = models.DateTimeField("utilisée le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "invitation"

    def __str__(self) -> str:
        return f"invitation n° {self.pk} ({self.collectivite.code}, {self.campaign.name})"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "Envoyé"


class Response(models.Model):
    """A collectivité's answers to one campaign; `version` grows on every save (optimistic locking)."""

    campaign = models.ForeignKey(SurveyCampaign, on_delete=models.CASCADE, related_name="responses")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="survey_responses")
    question_set = models.CharField(max_length=20)
    answers = models.JSONField(default=dict, blank=True)
    consent = models.JSONField(default=dict, blank=True,
                               help_text="{question: true} si la réponse est publiable nominativement.")
    status = models.CharField(max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "collectivite"], name="one_response_per_collectivite")]
        ordering = ["campaign", "collectivite__code"]
        verbose_name = "réponse"

    def __str__(self) -> str:
        return f"{self.collectivite.code} — {self.campaign.name} (v{self.version})"


class RevisionAction(models.TextChoices):
    DRAFT = "draft", "Brouillon enregistré"
    SUBMIT = "submit", "Réponses envoyées"
    AMEND = "amend", "Réponses modifiées"


class Revision(models.Model):
    """One save of a response: who, when, what changed, and the full answers after the save."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=20, choices=RevisionAction.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    changes = models.JSONField(default=list)
    answers = models.JSONField(default=dict)
    consent = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "version"], name="one_revision_per_version")]
        ordering = ["response", "-version"]
        verbose_name = "révision"


class AuditEvent(models.Model):
    """Survey actions worth tracing (invitations, logins, saves, exports, refusals).

    `detail` holds codes and counts, never a name or an e-mail address.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=40)
    campaign = models.ForeignKey(SurveyCampaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    collectivite = models.ForeignKey(Collectivite, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "événement du journal"
        verbose_name_plural = "journal du questionnaire"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
