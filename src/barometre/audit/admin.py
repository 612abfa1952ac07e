"""Read-only admin views of the portal audits (they are recomputed, never edited by hand)."""

import json

from django.contrib import admin
from django.utils.html import format_html

from barometre.admin_base import ReadOnlyAdmin

from .models import BrowserPage, PortalAudit


def _pretty(value) -> str:
    return format_html("<pre style='white-space: pre-wrap'>{}</pre>",
                       json.dumps(value, ensure_ascii=False, indent=2))


class BrowserPageInline(admin.TabularInline):
    model = BrowserPage
    fields = ("role", "url", "status", "error", "duration")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PortalAudit)
class PortalAuditAdmin(ReadOnlyAdmin):
    list_display = ("collectivite", "campaign", "reference_date", "crawl_status", "statement_status",
                    "viewport_meta", "franceconnect", "pages_audited", "browser_pages")
    list_filter = ("campaign", "crawl_status", "statement_status", "viewport_meta", "franceconnect")
    search_fields = ("collectivite__code", "collectivite__name")
    readonly_fields = ("campaign", "collectivite", "reference_date", "method_version", "crawl_status",
                       "home_url", "created_at", "updated_at", "not_measured_view", "static_view",
                       "browser_view")
    exclude = ("static", "browser", "not_measured")
    inlines = [BrowserPageInline]

    @admin.display(description="non mesuré")
    def not_measured_view(self, obj):
        return _pretty(obj.not_measured)

    @admin.display(description="audit statique")
    def static_view(self, obj):
        return _pretty(obj.static)

    @admin.display(description="audit dans le navigateur")
    def browser_view(self, obj):
        return _pretty(obj.browser)


@admin.register(BrowserPage)
class BrowserPageAdmin(ReadOnlyAdmin):
    list_display = ("url", "role", "audit", "status", "error", "duration")
    list_filter = ("role", "audit__campaign")
    search_fields = ("url",)
    readonly_fields = ("audit", "url", "role", "cue", "status", "final_url", "error", "duration",
                       "metrics_view", "ecoindex_view", "axe_view", "mobile_view", "network_view")
    exclude = ("metrics", "ecoindex", "axe", "mobile", "network")

    @admin.display(description="mesures de chargement")
    def metrics_view(self, obj):
        return _pretty(obj.metrics)

    @admin.display(description="EcoIndex")
    def ecoindex_view(self, obj):
        return _pretty(obj.ecoindex)

    @admin.display(description="axe-core")
    def axe_view(self, obj):
        return _pretty(obj.axe)

    @admin.display(description="mobile (375 px)")
    def mobile_view(self, obj):
        return _pretty(obj.mobile)

    @admin.display(description="réseau")
    def network_view(self, obj):
        return _pretty(obj.network)
