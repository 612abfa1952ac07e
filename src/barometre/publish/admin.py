"""Analysts' back office: contests from the public, and the campaigns themselves."""

from django.contrib import admin
from django.utils import timezone

from barometre.crawl.models import Campaign

from .models import Contest


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ("created_at", "collectivite", "campaign", "kind", "subject", "status")
    list_filter = ("status", "kind", "campaign")
    search_fields = ("collectivite__code", "collectivite__name", "subject", "message")
    readonly_fields = ("collectivite", "campaign", "kind", "subject", "url", "message", "author_name",
                       "author_email", "on_behalf", "created_at")
    fields = (*readonly_fields, "status", "analyst_note", "handled_at")
    date_hierarchy = "created_at"
    list_select_related = ("collectivite", "campaign")
    actions = ["mark_accepted", "mark_rejected"]

    def has_add_permission(self, request):
        return False  # contests come from the public form

    def save_model(self, request, obj, form, change):
        if obj.status != Contest.Status.NEW and obj.handled_at is None:
            obj.handled_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.action(description="Marquer comme retenues")
    def mark_accepted(self, request, queryset):
        queryset.update(status=Contest.Status.ACCEPTED, handled_at=timezone.now())

    @admin.action(description="Marquer comme non retenues")
    def mark_rejected(self, request, queryset):
        queryset.update(status=Contest.Status.REJECTED, handled_at=timezone.now())


if not admin.site.is_registered(Campaign):
    @admin.register(Campaign)
    class CampaignAdmin(admin.ModelAdmin):
        list_display = ("name", "date", "method_version", "frozen", "created_at")
        list_filter = ("frozen", "method_version")
        search_fields = ("name", "notes")
        readonly_fields = ("created_at", "parameters")

        def get_readonly_fields(self, request, obj=None):
            # A frozen edition is never modified again: everything but the notes is read-only.
            if obj is not None and obj.frozen:
                return ("name", "date", "method_version", "frozen", "created_at", "parameters")
            return self.readonly_fields
