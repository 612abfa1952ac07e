"""One glossary: every file that names its ids agrees with it, and no module keeps a copy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from barometre import glossary

SRC = Path(glossary.__file__).resolve().parent


def test_the_glossary_holds_the_seven_survey_themes_and_the_ladder():
    assert len(glossary.THEMES) == 7 and glossary.OTHER_THEME not in glossary.THEMES
    assert (*glossary.THEMES, "autre") == glossary.THEME_IDS
    assert glossary.LEVELS == (0, 1, 2, 3, 4)
    assert set(glossary.THEME_LABELS) == set(glossary.THEME_PHRASES) == set(glossary.THEME_IDS)
    assert glossary.TIERS[0] == "Avancé" and set(glossary.TIER_COLOURS) == set(glossary.TIERS)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["themes"].append(dict(d["themes"][0])), "duplicate id 'solidarites'"),
    (lambda d: d["levels"].pop(), "levels must be 0 to 4"),
    (lambda d: d["tiers"][0].update(colour="blue"), "colour must be #rrggbb"),
    (lambda d: d["relays"][0].update(label=" "), "empty value"),
    (lambda d: d["platforms"][0].pop("label"), "expected exactly the keys id, label"),
    (lambda d: d.update(other_theme={"id": "sport", "label": "x", "phrase": "x"}), "other_theme"),
])
def test_a_broken_glossary_is_refused_with_the_entry(tmp_path, edit, message):
    data = yaml.safe_load(glossary.PATH.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "glossary.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(glossary.GlossaryError, match=re.escape(message)):
        glossary._load(path)


def test_detection_knowledge_follows_the_glossary():
    from barometre.detect.core.knowledge import load_knowledge

    k = load_knowledge()
    assert set(k.theme_keywords) == set(glossary.THEME_IDS)
    themes = {e.theme for e in k.catalogue}
    assert set(glossary.THEMES) <= themes <= set(glossary.THEME_IDS)
    assert set(k.relay_hosts.values()) <= set(glossary.RELAYS)
    assert set(k.platforms) <= set(glossary.PLATFORMS)


def test_service_model_choices_come_from_the_glossary():
    from barometre.detect.models import Service

    fields = {f.name: f for f in Service._meta.get_fields() if getattr(f, "choices", None)}
    assert [c for c, _ in fields["theme"].choices] == list(glossary.THEME_IDS)
    assert dict(fields["theme"].choices) == dict(glossary.THEME_LABELS)
    assert [c for c, _ in fields["relay"].choices] == list(glossary.RELAYS)
    assert [c for c, _ in fields["platform"].choices] == list(glossary.PLATFORMS)


def test_weights_follow_the_glossary():
    from barometre.indicators.core.weights import load

    weights = load()
    assert weights["themes"] == glossary.THEMES
    assert [t["label"] for t in weights["tiers"]] == list(glossary.TIERS)
    assert set(weights["statement_status"]) == set(glossary.STATEMENT_STATUSES)
    assert set(weights["speed_grades"]) == set(glossary.SPEED_GRADES)
    assert set(weights["ladder"]) == set(glossary.LEVELS)


def test_a_weights_file_with_other_tiers_is_refused(tmp_path):
    from barometre.indicators.core.weights import DEFAULT, WeightsError, load

    text = DEFAULT.read_text(encoding="utf-8").replace('label: "Confirmé"', 'label: "Confirmée"')
    path = tmp_path / "weights.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WeightsError, match="tiers"):
        load(path)


def test_audit_knowledge_follows_the_glossary():
    from barometre.audit.core import speed, support
    from barometre.audit.knowledge.loader import cues

    assert tuple(cues()["statement"]["status_phrases"]) == glossary.STATEMENT_STATUSES
    assert support.CHANNELS == glossary.CONTACT_CHANNELS
    limits = {"good_below": 0.4, "fair_below": 0.8}
    assert {speed.grade(t, limits) for t in (0.1, 0.5, 2.0)} == set(glossary.SPEED_GRADES)


def test_the_question_set_asks_the_glossary_themes_in_order():
    from barometre.survey.core.declared import THEMES_QUESTION
    from barometre.survey.core.questions import load

    question = load("2026").question(THEMES_QUESTION)
    assert [row.value for row in question.rows] == list(glossary.THEMES)


# Strings that only a copy of the glossary would hold, and the files allowed to hold them:
# the glossary, knowledge keyed by theme (checked above), the question set's wording and the
# weights' tier thresholds (checked at load), migrations, and the sample web (the fiction the
# tests crawl, with its own truth).
COPY_MARKERS = ("developpement_territorial", "Formulaire à télécharger", "En progression",
                "Téléphone avec horaires", "DGFiP / PayFiP")
ALLOWED = ("glossary.yaml", "detect/knowledge/", "survey/questions/", "/migrations/", "sampleweb/",
           "indicators/knowledge/weights.yaml")


def test_no_module_keeps_a_copy_of_the_glossary():
    copies = []
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in (".py", ".yaml", ".html", ".js") or path.name == "glossary.py":
            continue
        rel = path.relative_to(SRC).as_posix()
        if any(part in f"/{rel}" for part in ALLOWED):
            continue
        text = path.read_text(encoding="utf-8")
        copies += [f"{rel}: {marker}" for marker in COPY_MARKERS if marker in text]
    assert not copies, copies
