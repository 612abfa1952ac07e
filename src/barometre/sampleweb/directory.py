"""Directory pages, one per place: collèges (address, principal, phone, pupils) and centres
médico-sociaux / maisons des solidarités (opening hours, address, what they help with).

They sit under the rubriques' paths, next to the services, and name services; they are never
services themselves (truth kind `directory`).
"""

from __future__ import annotations

from .catalogue import CENTRE_KINDS, COLLEGE_NAMES, COMMUNES, PEOPLE, STREETS
from .cms import e, page_url, write_html
from .documents import pdf_form
from .model import Portal
from .pages import rel, visible
from .plan import fiction_phone, slugify
from .store import WebWriter

DAYS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"]
HOURS = ["8 h 30 – 12 h et 13 h 30 – 17 h", "9 h – 12 h 30 et 14 h – 17 h 30", "8 h 45 – 12 h 15",
         "Fermé", "9 h – 17 h (sans interruption)", "Sur rendez-vous uniquement"]


def plan_directories(p: Portal, n: dict) -> None:
    """Names and URLs first: theme pages, the contact page and the site map link the lists."""
    x, c = p.extra, p.chrome
    communes = x.sample(COMMUNES, len(COMMUNES))
    colleges = []
    for i, name in enumerate(x.sample(COLLEGE_NAMES, min(n["colleges"], len(COLLEGE_NAMES)))):
        title = f"Collège {name}"
        colleges.append({"title": title, "commune": communes[i % len(communes)],
                         "url": page_url(p, "college", slug=slugify(title))})
    centres = []
    for i in range(n["centres"]):
        where = communes[-1 - i % len(communes)]
        title = x.choice(CENTRE_KINDS).format(c=where)
        centres.append({"title": title, "commune": where,
                        "url": page_url(p, "centre", slug=slugify(title) + f"-{i + 1}")})
    c["colleges"], c["centres"] = colleges, centres
    c["colleges_url"], c["centres_url"] = page_url(p, "colleges"), page_url(p, "centres")
    extra = c.setdefault("theme_extra", {})
    extra["education"] = f'<p><a href="{e(rel(p, c["colleges_url"]))}">Annuaire des collèges</a></p>'
    extra["solidarites"] = (f'<p><a href="{e(rel(p, c["centres_url"]))}">Où s\'adresser ? Les '
                            "maisons des solidarités</a></p>")
    c["contact_extra"] = (c.get("contact_extra", "") + f'<p>Accueil de proximité : <a href="'
                          f'{e(rel(p, c["centres_url"]))}">trouver une maison des solidarités</a></p>')
    c.setdefault("plan_extra", []).extend([("Annuaire des collèges", c["colleges_url"]),
                                           ("Maisons des solidarités", c["centres_url"])])


def fields(p: Portal, pairs: list[tuple[str, str]]) -> str:
    """Label/value pairs (values are HTML) in the portal's CMS idiom."""
    if p.cms == "drupal":
        return "".join(f'<div class="field field--label-inline"><div class="field__label">{e(k)}'
                       f'</div><div class="field__item">{v}</div></div>' for k, v in pairs)
    if p.cms == "legacy":
        return ('<table border="1" cellpadding="3">' + "".join(
            f"<tr><td><b>{e(k)}</b></td><td>{v}</td></tr>" for k, v in pairs) + "</table>")
    if p.cms == "wordpress":
        return ('<figure class="wp-block-table"><table><tbody>' + "".join(
            f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in pairs) + "</tbody></table></figure>")
    if p.cms == "joomla":
        return ('<dl class="contact-address dl-horizontal">' + "".join(
            f'<dt>{e(k)}</dt><dd><span class="contact-{slugify(k)}">{v}</span></dd>'
            for k, v in pairs) + "</dl>")
    return ('<dl class="fr-card fiche-annuaire">' + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>"
                                                          for k, v in pairs) + "</dl>")


def _address(p: Portal, commune: str) -> str:
    return f"{p.extra.randint(1, 60)} {p.extra.choice(STREETS)}, 99{p.extra.randint(100, 990)} {commune}"


