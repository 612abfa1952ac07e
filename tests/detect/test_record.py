from barometre.detect.core.record import classify_record, evaluate, label_of


def test_classify_record_title_only():
    out = classify_record({"service": "Paiement en ligne des factures du Département"})
    assert out["theme"] == "autre"
    assert out["level"] is None  # no text, no link: no level evidence
    assert out["relay"] == "dgfip_payfip"  # catalogue default, weak
    assert out["confidence"]["relay"] < 0.5
    assert out["evidence"]["theme"]


def test_classify_record_with_text_and_links():
    rec = {
        "service": "Aide aux sportifs de haut niveau",
        "url": "https://www.departement974.fr/aide/sportifs",
        "text": "Téléchargez le formulaire de demande, à retourner complété par courrier.",
        "links": [{"url": "https://www.departement974.fr/docs/formulaire-sportifs.pdf", "text": "Formulaire"}],
    }
    out = classify_record(rec)
    assert (out["theme"], out["level"], out["relay"]) == ("sport", 2, None)
    rec = {"service": "Revenu de solidarité active (RSA) : demande",
           "links": ["https://www.caf.fr/allocataires/rsa"], "url": "https://www.aude.fr/rsa"}
    out = classify_record(rec)
    assert out["relay"] == "caf" and out["level"] == 1


def test_evaluate_maps_other_and_ignores_null():
    gold = [{"theme": "sport", "relay": "other:prefecture"}, {"theme": "sport", "relay": None},
            {"theme": "autre", "relay": "caf"}]
    pred = [{"theme": "sport", "relay": "other"}, {"theme": "autre", "relay": "caf"},
            {"theme": "autre", "relay": "caf"}]
    report = evaluate(gold, pred, fields=("theme", "relay"))
    assert report["relay"]["n"] == 2 and report["relay"]["accuracy"] == 1.0
    assert report["theme"]["confusion"]["sport"] == {"sport": 1, "autre": 1}
    assert report["theme"]["per_class"]["autre"]["precision"] == 0.5
    assert label_of("other:xyz") == "other" and label_of(3) == 3
