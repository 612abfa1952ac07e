"""Forms of the dashboard: the service filter (GET) and the contest form (POST)."""

from __future__ import annotations

from django import forms

from barometre.glossary import LEVEL_LABELS, THEME_LABELS

from .models import Contest


class ServiceFilter(forms.Form):
    theme = forms.ChoiceField(label="Thématique", required=False,
                              choices=[("", "Toutes")] + list(THEME_LABELS.items()))
    niveau = forms.TypedChoiceField(label="Niveau", required=False, coerce=int, empty_value=None,
                                    choices=[("", "Tous")] + [(k, f"{k} — {v}") for k, v in LEVEL_LABELS.items()])


class ContestForm(forms.ModelForm):
    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")

    class Meta:
        model = Contest
        fields = ["kind", "subject", "url", "message", "author_name", "author_email", "on_behalf"]
        labels = {"kind": "Nature de la demande", "subject": "Objet", "url": "Page concernée (facultatif)",
                  "message": "Votre message", "author_name": "Votre nom (facultatif)",
                  "author_email": "Votre adresse électronique (facultatif, pour vous répondre)",
                  "on_behalf": "J’écris au nom de la collectivité (droit de réponse)"}
        help_texts = {"subject": "Le service, la mesure ou le chiffre concerné.",
                      "url": "Format attendu\u00a0: https://exemple.fr/page",
                      "message": "Ce qui vous semble inexact, et si possible la preuve (adresse de la page).",
                      "author_email": "Format attendu\u00a0: nom@domaine.fr"}
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(Contest.Kind.choices)
        for name, field in self.fields.items():
            if name == "on_behalf":
                continue
            css = "fr-input" if name not in ("kind",) else ""
            if css:
                field.widget.attrs["class"] = css
            field.widget.attrs["aria-describedby"] = f"id_{name}-messages"

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if len(message) < 10:
            raise forms.ValidationError("Précisez votre demande (au moins 10 caractères).")
        return message
