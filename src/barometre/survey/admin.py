"""Analysts manage campaigns and invitations here; answers, history and the audit log are read-only.

Every admin change is recorded by Django's LogEntry (shown read-only below) on top of the survey's
own AuditEvent log.
"""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.html import format_html

from barometre.admin_base import ReadOnlyAdmin
from barometre.survey import journal, tokens
from barometre.survey.models import (
    AuditEvent,
    Invitation,
    Respondent,
    Response,
    Revision,
    SurveyCampaign,
)


@admin.register(SurveyCampaign)
class SurveyCampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "question_set", "opens_at", "closes_at", "observed_campaign")
    search_fields = ("name", "title")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("id", "campaign", "collectivite", "created_at", "expires_at", "used_at")
    list_filter = ("campaign",)
    readonly_fields = ("created_by", "created_at", "used_at", "link")
    fields = ("campaign", "collectivite", "email", "expires_at", "created_by", "created_at", "used_at", "link")
    actions = ["send_invitations"]

    def get_changeform_initial_data(self, request):
        return {"expires_at": tokens.invitation_expiry(), **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            journal.record("invitation_created", actor=request.user, campaign=obj.campaign,
                           collectivite=obj.collectivite, invitation=obj.pk)

    @admin.display(description="lien d'invitation")
    def link(self, obj):
        if not obj.pk or obj.used_at:
            return "—"
        path = reverse("survey:invitation", args=[tokens.invitation_token(obj)])
        return format_html('<a href="{}">{}</a>', path, path)

    @admin.action(description="Envoyer l'invitation par courriel")
    def send_invitations(self, request, queryset):
        sent = 0
        for invitation in queryset.filter(used_at__isnull=True).select_related("campaign", "collectivite"):
            send_invitation(invitation, request)
            journal.record("invitation_sent", actor=request.user, campaign=invitation.campaign,
                           collectivite=invitation.collectivite, invitation=invitation.pk)
            sent += 1
        self.message_user(request, f"{sent} invitation(s) envoyée(s).", messages.SUCCESS)


def send_invitation(invitation: Invitation, request=None) -> str:
    """E-mail the link; returns it (the command line prints it for the analyst)."""
    url = tokens.absolute_url(reverse("survey:invitation", args=[tokens.invitation_token(invitation)]), request)
    send_mail(
        f"Baromètre — invitation au questionnaire « {invitation.campaign.title} »",
        "Bonjour,\n\nVous êtes invité à répondre au questionnaire du Baromètre pour "
        f"{invitation.collectivite.name}.\nPour créer votre accès, ouvrez ce lien (une seule fois, "
        f"jusqu'au {invitation.expires_at:%d/%m/%Y}) :\n{url}\n",
        None, [invitation.email],
    )
    return url


@admin.register(Respondent)
class RespondentAdmin(admin.ModelAdmin):
    list_display = ("user", "collectivite", "created_at")
    list_select_related = ("user", "collectivite")
    raw_id_fields = ("user",)


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ("version", "action", "user", "at", "changes")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("collectivite", "campaign", "status", "version", "updated_at")
    list_filter = ("campaign", "status")
    search_fields = ("collectivite__code", "collectivite__name")
    inlines = [RevisionInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "actor", "campaign", "collectivite")
    list_filter = ("action",)
    date_hierarchy = "at"


if not admin.site.is_registered(LogEntry):
    @admin.register(LogEntry)
    class LogEntryAdmin(ReadOnlyAdmin):
        list_display = ("action_time", "user", "content_type", "object_repr", "action_flag")
        list_filter = ("action_flag", "content_type")
        date_hierarchy = "action_time"
