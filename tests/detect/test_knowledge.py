import shutil

import pytest
import yaml

from barometre.detect.core.knowledge import (
    KNOWLEDGE_DIR,
    THEMES,
    KnowledgeError,
    load_knowledge,
    load_knowledge_from,
)

REQUIRED = {
    "apa_domicile": "solidarites", "apa_etablissement": "solidarites", "pch": "solidarites",
    "aide_sociale_hebergement": "solidarites", "aide_menagere": "solidarites",
    "teleassistance": "solidarites", "carte_mobilite_inclusion": "solidarites",
    "mdph_demande": "solidarites", "rsa_demande": "solidarites", "rsa_accompagnement": "emploi_insertion",
    "fsl": "solidarites", "fsl_energie": "solidarites", "agrement_assistant_maternel": "solidarites",
    "agrement_assistant_familial": "solidarites", "agrement_adoption": "solidarites",
    "pmi_consultations": "solidarites", "enfance_en_danger": "solidarites",
    "contrat_jeune_majeur": "solidarites", "faj": "emploi_insertion",
    "aide_mobilite_insertion": "emploi_insertion", "clause_sociale": "emploi_insertion",
    "restauration_colleges": "education", "bourse_departementale": "education",
    "ordinateur_collegiens": "education", "classes_decouverte": "education",
    "conseil_departemental_jeunes": "education", "coupon_sport": "sport",
    "subvention_clubs_sportifs": "sport", "manifestations_sportives": "sport",
    "sportifs_haut_niveau": "sport", "archives_recherche": "tourisme_culture",
    "archives_etat_civil": "tourisme_culture", "mediatheque_reservation": "tourisme_culture",
    "subvention_culture": "tourisme_culture", "enseignements_artistiques": "tourisme_culture",
    "patrimoine_restauration": "tourisme_culture", "subvention_communes": "developpement_territorial",
    "subvention_associations": "developpement_territorial", "aide_agriculture": "developpement_territorial",
    "aide_eau_assainissement": "developpement_territorial", "ens_animations": "developpement_territorial",
    "aide_renovation_habitat": "developpement_territorial", "permission_voirie": "voirie_transport",
    "transports_exceptionnels": "voirie_transport", "transport_eleves_handicapes": "voirie_transport",
    "signalement_voirie": "voirie_transport", "covoiturage_aires": "voirie_transport",
    "pass_transport_seniors": "voirie_transport", "paiement_factures": "autre", "recrutement": "autre",
}


def test_shipped_knowledge_loads_once_and_is_complete():
    k = load_knowledge()
    assert load_knowledge() is k
    assert 70 <= len(k.catalogue) <= 100
    themes = {e.id: e.theme for e in k.catalogue}
    for sid, theme in REQUIRED.items():
        assert themes.get(sid) == theme, sid
    assert set(k.theme_keywords) == set(THEMES)
    assert set(k.versions) == {"catalogue.yaml", "themes.yaml", "relays.yaml", "platforms.yaml", "cues.yaml",
                              "page_kinds.yaml"}
    apa = next(e for e in k.catalogue if e.id == "apa_domicile")
    assert {"APA", "ADPA", "Adapa"} <= set(apa.synonyms)
    assert "NOTRe" in next(e for e in k.catalogue if e.id == "transport_eleves_handicapes").competence


def test_sample_web_relay_hosts_are_declared():
    hosts = load_knowledge().relay_hosts
    assert hosts["www.caf.test"] == "caf"
    assert hosts["mdphenligne.test"] == "mdph"
    assert hosts["www.payfip.test"] == "dgfip_payfip"
    assert hosts["www.maregion.test"] == "region"
    assert hosts["tipi.budget.gouv.fr"] == "dgfip_payfip"


@pytest.fixture
def knowledge_copy(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _edit_catalogue(directory, change):
    path = directory / "catalogue.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["services"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_bad_theme_is_named(knowledge_copy):
    _edit_catalogue(knowledge_copy, lambda s: s[0].update(theme="social"))
    with pytest.raises(KnowledgeError, match=r"catalogue\.yaml: entry 'apa_domicile': unknown theme 'social'"):
        load_knowledge_from(knowledge_copy)


def test_duplicate_id_is_named(knowledge_copy):
    _edit_catalogue(knowledge_copy, lambda s: s.append(dict(s[0])))
    with pytest.raises(KnowledgeError, match=r"catalogue\.yaml: entry 'apa_domicile': duplicate id"):
        load_knowledge_from(knowledge_copy)


def test_missing_field_is_named(knowledge_copy):
    _edit_catalogue(knowledge_copy, lambda s: s[2].pop("synonyms"))
    with pytest.raises(KnowledgeError, match=r"entry 'pch': missing field 'synonyms'"):
        load_knowledge_from(knowledge_copy)
    _edit_catalogue(knowledge_copy, lambda s: s[2].pop("label"))
    with pytest.raises(KnowledgeError, match=r"entry 'pch': missing or empty field 'label'"):
        load_knowledge_from(knowledge_copy)


def test_missing_version_and_bad_relay(knowledge_copy):
    path = knowledge_copy / "relays.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sample_web"]["www.cpam.test"] = "cpam"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"relays\.yaml: sample_web host 'www\.cpam\.test': unknown relay 'cpam'"):
        load_knowledge_from(knowledge_copy)
    data.pop("version")
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"relays\.yaml: top level: missing field 'version'"):
        load_knowledge_from(knowledge_copy)


def test_bad_keyword_weight(knowledge_copy):
    path = knowledge_copy / "themes.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["themes"]["sport"]["keywords"]["sport"] = "beaucoup"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"themes\.yaml: theme 'sport': keyword 'sport'"):
        load_knowledge_from(knowledge_copy)
