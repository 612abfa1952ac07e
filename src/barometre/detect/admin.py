"""Analysts review services and correct theme, level or relay; each change is a Correction."""

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from barometre.detect.models import CORRECTABLE, Correction, Service


class ServiceForm(forms.ModelForm):
    correction_note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                      help_text="Why the detector was wrong (kept with the correction).")

    class Meta:
        model = Service
        fields = ("theme", "level", "relay")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceForm
    list_display = ("name", "collectivite", "campaign", "theme", "level", "relay", "platform", "catalogue_id",
                    "confidence", "corrected_fields")
    list_filter = ("campaign", "theme", "level", "relay", "platform", "collectivite")
    search_fields = ("name", "catalogue_id", "page_url", "collectivite__code", "collectivite__name")
    readonly_fields = ("campaign", "collectivite", "name", "catalogue_id", "platform", "page_link", "entry_link",
                       "url_list", "franceconnect", "offline_alternative", "confidence", "evidence_table",
                       "corrected_fields", "method_version")
    fields = ("campaign", "collectivite", "name", "catalogue_id", "theme", "level", "relay", "correction_note",
              "platform", "franceconnect", "offline_alternative", "confidence", "page_link", "entry_link",
              "url_list", "evidence_table", "corrected_fields", "method_version")
    list_select_related = ("collectivite", "campaign")

    def has_add_permission(self, request):
        return False  # services come from the inventory; analysts correct them

    @admin.display(description="page")
    def page_link(self, obj):
        return format_html('<a href="{0}" rel="noreferrer">{0}</a>', obj.page_url) if obj.page_url else "—"

    @admin.display(description="entrée")
    def entry_link(self, obj):
        return format_html('<a href="{0}" rel="noreferrer">{0}</a>', obj.entry_url) if obj.entry_url else "—"

    @admin.display(description="URLs")
    def url_list(self, obj):
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((u,) for u in obj.urls)))

    @admin.display(description="preuves")
    def evidence_table(self, obj):
        rows = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                                ((e.get("field", ""), e.get("cue", ""), e.get("url", "")) for e in obj.evidence))
        return format_html("<table><tr><th>champ</th><th>indice</th><th>URL</th></tr>{}</table>", rows)

    @admin.display(description="corrigé")
    def corrected_fields(self, obj):
        return ", ".join(obj.corrected) or "—"

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get("correction_note", "")
        for name in CORRECTABLE:
            if name in form.changed_data:
                value = getattr(obj, name)
                Correction.objects.create(collectivite=obj.collectivite, key=obj.key, field=name,
                                          value="" if value is None else str(value), author=request.user,
                                          note=note)
                if name not in obj.detected:
                    obj.detected[name] = form.initial.get(name)
                if name not in obj.corrected:
                    obj.corrected.append(name)
        super().save_model(request, obj, form, change)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("collectivite", "key", "field", "value", "author", "created_at")
    list_filter = ("field", "collectivite")
    search_fields = ("key", "note", "collectivite__code")
    readonly_fields = ("created_at",)
