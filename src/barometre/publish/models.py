"""What the public sends back: error reports and the collectivités' right of reply."""

from django.db import models

from barometre.crawl.models import Campaign
from barometre.referential.models import Collectivite


class Contest(models.Model):
    """A reader's "signaler une erreur / droit de réponse" about a collectivité's results."""

    class Kind(models.TextChoices):
        ERROR = "erreur", "Signaler une erreur"
        REPLY = "reponse", "Droit de réponse de la collectivité"

    class Status(models.TextChoices):
        NEW = "nouveau", "à traiter"
        ACCEPTED = "retenu", "retenu (correction faite)"
        REJECTED = "non_retenu", "non retenu"

    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="contests")
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="contests")
    kind = models.CharField("nature", max_length=20, choices=Kind.choices, default=Kind.ERROR)
    subject = models.CharField("objet", max_length=200, help_text="Service, mesure ou chiffre concerné.")
    url = models.URLField("page concernée", max_length=2000, blank=True)
    message = models.TextField("message", max_length=5000)
    author_name = models.CharField("nom", max_length=200, blank=True)
    author_email = models.EmailField("courriel", blank=True, help_text="Only used to answer; never logged.")
    on_behalf = models.BooleanField("au nom de la collectivité", default=False)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.NEW)
    analyst_note = models.TextField("note de l'analyste", blank=True)
    created_at = models.DateTimeField("reçu le", auto_now_add=True)
    handled_at = models.DateTimeField("traité le", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "contestation"
        verbose_name_plural = "contestations"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.collectivite.code} — {self.subject}"
