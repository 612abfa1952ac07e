"""Campaigns and what each one fetched: pages' metadata here, bodies in WARC files."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from barometre import METHOD_VERSION
from barometre.referential.models import Collectivite

CAMPAIGN_NAME_PATTERN = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\Z"
CAMPAIGN_NAME_RULE = ("use only letters, digits, '-', '_' and '.', not starting with '.', "
                      "at most 100 characters (e.g. 2026-T4)")


class Campaign(models.Model):
    """One dated run over a set of collectivités, with the method version it was made with."""

    # The name is also a directory name (WARC files, lock): crawl.campaign.validate_name.
    name = models.CharField(max_length=100, unique=True, validators=[
        RegexValidator(CAMPAIGN_NAME_PATTERN, f"invalid campaign name: {CAMPAIGN_NAME_RULE}")])
    date = models.DateField(default=timezone.localdate)
    method_version = models.CharField(max_length=20, default=METHOD_VERSION)
    created_at = models.DateTimeField(auto_now_add=True)
    frozen = models.BooleanField(default=False, help_text="A frozen edition is never modified again.")
    parameters = models.JSONField(default=dict, blank=True, help_text="Crawl settings of the last run.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = "campagne"

    def __str__(self) -> str:
        return self.name


class CrawlStatus(models.TextChoices):
    PENDING = "pending", "à collecter"
    RUNNING = "running", "en cours (ou interrompue)"
    INCOMPLETE = "incomplete", "incomplète (échecs passagers)"
    DONE = "done", "terminée"
    UNREACHABLE = "unreachable", "portail injoignable"
    NO_PORTAL = "no_portal", "pas d'URL de portail"


class CrawlRun(models.Model):
    """The crawl of one collectivité within a campaign, with its summary."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="runs")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="crawl_runs")
    start_url = models.URLField(max_length=2000, blank=True)
    hosts = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=CrawlStatus.choices, default=CrawlStatus.PENDING)
    stop_reason = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration = models.FloatField(default=0, help_text="Seconds spent crawling, over all sessions.")
    pages = models.PositiveIntegerField(default=0)
    bytes = models.BigIntegerField(default=0)
    errors = models.JSONField(default=dict, blank=True, help_text="Error count by kind.")
    skipped = models.JSONField(default=dict, blank=True, help_text="URLs not fetched, by reason.")
    external_links = models.PositiveIntegerField(default=0)
    retries = models.JSONField(default=dict, blank=True, help_text=(
        "URLs that failed transiently: {url: {attempts, state}}; state is pending (retried by the "
        "next run), confirmed (the host answered, the page kept failing), given_up, budget (no room "
        "left under --max-pages) or recovered (a robots.txt read at a later run)."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "collectivite"], name="unique_run")]
        ordering = ["campaign", "collectivite__code"]

    def __str__(self) -> str:
        return f"{self.campaign} / {self.collectivite.code}"


class Page(models.Model):
    """One fetched URL (HTML, document, redirect or error) of a collectivité's crawl."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pages")
    collectivite = models.ForeignKey(Collectivite, on_delete=models.CASCADE, related_name="pages")
    url = models.URLField(max_length=2000, help_text="Canonical URL requested.")
    final_url = models.URLField(max_length=2000, blank=True)
    redirect_chain = models.JSONField(default=list, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    error_kind = models.CharField(max_length=40, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    charset = models.CharField(max_length=40, blank=True)
    size = models.PositiveIntegerField(default=0)
    ttfb = models.FloatField(null=True, blank=True, help_text="Seconds to the response headers.")
    download_time = models.FloatField(null=True, blank=True, help_text="Seconds to the whole body.")
    depth = models.PositiveSmallIntegerField(default=0)
    referrer = models.URLField(max_length=2000, blank=True)
    one_hop = models.BooleanField(default=False, help_text="Off-site page fetched one hop away.")
    kind = models.CharField(max_length=20, default="page", help_text=(
        "page, robots, sitemap, sitemap-probe or http-probe (the plain-http home of a portal found on https)."))
    fetched_at = models.DateTimeField()
    title = models.CharField(max_length=500, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    links = models.JSONField(default=list, blank=True, help_text="[[url, anchor text, rel], …]")
    robots_meta = models.CharField(max_length=100, blank=True, help_text="noindex/nofollow seen.")
    anomalies = models.JSONField(default=list, blank=True)
    document = models.JSONField(default=dict, blank=True, help_text="PDF/office facts (fillable form…).")
    warc_file = models.CharField(max_length=300, blank=True)
    warc_offset = models.BigIntegerField(null=True, blank=True)
    warc_length = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "collectivite", "url"], name="unique_page"),
        ]
        indexes = [models.Index(fields=["campaign", "collectivite", "status"])]

    def __str__(self) -> str:
        return self.url
