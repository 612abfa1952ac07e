"""The question set is data: the 2026 file loads, and malformed files are refused with a clear message."""

import pytest

from barometre.survey.core import questions
from barometre.survey.core.answers import diff, missing_required
from tests.survey.conftest import COMPLETE


def test_2026_question_set_covers_the_issue():
    qs = questions.load("2026")
    ids = {q.id for q in qs.questions}
    assert {"themes", "end_to_end_estimate", "roadmap_status", "obstacles", "obstacles_other",
            "divide_concern", "divide_measures", "budget_keur", "staff_fte", "platforms", "priorities"} <= ids
    assert [r.value for r in qs.question("themes").rows] == [
        "solidarites", "developpement_territorial", "education", "sport", "tourisme_culture",
        "emploi_insertion", "voirie_transport"]
    assert len(qs.question("obstacles").rows) == 7
    assert {c.value for c in qs.question("divide_measures").choices} == {
        "france_services", "conseillers_numeriques", "phone_help", "assisted_filing", "paper_kept"}
    assert all(q.max_length for q in qs.questions if q.type == "text")


@pytest.mark.parametrize("raw, message", [
    ({"version": "x", "title": "t"}, "missing 'sections'"),
    ({"version": "x", "title": "t", "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "a", "type": "essay", "label": "A"}]}]}, "type 'essay'"),
    ({"version": "x", "title": "t", "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "a", "type": "text", "label": "A", "max_length": 10},
        {"id": "a", "type": "text", "label": "B", "max_length": 10}]}]}, "duplicate question id 'a'"),
    ({"version": "x", "title": "t", "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "a", "type": "scale_matrix", "scale": "nope", "label": "A",
         "rows": [{"value": "r", "label": "R"}]}]}]}, "scale 'nope'"),
    ({"version": "x", "title": "t", "sections": [{"id": "s", "title": "S", "questions": [
        {"id": "a", "type": "text", "label": "A"}]}]}, "max_length"),
])
def test_malformed_question_sets_are_refused(raw, message):
    with pytest.raises(questions.QuestionSetError, match=message):
        questions.parse(raw, source="test.yaml")


def test_unknown_version_names_the_available_ones():
    with pytest.raises(questions.QuestionSetError, match="available: .*2026"):
        questions.load("1999")


def test_display_and_diff_in_french():
    qs = questions.load("2026")
    assert qs.question("divide_concern").display(2) == "Assez"
    assert qs.question("end_to_end_estimate").display(1200) == "1\u202f200"
    assert qs.question("priorities").display(None) == "—"
    after = {**COMPLETE, "end_to_end_estimate": 20}
    changes = diff(qs, COMPLETE, after, {}, {"themes": True})
    assert [c.question for c in changes] == ["themes__consent", "end_to_end_estimate"]
    assert changes[1].before == "12" and changes[1].after == "20"


def test_missing_required():
    qs = questions.load("2026")
    assert missing_required(qs, COMPLETE) == []
    partial = {**COMPLETE, "themes": {"solidarites": "partial"}}
    assert missing_required(qs, partial) == ["themes"]
