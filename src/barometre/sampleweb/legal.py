"""Legal and institutional pages: personal data, cookies, budget, open data, administrative
acts, public procurement. Some carry forms, documents or online-sounding wording; none is a
service (truth kind `legal`)."""

from __future__ import annotations

from .catalogue import THEMES
from .cms import e, page_url, write_html
from .documents import pdf_form
from .model import Portal
from .pages import rel, visible
from .store import WebWriter

# page key -> title variants (one drawn per portal)
TITLES = {
    "donnees_personnelles": ["Données personnelles", "Protection des données personnelles",
                             "Politique de confidentialité"],
    "cookies": ["Gestion des cookies", "Paramètres des cookies", "Cookies et traceurs"],
    "budget": ["Budget 2026", "Le budget primitif 2026", "Budget 2026 : les chiffres clés"],
    "open_data": ["Données ouvertes", "Open data", "Nos données en accès libre"],
    "actes": ["Recueil des actes administratifs", "Actes administratifs",
              "Recueil des actes administratifs (RAA)"],
    "marches": ["Marchés publics", "Appels d'offres et marchés publics",
                "Les marchés publics du Département"],
}
SLUGS = {"donnees_personnelles": "donnees-personnelles", "cookies": "gestion-des-cookies",
         "budget": "budget-2026", "open_data": "open-data", "actes": "recueil-des-actes-administratifs",
         "marches": "marches-publics"}
SHARES = {"solidarites": 54, "education": 11, "voirie_transport": 13, "developpement_territorial": 6,
          "tourisme_culture": 3, "sport": 2, "emploi_insertion": 5}


def plan_legal(p: Portal) -> None:
    c, x = p.chrome, p.extra
    c["legal_pages"] = {key: (x.choice(titles), page_url(p, "info", slug=SLUGS[key]))
                        for key, titles in TITLES.items()}
    pages = c["legal_pages"]
    c["footer"] += [(pages["donnees_personnelles"][0], rel(p, pages["donnees_personnelles"][1])),
                    (pages["cookies"][0], rel(p, pages["cookies"][1]))]
    c.setdefault("institution_links", []).extend(
        pages[k] for k in ("budget", "open_data", "actes", "marches"))
    c.setdefault("plan_extra", []).extend(pages.values())


def write_legal(w: WebWriter, p: Portal) -> None:
    c, x = p.chrome, p.extra
    pages = c["legal_pages"]
    files = _data_files(w, p)
    bodies = {
        "donnees_personnelles": _personal_data(w, p),
        "cookies": ("<p>Ce site utilise des cookies de mesure d'audience et des cookies "
                    "nécessaires à son fonctionnement. Vous pouvez modifier vos choix à tout moment."
                    '</p><form method="post" action="/cookies/preferences"><fieldset><legend>Mesure '
                    'd\'audience</legend><input type="radio" id="ck-oui" name="audience" value="1">'
                    '<label for="ck-oui">Accepter</label><input type="radio" id="ck-non" '
                    'name="audience" value="0" checked><label for="ck-non">Refuser</label>'
                    '</fieldset><button type="submit">Enregistrer mes choix</button></form>'),
        "budget": _budget(p, files),
        "open_data": ("<p>Le Département publie ses données sous Licence Ouverte 2.0 : vous pouvez "
                      "les réutiliser librement, y compris à des fins commerciales.</p><ul>"
                      + "".join(f'<li><a href="{e(rel(p, u))}">{e(t)}</a> (CSV)</li>' for t, u in files)
                      + "</ul>"),
        "actes": _acts(w, p),
        "marches": ("<p>Le Département publie ses consultations sur son profil acheteur. Les "
                    "dossiers de consultation sont téléchargeables gratuitement et les entreprises "
                    "déposent leurs offres en ligne, de manière dématérialisée.</p><h2>Marchés en "
                    f"cours</h2><ul><li>Entretien des routes départementales — lot {x.randint(1, 6)}"
                    "</li><li>Restauration scolaire des collèges</li><li>Transport des élèves en "
                    f"situation de handicap</li></ul><p>Contact : marches@{p.slug}.test</p>"),
    }
    for key, (title, url) in pages.items():
        write_html(w, p, url, title, bodies[key], kind="legal")


