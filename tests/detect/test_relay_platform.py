from barometre.detect.core.features import extract_page
from barometre.detect.core.platform import detect_platform, franceconnect
from barometre.detect.core.relay import classify_relay


def test_relay_from_links_real_and_sample_hosts():
    d = classify_relay(["https://www.payfip.gouv.fr/tpa/paiement.web"], None, "https://www.isere.fr/payer-en-ligne")
    assert d.value == "dgfip_payfip" and d.confidence >= 0.7
    assert d.evidence[0].url.startswith("https://www.payfip.gouv.fr")
    links = [{"url": "https://mdphenligne.test/dossier", "text": "MDPH en ligne"}]
    assert classify_relay(links, None, "https://www.dep.test/mdph").value == "mdph"
    assert classify_relay(["https://www.caf.test/rsa"], None, "").value == "caf"
    assert classify_relay(["https://candidat.francetravail.fr/"], None, "").value == "france_travail"
    assert classify_relay(["https://www.service-public.gouv.fr/particuliers/vosdroits/F2"]).value == "service_public"


def test_relay_text_only_is_weak_and_absent_is_null():
    d = classify_relay([], "La demande de RSA se fait auprès de la CAF ou de la MSA.", "https://www.aude.fr/rsa")
    assert d.value in {"caf", "msa"} and d.confidence < 0.5
    none = classify_relay(["https://www.aude.fr/autre-page"], "Rien à signaler.", "https://www.aude.fr/x")
    assert none.value is None and none.evidence


def test_platform_fingerprints(page):
    publik = page("level4_publik.html", url="https://demarches.loire-atlantique.fr/mon-compte/")
    d = detect_platform(publik)
    assert d.value == "publik" and d.confidence > 0.9
    mgdis = page("mgdis_portal.html", url="https://aides.sarthe.fr/")
    assert detect_platform(mgdis).value == "mgdis"
    ds_service = page("level3_ds_service.html", url="https://www.departement18.fr/bourse")
    d = detect_platform(ds_service)
    assert d.value == "demarches_simplifiees"
    assert "commencer" in d.evidence[0].cue
    sample = extract_page("https://www.demarches-simplifiees.test/commencer/apa", "<html><body><h1>APA</h1></body></html>")
    assert detect_platform(sample).value == "demarches_simplifiees"
    assert detect_platform(page("level1_info.html")).value is None


def test_in_house_needs_account_cues():
    html = """<html><body><main><h1>Mon espace usager</h1><p>Créer mon compte pour suivre mes demandes.</p>
    <form method="post"><input name="login"><input type="password" name="pwd"></form></main></body></html>"""
    d = detect_platform(extract_page("https://monespaceusager.ardeche.fr/", html))
    assert d.value == "in_house"
    plain = extract_page("https://mon.departement.fr/", "<html><body><p>Bienvenue</p></body></html>")
    assert detect_platform(plain).value is None


def test_franceconnect(page):
    entry = page("level3_ds_commencer.html", url="https://www.demarches-simplifiees.fr/commencer/x")
    assert franceconnect([entry]).value is True
    link = extract_page("https://x.fr/", '<a href="https://app.franceconnect.test/api/v1/authorize">Se connecter</a>')
    assert franceconnect([link]).value is True
    no = franceconnect([page("level1_info.html")])
    assert no.value is False and no.confidence < 0.8


def test_franceconnect_mentioned_or_explained_is_not_offered():
    """The service and its portal are judged by one list (detect/knowledge/platforms.yaml): the
    informational site or the bare word used to make a service "FranceConnect" while the audit
    said the portal had none."""
    from barometre.audit import knowledge as audit_knowledge
    from barometre.detect.core.knowledge import load_knowledge

    news = extract_page("https://www.cd.fr/actu", '<p>Le Département adopte <a href="https://franceconnect.gouv.fr/">'
                                                  "FranceConnect</a> en 2025 : qu'est-ce que FranceConnect ?</p>")
    assert franceconnect([news]).value is False
    assert audit_knowledge.franceconnect() == {k: list(v) for k, v in load_knowledge().franceconnect.items()}
