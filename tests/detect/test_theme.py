import json
from pathlib import Path

import pytest

from barometre.detect.core.catalogue import match_catalogue
from barometre.detect.core.record import evaluate
from barometre.detect.core.theme import classify_theme

DEV = Path(__file__).resolve().parents[1] / "data" / "services_dev.jsonl"


def _dev():
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_dev_set_theme_macro_f1_from_title_alone():
    rows = _dev()
    assert len(rows) == 71
    predictions = [{"theme": classify_theme(r["service"]).value} for r in rows]
    report = evaluate(rows, predictions, fields=("theme",))["theme"]
    print(f"\ndev theme macro-F1 (title only) = {report['macro_f1']:.3f}, accuracy = {report['accuracy']:.3f}")
    for label, s in report["per_class"].items():
        print(f"  {label:26} P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f} n={s['support']}")
    assert report["macro_f1"] >= 0.90


@pytest.mark.parametrize(("title", "theme"), [
    ("Demande d'ADPA", "solidarites"),
    ("Allocation personnalisée d'autonomie en établissement", "solidarites"),
    ("Obtenir un agrément d'assistante maternelle", "solidarites"),
    ("Accompagnement vers l'emploi des allocataires du RSA", "emploi_insertion"),
    ("Inscription à la cantine du collège", "education"),
    ("Aide à la licence sportive", "sport"),
    ("Aide aux festivals", "tourisme_culture"),
    ("Aide à l'installation des jeunes agriculteurs", "developpement_territorial"),
    ("Demande d'arrêté d'alignement", "voirie_transport"),
    ("Arrêté de circulation pour une course cycliste", "voirie_transport"),
    ("Offres d'emploi du Département", "autre"),
    ("Plan du site", "autre"),
])
def test_titles_outside_the_dev_set(title, theme):
    assert classify_theme(title).value == theme


def test_theme_decision_carries_evidence_and_url_helps():
    d = classify_theme("Demande en ligne", url="https://www.cotedor.fr/aide/aide-aux-clubs-sportifs")
    assert d.value == "sport"
    assert any("url keyword" in e.cue for e in d.evidence)
    assert 0 < d.confidence <= 1


def test_catalogue_synonyms():
    for title in ("APA", "ADPA : comment la demander", "Adapa", "L'allocation personnalisée d'autonomie"):
        assert match_catalogue(title).id == "apa_domicile", title
    m = match_catalogue("APA en établissement : demande en ligne")
    assert m.id == "apa_etablissement" and m.synonym == "APA en etablissement"
    assert match_catalogue("Fonds d'aide aux jeunes (FAJ)").id == "faj"
    assert match_catalogue("Plan du site") is None
