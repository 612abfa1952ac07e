"""The failure classes met on portals nobody here wrote, each as a realistic page.

Every case is a class of pages real portals have (related-services blocks, sub-navigation,
e-service screens, legal and directory pages, job offers, logos in <h1>, hubs with teasers,
one-script CMSs), not one portal's wording.
"""

from __future__ import annotations

from barometre.crawl.scope import Scope
from barometre.detect.core.features import extract_page, page_links
from barometre.detect.core.grouping import StoredPage, duplicate_pages, group_services
from barometre.detect.core.level import grade_level
from barometre.detect.core.page_kind import page_kind
from barometre.detect.core.record import classify_record
from barometre.detect.core.scoring import load_truth, score_inventory
from barometre.detect.core.service_page import is_service_page

SITE = "https://www.departement.test"


def html(main: str, *, title: str = "Page", head: str = "", header: str = "", aside: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title} | Département</title>
{head}</head><body><header role="banner">{header}<nav><a href="/">Accueil</a><a href="/social">Social</a></nav></header>
<div id="main-content" role="main">{main}{aside}</div>
<footer><a href="/mentions-legales">Mentions légales</a></footer></body></html>"""


SERVICE = """<h1>Aide à la licence sportive</h1>
<p>Un coup de pouce de 30 € sur le prix de la licence pour les jeunes des familles modestes.</p>
<h2>Conditions d'attribution</h2><ul><li>avoir entre 6 et 18 ans</li><li>résider dans le département</li></ul>
<h2>Pièces à fournir</h2><ul><li>attestation de quotient familial</li></ul>
<p><a href="/documents/formulaire-licence-sportive.pdf">Formulaire de demande (PDF)</a> à retourner complété.</p>"""

SIBLINGS = """<ul><li><a href="/sport/clubs">Aide au fonctionnement des clubs sportifs</a></li>
<li><a href="/sport/haut-niveau">Aide aux sportifs de haut niveau</a></li>
<li><a href="/sport/equipements">Aide aux équipements sportifs</a></li></ul>"""


def test_related_blocks_and_sub_navigation_are_not_the_pages_content():
    for extra in (f"<h2>Voir aussi</h2>{SIBLINGS}",
                  f"<section class='services-associes'><h3>Services associés</h3>{SIBLINGS}</section>",
                  f"<div><p class='title'>Ces démarches peuvent aussi vous intéresser</p>{SIBLINGS}</div>",
                  f"<aside>{SIBLINGS}</aside>",
                  f"<nav class='subnav' aria-label='Vie sportive'>{SIBLINGS}</nav>"):
        page = extract_page(f"{SITE}/sport/licence", html(SERVICE + extra, title="Aide à la licence sportive"))
        assert "clubs sportifs" not in page.norm_text, extra
        assert "pieces a fournir" in page.norm_text
        assert is_service_page(page).value


def test_a_logo_in_an_h1_is_not_the_page_title():
    page = extract_page(f"{SITE}/contact", html(
        "<h1 class='page-title'>Nous contacter</h1><p>Écrivez-nous.</p>",
        header="<h1 id='logo'><a href='/'>Le Département</a></h1>"))
    assert page.h1 == "Nous contacter"


def test_canonical_noindex_and_base_href():
    page = extract_page(f"{SITE}/node/12?print=1", html(
        "<h1>APA</h1><p><a href='apa/formulaire.pdf'>Formulaire</a></p>",
        head=f"<link rel='canonical' href='{SITE}/apa'><meta name='robots' content='noindex'>"
             f"<base href='{SITE}/solidarites/'>"))
    assert page.canonical == f"{SITE}/apa" and page.noindex
    assert f"{SITE}/solidarites/apa/formulaire.pdf" in {link.url for link in page.links}
    assert f"{SITE}/solidarites/apa/formulaire.pdf" in {link.url for link in page_links(page.url, html(
        "<a href='apa/formulaire.pdf'>x</a>", head=f"<base href='{SITE}/solidarites/'>"))}


def test_e_service_screens_legal_pages_job_offers_and_directories_are_no_services():
    cases = {
        "eservice_screen": (f"{SITE}/login/?next=/apa/", "<h1>Connexion</h1><form method=post><input name=username>"
                            "<input type=password name=password></form><p>Pièces justificatives, suivi de vos demandes.</p>"),
        "legal_institutional": (f"{SITE}/donnees-personnelles", "<h1>Données personnelles</h1><p>Vos demandes "
                                "d'aide sont traitées… conditions d'exercice de vos droits, formulaire de contact.</p>"),
        "job_offer": (f"{SITE}/emplois/travailleur-social", "<h1>Travailleur social (H/F)</h1><p>Conditions : "
                      "diplôme d'État. Pièces à fournir : CV. Candidatez en ligne.</p><form method=post>"
                      "<input name=nom><input name=mail type=email><input type=file name=cv></form>"),
        "directory_entry": (f"{SITE}/colleges/les-tilleuls", "<h1>Collège des Tilleuls</h1><p>Adresse 8 rue du "
                            "Moulin. Téléphone 04 65 71 74 65. Principal(e) Mme Ornano. Effectif 532 élèves. "
                            "Demi-pension : oui. Conditions d'accès au restaurant scolaire.</p>"),
    }
    for kind, (url, main) in cases.items():
        page = extract_page(url, html(main))
        assert page_kind(page).value == kind, url
        assert not is_service_page(page).value, url


def test_one_paragraph_service_pages_that_say_where_to_apply():
    for main in ("<h1>Généalogie et histoire familiale</h1><p>Les archivistes effectuent des recherches par "
                 "correspondance. Écrivez aux Archives départementales en précisant votre situation ; un agent "
                 "vous rappellera pour fixer un rendez-vous.</p>",
                 "<h1>Médiathèque départementale</h1><p>Elle prête des livres aux bibliothèques des communes. "
                 "Le dossier est à retirer auprès de la médiathèque ; il peut aussi vous être envoyé par "
                 "courrier sur simple appel au 05 36 49 23 62.</p>"):
        page = extract_page(f"{SITE}/culture/x", html(main))
        assert is_service_page(page).value
        assert grade_level(page).value == 1


def test_wording_alone_never_puts_a_service_online():
    for words in ("Comment faire ma demande ? Prenez contact avec le service.",
                  "Le téléservice a été fermé : la demande se fait avec le formulaire papier.",
                  "Bientôt en ligne : la demande en ligne sera possible en 2027.",
                  "Aucune démarche en ligne n'est possible pour le moment."):
        page = extract_page(f"{SITE}/aide", html(f"<h1>Aide</h1><p>{words}</p>"))
        assert grade_level(page).value in (1, 2), words


def test_a_ds_procedure_is_end_to_end_only_when_its_page_offers_an_account_and_follow_up():
    service = extract_page(f"{SITE}/aide", html(
        "<h1>Aide</h1><p>Conditions.</p><a href='https://www.demarches-simplifiees.fr/commencer/aide-x'>Faire ma demande</a>"))
    with_account = extract_page("https://www.demarches-simplifiees.fr/commencer/aide-x", html(
        "<h1>Aide X</h1><p>Créez votre compte ou connectez-vous avec FranceConnect. Joignez vos justificatifs "
        "en ligne, suivez votre dossier et échangez avec l'administration par la messagerie.</p>"))
    without = extract_page("https://www.demarches-simplifiees.fr/commencer/aide-y", html(
        "<h1>Aide Y</h1><p>Remplissez le formulaire sans créer de compte. Les pièces justificatives sont à "
        "envoyer par courrier ; aucun suivi en ligne.</p>"))
    assert grade_level(service, entry_pages=[with_account]).value == 4
    assert grade_level(service, entry_pages=[without]).value == 3


def stored(url: str, main: str, depth: int = 1, **kw) -> StoredPage:
    body = html(main, **kw)
    page = extract_page(url, body)
    return StoredPage(url=url, links=tuple((link.url, link.text, "") for link in page.links), features=page,
                      depth=depth)


def test_hubs_with_teasers_are_not_services_and_a_parent_named_in_a_title_is_no_listing():
    fsl = stored(f"{SITE}/fsl", "<h1>Fonds de solidarité pour le logement (FSL)</h1><p>Le FSL aide les ménages. "
                 "Conditions de ressources. Pièces justificatives : avis d'imposition.</p>"
                 "<a href='/documents/formulaire-fsl.pdf'>Formulaire</a>")
    energy = stored(f"{SITE}/fsl-energie", "<h1>Fonds de solidarité pour le logement (FSL) : aide aux impayés "
                    "d'énergie</h1><p>Le <a href='/fsl'>Fonds de solidarité pour le logement (FSL)</a> prend en "
                    "charge une facture d'énergie impayée. Conditions de ressources. Pièces justificatives : la "
                    "facture.</p><a href='/documents/formulaire-fsl-energie.pdf'>Formulaire</a>")
    hub = stored(f"{SITE}/se-loger", "<h1>Se loger</h1><p>Toutes les démarches « Se loger ».</p>"
                 "<ul><li><a href='/fsl'>Fonds de solidarité pour le logement (FSL)</a> Le FSL aide les "
                 "ménages…</li><li><a href='/fsl-energie'>Fonds de solidarité pour le logement (FSL) : aide aux "
                 "impayés d'énergie</a> Une aide pour les factures…</li></ul><p>Subvention, conditions.</p>", depth=0)
    groups = group_services([hub, fsl, energy], ["www.departement.test"])
    assert sorted(g.page.url for g in groups) == [f"{SITE}/fsl", f"{SITE}/fsl-energie"]


def test_duplicates_by_canonical_and_by_content_are_one_page():
    main = SERVICE
    a = stored(f"{SITE}/sport/licence", main)
    b = stored(f"{SITE}/node/42", main, head=f"<link rel=canonical href='{SITE}/sport/licence'>")
    c = stored(f"{SITE}/sport/licence?p_p_id=portlet_language&p_p_state=normal", main)
    assert duplicate_pages([a, b, c]) == {b.url: a.url, c.url: a.url}
    assert [g.page.url for g in group_services([a, b, c], ["www.departement.test"])] == [a.url]


def test_a_demarche_page_on_the_e_service_host_belongs_to_the_portal_page_that_leads_to_it():
    portal = stored(f"{SITE}/apa", "<h1>APA à domicile</h1><p>Conditions : 60 ans. Pièces justificatives.</p>"
                    "<a href='https://demarches.departement.test/apa/'>Faire ma demande en ligne</a>")
    demarche = stored("https://demarches.departement.test/apa/", "<h1>APA à domicile</h1><p>Pièces "
                      "justificatives en ligne, suivi de votre demande dans votre compte.</p>"
                      "<form method=post><input name=nom><input name=prenom><input type=file name=pj></form>")
    only_there = stored("https://demarches.departement.test/analyse-eau/", "<h1>Analyse de l'eau d'un puits</h1>"
                        "<p>Conditions. Pièces justificatives en ligne, suivi de votre demande.</p>"
                        "<form method=post><input name=nom><input name=adresse><input type=file name=pj></form>")
    groups = group_services([portal, demarche, only_there], ["www.departement.test", "demarches.departement.test"])
    assert sorted(g.page.url for g in groups) == [only_there.url, portal.url]


def test_one_script_cms_is_not_cut_by_the_trap_budget_but_facets_are():
    scope = Scope("http://www.cg.test/")
    articles = [f"http://www.cg.test/index.php?Itemid={i % 9}&id={i}&option=com_content&view=article"
                for i in range(300)]
    assert not any(scope.is_trap(u) for u in articles)
    facets = [f"http://www.cg.test/aides?public=p{i}&thematique=t{i}" for i in range(300)]
    assert sum(scope.is_trap(u) for u in facets) == 300 - 40


def test_standalone_records_graded_from_their_real_links():
    def level(text, *links):
        return classify_record({"service": "Aide", "text": text, "links": list(links)})

    online = level("Déposez votre demande.", "https://portail-usager.departement.fr/demande/apa")
    assert online["level"] == 3 and online["confidence"]["level"] == 0.55
    for url in ("https://mesdemarches.cotesdarmor.fr/aides/#/cd22/connecte/F_SPORT/depot/simple",
                "https://portail.teleservices.dept.fr/transport-adapte/",
                "https://formulaires.mesdemarches.dept.fr/fsl/",
                "https://isereconnect.fr/aides/communes",
                "https://connexion.dept.fr/login/?next=/idp/saml2/sso%3FSAMLRequest%3Dabc",
                "https://www.demarches-simplifiees.fr/commencer/pass-sport"):
        assert level("Faites votre demande.", url)["level"] == 3, url
    assert level("Téléchargez le formulaire.", "https://www.dept.fr/docs/formulaire-demande-aide.pdf")["level"] == 2
    assert level("La demande en ligne n'est plus disponible.", "https://www.dept.fr/docs/dossier-aide.pdf")["level"] == 2
    assert level("Les archives conservent les documents du département.", "https://archives.dept.fr/")["level"] == 1
    assert classify_record({"service": "Aide"})["level"] is None  # a title alone says nothing of the level


EVALWEB_TRUTH = {
    "tracking_params": ["utm_source", "jsessionid"],
    "sites": [{
        "departement": "33", "hosts": ["www.d.test"],
        "pages": {"url_variants": {"http://www.d.test/web/guest/-/apa?p_p_id=x": "http://www.d.test/web/guest/-/apa"}},
        "services": [
            {"service": "APA", "page_url": "http://www.d.test/web/guest/-/apa", "aliases": ["http://www.d.test/node/7"],
             "urls": ["http://www.d.test/web/guest/-/apa"], "theme": "solidarites", "theme_alternatives": [],
             "level": 4, "relay": None},
            {"service": "RSA", "page_url": "http://www.d.test/rsa", "aliases": [], "urls": ["http://www.d.test/rsa"],
             "theme": "emploi_insertion", "theme_alternatives": ["solidarites"], "level": 1, "relay": "caf"},
            {"service": "Cantine", "page_url": "http://www.d.test/cantine", "aliases": [], "theme": "education",
             "urls": ["http://www.d.test/cantine", "http://www.payfip.test/tpa"], "theme_alternatives": [],
             "level": 1, "relay": "payfip"},
        ]}],
}


def test_the_evaluation_web_truth_schema_with_its_normalisation():
    truth, normalise = load_truth(EVALWEB_TRUTH)
    assert truth["collectivites"][0]["code"] == "33"
    assert normalise("HTTPS://WWW.D.TEST/rsa;jsessionid=1?utm_source=x") == "http://www.d.test/rsa"
    detected = {"33": [
        {"page_url": "https://www.d.test/node/7", "urls": [], "theme": "solidarites", "level": 4, "relay": None},
        {"page_url": "http://www.d.test/rsa", "urls": [], "theme": "solidarites", "level": 1, "relay": "caf"},
        {"page_url": "http://www.d.test/cantine", "urls": [], "theme": "education", "level": 1,
         "relay": "dgfip_payfip"},
        {"page_url": "http://www.d.test/web/guest/-/apa?p_p_id=x", "urls": [], "theme": "solidarites", "level": 4,
         "relay": None},
    ]}
    result = score_inventory(detected, EVALWEB_TRUTH, {"33": ["http://www.d.test/rsa", "http://www.d.test/cantine",
                                                              "http://www.d.test/web/guest/-/apa"]})
    overall = result["overall"]
    assert (overall["matched"], overall["detected"]) == (3, 4)  # the portlet variant is the APA page twice
    assert overall["theme_accuracy"] == 1.0 and overall["relay_f1"] == 1.0  # alternatives, payfip = dgfip_payfip
    assert overall["coverage"] == 0.75 and result["collectivites"]["33"]["not_fetched"] == ["http://www.payfip.test/tpa"]


def test_a_layout_wrapper_named_like_a_side_block_keeps_the_content():
    main = f"<div class='layout-with-sidebar'>{SERVICE}<aside class='sidebar'>{SIBLINGS}</aside></div>"
    page = extract_page(f"{SITE}/sport/licence", html(main, title="Aide à la licence sportive"))
    assert "pieces a fournir" in page.norm_text and "clubs sportifs" not in page.norm_text
    assert is_service_page(page).value


def test_a_hostile_nesting_is_parsed_up_to_where_it_begins():
    deep = "<div>" * 200_000 + "buried" + "</div>" * 200_000
    page = extract_page(f"{SITE}/piege", f"<html><body><main><h1>Piège</h1><p>Conditions.</p>{deep}</main></body></html>")
    assert page.h1 == "Piège" and "buried" not in page.text


def test_the_own_truth_is_normalised_like_the_detected_urls():
    truth = {"collectivites": [{"code": "S09", "reachable": True, "services": [
        {"page_url": "https://www.portail.test/aides/apa", "urls": ["https://www.portail.test/aides/apa"],
         "theme": "solidarites", "level": 4, "relay": None}]}]}
    detected = {"S09": [{"page_url": "https://WWW.portail.test/aides/apa", "urls": [], "theme": "solidarites",
                         "level": 4, "relay": None}]}
    assert score_inventory(detected, truth)["overall"]["matched"] == 1
