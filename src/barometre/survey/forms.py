"""Forms generated from a question set, and the account forms (set-up, login, login link).

Field names: `q__<question>` (or `q__<question>__<row>` for matrix rows), `consent__<question>`,
and `version`, the response version the form was based on (optimistic locking).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib.auth import password_validation

from barometre.survey.core.questions import MATRIX_TYPES, Question, QuestionSet

REQUIRED = "Répondez à la question « {label} »."
CHOOSE = "Choisissez une réponse pour « {label} »."


def _coerce(question: Question):
    by_text = {str(o.value): o.value for o in question.choices}
    return lambda text: by_text[text]


def _radio(question: Question, label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=_coerce(question), empty_value=None,
        choices=[(str(o.value), o.label) for o in question.choices], widget=forms.RadioSelect,
        error_messages={"required": CHOOSE.format(label=label),
                        "invalid_choice": f"Choix non valable pour « {label} »."},
    )


def dsfr_widgets(form: forms.Form) -> None:
    """DSFR classes on text-like inputs, and each field described by its error messages."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect | forms.CheckboxSelectMultiple
                      | forms.CheckboxInput):
            continue
        widget.attrs.setdefault("class", "fr-input")
        widget.attrs["aria-describedby"] = f"{form[name].auto_id}-messages"
        if getattr(field, "max_length", None):
            widget.attrs["maxlength"] = str(field.max_length)


def error_summary(form: forms.Form) -> list[tuple[str, str]]:
    """(element id, message) pairs in page order, for the error summary at the top of a form."""
    summary = [("", e) for e in form.non_field_errors()]
    for name, field in form.fields.items():
        for error in form.errors.get(name, []):
            field_id = form[name].auto_id
            if isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                field_id += "-fieldset"
            summary.append((field_id, error))
    return summary


@dataclass
class QuestionFields:
    """A question with its bound fields, for the templates."""

    question: Question
    fields: list  # BoundFields (one per row for matrices)
    consent: object

    @property
    def kind(self) -> str:
        return self.question.type

    @property
    def errors(self) -> list[str]:
        return [e for f in self.fields for e in f.errors]


class AnswersForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, question_set: QuestionSet, *args, complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_set = question_set
        self.complete = complete
        for question in question_set.questions:
            for name, field in self._fields_for(question):
                self.fields[name] = field
            self.fields[f"consent__{question.id}"] = forms.BooleanField(
                required=False, label="Publier cette réponse au nom de ma collectivité",
            )
        dsfr_widgets(self)

    def _fields_for(self, q: Question):
        if q.type in MATRIX_TYPES:
            for row in q.rows:
                field = _radio(q, row.label)
                field.required = self.complete and q.required
                yield f"q__{q.id}__{row.value}", field
            return
        if q.type == "single":
            field = _radio(q, q.label)
        elif q.type == "multiple":
            field = forms.TypedMultipleChoiceField(
                label=q.label, required=False, coerce=_coerce(q),
                choices=[(str(o.value), o.label) for o in q.choices], widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": f"Choix non valable pour « {q.label} »."},
            )
        elif q.type == "integer":
            bounds = f"entre {q.min} et {q.max}" if q.min is not None and q.max is not None else "valable"
            field = forms.IntegerField(
                label=q.label, required=False, min_value=q.min, max_value=q.max,
                error_messages={
                    "invalid": f"« {q.label} » : saisissez un nombre entier, sans espace ni unité.",
                    "min_value": f"« {q.label} » : saisissez un nombre {bounds}.",
                    "max_value": f"« {q.label} » : saisissez un nombre {bounds}.",
                },
            )
        else:
            field = forms.CharField(
                label=q.label, required=False, max_length=q.max_length, strip=True,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={
                    "max_length": f"« {q.label} » : {q.max_length} caractères au plus "
                                  "(vous en avez saisi %(show_value)d).",
                },
            )
        field.required = self.complete and q.required
        if field.required:
            field.error_messages["required"] = (CHOOSE if q.type == "single" else REQUIRED).format(label=q.label)
        yield f"q__{q.id}", field

    @classmethod
    def initial_from(cls, question_set: QuestionSet, answers: dict, consent: dict, version: int) -> dict:
        initial: dict = {"version": version}
        for q in question_set.questions:
            value = answers.get(q.id)
            if q.type in MATRIX_TYPES:
                for row in q.rows:
                    if isinstance(value, dict) and value.get(row.value) is not None:
                        initial[f"q__{q.id}__{row.value}"] = str(value[row.value])
            elif q.type == "multiple":
                initial[f"q__{q.id}"] = [str(v) for v in value or []]
            elif value is not None:
                initial[f"q__{q.id}"] = str(value) if q.type == "single" else value
            initial[f"consent__{q.id}"] = bool(consent.get(q.id))
        return initial

    def answers(self) -> dict:
        data = self.cleaned_data
        result: dict = {}
        for q in self.question_set.questions:
            if q.type in MATRIX_TYPES:
                rows = {r.value: data.get(f"q__{q.id}__{r.value}") for r in q.rows}
                rows = {k: v for k, v in rows.items() if v is not None}
                if rows:
                    result[q.id] = rows
                continue
            value = data.get(f"q__{q.id}")
            if value not in (None, "", []):
                result[q.id] = list(value) if q.type == "multiple" else value
        return result

    def consent(self) -> dict:
        return {q.id: True for q in self.question_set.questions if self.cleaned_data.get(f"consent__{q.id}")}

    def sections(self):
        """[(section, [QuestionFields…])] in question-set order."""
        layout = []
        for section in self.question_set.sections:
            items = []
            for q in section.questions:
                names = ([f"q__{q.id}__{r.value}" for r in q.rows] if q.type in MATRIX_TYPES
                         else [f"q__{q.id}"])
                items.append(QuestionFields(q, [self[n] for n in names], self[f"consent__{q.id}"]))
            layout.append((section, items))
        return layout

    def error_summary(self) -> list[tuple[str, str]]:
        return error_summary(self)


class SetupForm(forms.Form):
    """Account set-up from an invitation."""

    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(label="Mot de passe", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text="12 caractères au moins, pas uniquement des chiffres, pas un mot de passe courant.")
    password2 = forms.CharField(label="Confirmation du mot de passe", strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        dsfr_widgets(self)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class LoginForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dsfr_widgets(self)

    email = forms.EmailField(label="Adresse électronique", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label="Mot de passe", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class LoginLinkForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dsfr_widgets(self)

    email = forms.EmailField(label="Adresse électronique", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
