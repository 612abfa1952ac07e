"""Inventoried services of a campaign, and analysts' corrections kept across re-runs."""

from django.conf import settings
from django.db import models

from barometre import glossary
from barometre.crawl.models import Campaign
from barometre.detect.core.knowledge import PLATFORMS, RELAYS, THEMES
from barometre.referential.models import Collectivite

THEME_CHOICES = [(t, glossary.THEME_LABELS[t]) for t in THEMES]
RELAY_CHOICES = [(r, glossary.RELAY_LABELS[r]) for r in RELAYS]
PLATFORM_CHOICES = [(p, glossary.PLATFORM_LABELS[p]) for p in PLATFORMS]
LEVEL_CHOICES = [(k, f"{k} {label.lower()}") for k, label in glossary.LEVEL_LABELS.items()]
CORRECTABLE = ("theme", "level", "relay")


class Service(models.Model):
    """One service of a collectivité found (or, at level 0, not found) in a campaign's crawl."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="services")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=500)
    theme = models.CharField(max_length=40, choices=THEME_CHOICES)
    level = models.PositiveSmallIntegerField(choices=LEVEL_CHOICES)
    relay = models.CharField(max_length=40, choices=RELAY_CHOICES, null=True, blank=True)
    platform = models.CharField(max_length=40, choices=PLATFORM_CHOICES, null=True, blank=True)
    catalogue_id = models.CharField(max_length=100, null=True, blank=True)
    page_url = models.URLField(max_length=2000, blank=True, help_text="Page presenting it (empty at level 0).")
    entry_url = models.URLField(max_length=2000, blank=True, help_text="Where one starts the procedure.")
    urls = models.JSONField(default=list, blank=True, help_text="Every URL tied to the service.")
    franceconnect = models.BooleanField(default=False)
    offline_alternative = models.BooleanField(default=False)
    evidence = models.JSONField(default=list, blank=True, help_text="[{field, cue, url}, …]")
    confidence = models.FloatField(default=0)
    corrected = models.JSONField(default=list, blank=True, help_text="Fields set by an analyst's correction.")
    detected = models.JSONField(default=dict, blank=True,
                                help_text="What the detector said for each corrected field.")
    method_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "collectivite__code", "-level", "name"]
        indexes = [models.Index(fields=["campaign", "collectivite", "level"]),
                   models.Index(fields=["campaign", "theme"])]
        verbose_name = "service"

    def __str__(self) -> str:
        return f"{self.name} ({self.collectivite.code}, niveau {self.level})"

    @property
    def key(self) -> str:
        """What a correction is attached to: the catalogue entry, else the page URL."""
        return self.catalogue_id or self.page_url


class Correction(models.Model):
    """An analyst's value for one field of one service of a collectivité, whatever the campaign.

    The service is identified by its catalogue entry, or by its page URL for extras; the
    latest correction of a field wins and is re-applied every time the inventory runs.
    """

    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="corrections")
    key = models.CharField(max_length=2000, help_text="Catalogue id, or the page URL for services outside it.")
    field = models.CharField(max_length=20, choices=[(f, f) for f in CORRECTABLE])
    value = models.CharField(max_length=40, blank=True, help_text="Empty means none (relay only).")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["collectivite__code", "key", "field", "-created_at", "-id"]
        indexes = [models.Index(fields=["collectivite", "key"])]
        verbose_name = "correction"

    def __str__(self) -> str:
        return f"{self.collectivite.code} {self.key} {self.field}={self.value or '∅'}"

    def typed_value(self):
        if self.field == "level":
            return int(self.value)
        return self.value or None
