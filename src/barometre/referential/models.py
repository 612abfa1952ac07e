"""The collectivités Baromètre observes, their départements and their context data."""

from django.db import models


class Kind(models.TextChoices):
    DEPARTEMENT = "departement", "Département"
    STATUT_PARTICULIER = "collectivite_statut_particulier", "Collectivité à statut particulier"
    CTU = "collectivite_territoriale_unique", "Collectivité territoriale unique"
    METROPOLE = "metropole", "Métropole"
    SITE = "site", "Site (fichier de sites)"


REFERENTIEL = "referentiel"


class Collectivite(models.Model):
    """A collectivité exercising départemental competences, or a site from a sites file."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    region_code = models.CharField(max_length=8, blank=True)
    region_name = models.CharField(max_length=100, blank=True)
    zone = models.CharField(max_length=8, blank=True, help_text="metro ou drom")
    population = models.PositiveIntegerField(null=True, blank=True)
    portal_url = models.URLField(max_length=500, null=True, blank=True)
    portal_note = models.TextField(blank=True, help_text="Why the URL was corrected, or why it is unknown.")
    hosts = models.JSONField(default=list, blank=True, help_text="Known e-service hosts.")
    note = models.TextField(blank=True)
    source = models.CharField(
        max_length=200, default=REFERENTIEL,
        help_text="'referentiel' for the bundled list, otherwise the sites file it came from.",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "collectivité"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def departement_codes(self) -> list[str]:
        return [d.code for d in self.departements.all()]


class Departement(models.Model):
    """A département of the COG (with 69D/69M split); each belongs to one collectivité."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=100)
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="departements")
    chef_lieu = models.CharField(max_length=5, blank=True)
    population = models.PositiveIntegerField()
    communes = models.PositiveIntegerField()
    geometry = models.JSONField(null=True, blank=True, help_text="GeoJSON geometry, WGS84.")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ContextKind(models.TextChoices):
    OPERATING_REVENUE = "operating_revenue", "Recettes réelles de fonctionnement (€)"
    DIGITAL_FRAGILITY = "digital_fragility", "Indice de fragilité numérique"


class ContextValue(models.Model):
    """A context figure imported from a file the user downloaded (OFGL, fragility index)."""

    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="context")
    kind = models.CharField(max_length=40, choices=ContextKind.choices)
    year = models.PositiveIntegerField(null=True, blank=True)
    value = models.FloatField()
    per_inhabitant = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=300)
    note = models.TextField(blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collectivite", "kind", "year"], name="unique_context_value"),
        ]
        ordering = ["collectivite__code", "kind", "year"]

    def __str__(self) -> str:
        return f"{self.collectivite.code} {self.kind} {self.year}: {self.value}"