def _service_links(p: Portal, theme: str, count: int) -> str:
    svcs = [s for s in visible(p) if s.theme == theme]
    order = {id(s): i for i, s in enumerate(svcs)}
    picked = sorted(p.extra.sample(svcs, min(count, len(svcs))), key=lambda s: order[id(s)])
    return ", ".join(f'<a href="{e(rel(p, s.page_url))}">{e(s.title)}</a>' for s in picked)


def write_directories(w: WebWriter, p: Portal) -> None:
    c, x = p.chrome, p.extra
    rows = []
    for i, col in enumerate(c["colleges"]):
        civ, first, last = x.choice(PEOPLE)
        head = "Principale" if civ == "Mme" else "Principal"
        phone = fiction_phone(x)
        pairs = [("Adresse", e(_address(p, col["commune"]))), (head, e(f"{civ} {first} {last}")),
                 ("Téléphone", phone),
                 ("Courriel", f'<a href="mailto:ce.099{i:04d}x@ac-{p.slug}.test">ce.099{i:04d}x@ac-'
                              f"{p.slug}.test</a>"),
                 ("Effectif", f"{x.randint(240, 880)} élèves"),
                 ("Secteur de recrutement", e(", ".join(x.sample(COMMUNES, 3))))]
        canteen = _service_links(p, "education", 1)
        if canteen:
            pairs.append(("Restauration et aides", canteen))
        body = fields(p, pairs) + (f"<p>Le {e(col['title'])} accueille les élèves de la 6e à la "
                                   "3e. Le Département assure la construction, l'entretien et "
                                   "l'équipement des collèges.</p>")
        if i % 3 == 1:
            pdf = page_url(p, "file", file=f"inscription-6e-{slugify(col['title'])}.pdf")
            w.page(pdf, pdf_form(f"{col['title']} - dossier d'inscription en 6e",
                                 ["Fiche de renseignements de l'élève", "À remettre au secrétariat "
                                  "du collège"]), ctype="application/pdf")
            p.non_service(pdf, "directory")
            body += f'<p><a href="{e(rel(p, pdf))}">Dossier d\'inscription en 6e (PDF)</a></p>'
        write_html(w, p, col["url"], col["title"], body, [("Annuaire des collèges", c["colleges_url"])],
                   kind="directory")
        rows.append(f'<tr><td><a href="{e(rel(p, col["url"]))}">{e(col["title"])}</a></td>'
                    f"<td>{e(col['commune'])}</td><td>{phone}</td></tr>")
    write_html(w, p, c["colleges_url"], "Annuaire des collèges",
               "<table><thead><tr><th>Collège</th><th>Commune</th><th>Téléphone</th></tr></thead>"
               f"<tbody>{''.join(rows)}</tbody></table>", kind="hub")
    _centres(w, p)


def _centres(w: WebWriter, p: Portal) -> None:
    c, x, items = p.chrome, p.extra, []
    for centre in c["centres"]:
        hours = [(day, x.choice(HOURS[:3]) if day != "Jeudi" else x.choice(HOURS)) for day in DAYS]
        table = "".join(f"<tr><th>{d}</th><td>{e(h)}</td></tr>" for d, h in hours)
        pairs = [("Adresse", e(_address(p, centre["commune"]))), ("Téléphone", fiction_phone(x)),
                 ("Accès", e(x.choice(["Bus ligne 3, arrêt Mairie", "Parking gratuit devant le "
                                        "bâtiment", "Accessible aux personnes à mobilité réduite"])))]
        helps = _service_links(p, "solidarites", x.randint(2, 4))
        body = (fields(p, pairs) + f"<h2>Horaires d'ouverture</h2><table>{table}</table>"
                "<h2>Ce que nous proposons</h2><p>Accueil et écoute, accompagnement social, "
                "consultations de PMI sur rendez-vous. Les travailleurs sociaux vous aident dans vos "
                f"démarches : {helps}.</p>")
        write_html(w, p, centre["url"], centre["title"], body, [("Où s'adresser ?", c["centres_url"])],
                   kind="directory")
        items.append(f'<li><a href="{e(rel(p, centre["url"]))}">{e(centre["title"])}</a></li>')
    write_html(w, p, c["centres_url"], "Où s'adresser ? Les maisons des solidarités",
               f"<p>Près de chez vous, un accueil social et médico-social.</p><ul>{''.join(items)}</ul>",
               kind="hub")
