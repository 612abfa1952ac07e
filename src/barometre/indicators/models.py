"""Indicators of a campaign: one row per collectivité, and the national figures."""

from django.db import models

from barometre.crawl.models import Campaign
from barometre.referential.models import Collectivite


class CollectiviteIndicators(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="indicators")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="indicators")
    measured = models.BooleanField(help_text="False when the portal could not be crawled (out of denominators).")
    not_measured_reason = models.CharField(max_length=300, blank=True)
    sdi = models.FloatField(null=True, blank=True)
    pqi = models.FloatField(null=True, blank=True)
    tier = models.CharField(max_length=40, blank=True)
    end_to_end = models.PositiveIntegerField(default=0)
    partial = models.PositiveIntegerField(default=0)
    services_found = models.PositiveIntegerField(default=0)
    themes_covered = models.PositiveSmallIntegerField(default=0)
    values = models.JSONField(default=dict, help_text="Every indicator, with its components.")
    context = models.JSONField(default=dict, help_text="Population, revenue, fragility, density, peer groups.")
    weights_version = models.CharField(max_length=20)
    method_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "collectivite"], name="unique_indicators")]
        ordering = ["campaign", "collectivite__code"]
        verbose_name = "indicateurs d'une collectivité"
        verbose_name_plural = "indicateurs des collectivités"

    def __str__(self) -> str:
        return f"{self.campaign} / {self.collectivite.code}"


class NationalFigures(models.Model):
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="national")
    values = models.JSONField(default=dict)
    narrative = models.JSONField(default=list, help_text="[{text, figures}] — every sentence with its figures.")
    weights_version = models.CharField(max_length=20)
    method_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "chiffres nationaux"
        verbose_name_plural = "chiffres nationaux"

    def __str__(self) -> str:
        return str(self.campaign)
