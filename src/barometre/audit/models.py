"""Portal audits of a campaign: one row per collectivité, and the pages audited in a browser.

The measures themselves stay the JSON the pure core produced (every value with its evidence
URLs and, when missing, the reason); a few headline fields are copied out for the admin's lists.
"""

from django.db import models

from barometre.audit.core.record import AuditRecord
from barometre.crawl.models import Campaign
from barometre.referential.models import Collectivite


class PortalAudit(models.Model):
    """The audit of one collectivité's portal within a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="audits")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="audits")
    reference_date = models.DateField(help_text="The campaign date: statements' age is judged against it.")
    method_version = models.CharField(max_length=20)
    crawl_status = models.CharField(max_length=20, help_text="Status of the crawl run audited.")
    home_url = models.URLField(max_length=2000, blank=True)
    static = models.JSONField(help_text="Static audit from the stored crawl (barometre.audit.core).")
    browser = models.JSONField(null=True, blank=True,
                               help_text="In-browser audit of the sampled pages; null when not run.")
    not_measured = models.JSONField(default=list, blank=True,
                                    help_text="[{measure, reason}] — what this audit could not measure.")
    # Headline values, copied from the JSON for lists and filters.
    statement_status = models.CharField(max_length=40, blank=True)
    viewport_meta = models.BooleanField(null=True)
    franceconnect = models.BooleanField(null=True)
    pages_audited = models.PositiveIntegerField(default=0)
    browser_pages = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "collectivite"], name="unique_portal_audit")]
        ordering = ["campaign", "collectivite__code"]
        verbose_name = "audit de portail"
        verbose_name_plural = "audits de portail"

    def __str__(self) -> str:
        return f"{self.campaign} / {self.collectivite.code}"

    @property
    def record(self) -> AuditRecord:
        """The audit as the later stages read it (raises AuditFormatError for another method's JSON)."""
        return AuditRecord.read(self.static, self.browser)


class BrowserPage(models.Model):
    """One page of a portal audited in Chromium: load metrics, axe-core, phone-width layout."""

    audit = models.ForeignKey(PortalAudit, on_delete=models.CASCADE, related_name="browser_results")
    url = models.URLField(max_length=2000)
    role = models.CharField(max_length=20, help_text="home, hub, service or form: why it was sampled.")
    cue = models.CharField(max_length=300, blank=True, help_text="What made it chosen.")
    error = models.CharField(max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    metrics = models.JSONField(default=dict, blank=True)
    ecoindex = models.JSONField(default=dict, blank=True)
    axe = models.JSONField(default=dict, blank=True)
    mobile = models.JSONField(default=dict, blank=True)
    network = models.JSONField(default=dict, blank=True)
    duration = models.FloatField(default=0, help_text="Seconds spent on this page.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "url"], name="unique_browser_page")]
        ordering = ["audit", "id"]
        verbose_name = "page auditée dans le navigateur"
        verbose_name_plural = "pages auditées dans le navigateur"

    def __str__(self) -> str:
        return self.url
