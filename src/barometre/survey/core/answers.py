"""Answers as plain data: what changed between two versions of a collectivité's answers.

Answers are `{question_id: value}`; consent is `{question_id: bool}` (True = the answer may be
published under the collectivité's name; absent or False = aggregates only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from barometre.survey.core.questions import QuestionSet


@dataclass(frozen=True)
class Change:
    question: str
    label: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {"question": self.question, "label": self.label, "before": self.before, "after": self.after}


def diff(question_set: QuestionSet, before: dict, after: dict,
         consent_before: dict | None = None, consent_after: dict | None = None) -> list[Change]:
    """Changes in question-set order, answers then publication consent, rendered in French."""
    changes = []
    for question in question_set.questions:
        old, new = before.get(question.id), after.get(question.id)
        if _normal(old) != _normal(new):
            changes.append(Change(question.id, question.label, question.display(old), question.display(new)))
        if consent_before is not None and consent_after is not None:
            was, now = bool(consent_before.get(question.id)), bool(consent_after.get(question.id))
            if was != now:
                changes.append(Change(f"{question.id}__consent", f"Publication : {question.label}",
                                      consent_label(was), consent_label(now)))
    return changes


def consent_label(published: bool) -> str:
    return "publiable au nom de la collectivité" if published else "agrégats seulement"


def _normal(value: Any) -> Any:
    if value in (None, "", [], {}):
        return None
    if isinstance(value, list):
        return sorted(map(str, value))
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v not in (None, "")} or None
    return value


def missing_required(question_set: QuestionSet, answers: dict) -> list[str]:
    """Ids of required questions left unanswered (matrix questions need every row)."""
    missing = []
    for question in question_set.questions:
        if not question.required:
            continue
        value = answers.get(question.id)
        if question.rows:
            if not isinstance(value, dict) or any(value.get(r.value) in (None, "") for r in question.rows):
                missing.append(question.id)
        elif _normal(value) is None:
            missing.append(question.id)
    return missing