def _personal_data(w: WebWriter, p: Portal) -> str:
    body = (f"<p>{e(p.name)} traite des données personnelles pour instruire vos demandes d'aides "
            "et de prestations. Conformément au règlement général sur la protection des données "
            "(RGPD), vous disposez d'un droit d'accès, de rectification, d'effacement et "
            "d'opposition.</p><h2>Exercer vos droits</h2><p>Écrivez au délégué à la protection des "
            f'données : dpo@{p.slug}.test, ou utilisez le <a href="{e(rel(p, p.chrome["contact"]))}">'
            "formulaire de contact</a>. Vous pouvez aussi adresser une réclamation à la CNIL.</p>")
    if p.extra.random() < 0.5:
        pdf = page_url(p, "file", file="formulaire-exercice-des-droits-rgpd.pdf")
        w.page(pdf, pdf_form("Exercice des droits sur vos données personnelles",
                             ["À retourner au délégué à la protection des données."],
                             ["Nom", "Prénom", "Droit exercé"]), ctype="application/pdf")
        p.non_service(pdf, "legal")
        body += f'<p><a href="{e(rel(p, pdf))}">Formulaire d\'exercice des droits (PDF)</a></p>'
    return body


def _budget(p: Portal, files: list[tuple[str, str]]) -> str:
    total = p.extra.randint(600, 1900)
    shares = "".join(
        f'<li><a href="{e(rel(p, p.chrome["theme_urls"][t]))}">{e(THEMES[t][0])}</a> : {pct} %</li>'
        for t, pct in SHARES.items())
    return (f"<p>Voté en décembre 2025, le budget primitif 2026 s'élève à {total} millions "
            "d'euros. Il finance d'abord les solidarités : allocations individuelles, "
            f"accompagnement des personnes âgées et handicapées, protection de l'enfance.</p>"
            f"<h2>Répartition par politique</h2><ul>{shares}</ul>"
            f'<p><a href="{e(rel(p, files[0][1]))}">Télécharger les données du budget (CSV)</a></p>')


def _acts(w: WebWriter, p: Portal) -> str:
    svcs = visible(p)
    items = []
    for n in range(1, 4):
        svc = svcs[(n * 7) % len(svcs)]
        url = page_url(p, "file", file=f"raa-2026-{n:02d}.pdf")
        w.page(url, pdf_form(f"Recueil des actes administratifs n° 2026-{n:02d}", [
            f"Arrêté n° 2026-{p.extra.randint(100, 999)} relatif à : {svc.title}",
            "Délibérations de la commission permanente", "Arrêtés de tarification"]),
            ctype="application/pdf")
        p.non_service(url, "legal")
        items.append(f'<li><a href="{e(rel(p, url))}">Recueil n° 2026-{n:02d} (PDF)</a></li>')
    return ("<p>Les arrêtés et délibérations du Département sont publiés chaque mois au recueil "
            f"des actes administratifs.</p><ul>{''.join(items)}</ul>")


def _data_files(w: WebWriter, p: Portal) -> list[tuple[str, str]]:
    budget = page_url(p, "file", file="budget-primitif-2026.csv")
    rows = "".join(f"{t};{pct}\n" for t, pct in SHARES.items())
    w.page(budget, "politique;part_pct\n" + rows, ctype="text/csv; charset=utf-8")
    colleges = page_url(p, "file", file="annuaire-colleges.csv")
    w.page(colleges, "college;commune\n" + "".join(f"{c['title']};{c['commune']}\n"
                                                  for c in p.chrome["colleges"]),
           ctype="text/csv; charset=utf-8")
    for url in (budget, colleges):
        p.non_service(url, "legal")
    return [("Budget primitif 2026", budget), ("Annuaire des collèges", colleges)]
