"""Service pages of a portal: the page, its sub-page, its documents and its own HTML form."""

from __future__ import annotations

from .catalogue import NATIONAL, SUBSECTIONS, THEMES
from .cms import e, render, url_for
from .documents import doc_form, docx_form, pdf_form
from .model import Portal, Service
from .plan import DS_HOST
from .store import WebWriter

ESERVICE_PATHS = {"publik": "/{theme}/{slug}/", "mgdis": "/aides/demande/{slug}",
                  "in_house": "/demarches/{slug}"}
DOC_TYPES = {"pdf": "application/pdf", "docx":
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "doc": "application/msword"}
PUBLICS = {"solidarites": "les personnes âgées, les personnes handicapées et les familles",
           "education": "les collégiens et leurs familles", "sport": "les clubs et les sportifs",
           "tourisme_culture": "les habitants, les chercheurs et les associations culturelles",
           "emploi_insertion": "les personnes en parcours d'insertion",
           "developpement_territorial": "les communes, les associations et les exploitants",
           "voirie_transport": "les usagers de la route et les entreprises",
           "autre": "tous les usagers"}


def assign_urls(p: Portal) -> None:
    rng = p.rng
    for s in p.services:
        theme = THEMES[s.theme][1]
        kw = {"theme": theme, "slug": s.slug, "sub": rng.choice(SUBSECTIONS[s.theme]),
              "mm": f"{rng.randint(1, 12):02d}"}
        s.page_url = url_for(p, "service", **kw)
        if s.split:
            s.sub_url = url_for(p, "sub", **kw)
            s.notice_url = url_for(p, "doc", file=f"pieces-justificatives-{s.slug}.pdf", **kw)
        if s.form_kind and s.form_kind.startswith("pdf"):
            s.doc_url = url_for(p, "doc", file=f"formulaire-{s.slug}.pdf", **kw)
        elif s.form_kind in ("docx", "doc"):
            s.doc_url = url_for(p, "doc", file=f"formulaire-{s.slug}.{s.form_kind}", **kw)
        if s.form_kind == "html_form":
            s.form_url = url_for(p, "form", **kw) if p.cms in ("drupal", "legacy") else None
            s.entry_url = s.form_url or s.page_url
        elif s.form_kind == "ds":
            s.entry_url = f"http://{DS_HOST}/commencer/{p.slug}-{s.slug}"
        elif s.form_kind == "eservice":
            host = p.platforms[s.platform]
            s.entry_url = f"http://{host}" + ESERVICE_PATHS[s.platform].format(**kw)
        elif s.relay:
            s.entry_url = s.relay_url
        elif s.doc_url:
            s.entry_url = s.doc_url
        s.urls = [u for u in (s.page_url, s.sub_url, s.doc_url, s.notice_url, s.form_url,
                              s.entry_url, s.relay_url) if u]


def _how(p: Portal, s: Service) -> str:
    addr = f"Hôtel du Département, {p.rng.randint(1, 40)} place de la Préfecture"
    if s.relay:
        operator = NATIONAL[[h for h, (lab, _) in NATIONAL.items() if lab == s.relay][0]][1]
        text = (f"<p>La demande ne se fait pas auprès du Département mais auprès de l'organisme "
                f"compétent ({e(operator)}).</p><p><a class=\"fr-btn\" href=\"{e(s.relay_url)}\">"
                f"Faire la démarche sur le site {e(operator)}</a></p>")
        if s.level == 2:
            text += (f'<p>Vous pouvez aussi <a href="{e(s.doc_url)}">télécharger le formulaire '
                     f"(PDF)</a> et le retourner complété par courrier.</p>")
        return text
    if s.level == 1:
        return p.rng.choice([
            "<p>Adressez-vous à votre Maison départementale des solidarités, qui vous aidera à "
            "constituer votre dossier.</p>",
            f"<p>Prenez rendez-vous au {p.phone} avec un travailleur social.</p>",
            f"<p>Adressez votre demande par courrier à Monsieur le Président du Conseil "
            f"départemental, {e(addr)}.</p>",
            "<p>Présentez-vous au guichet de l'accueil du public avec les pièces demandées.</p>"])
    if s.level == 2:
        kind = {"pdf_fillable": "PDF à remplir sur votre ordinateur", "pdf_flat": "PDF",
                "docx": "Word", "doc": "Word 97-2003"}[s.form_kind]
        return (f'<p><a href="{e(s.doc_url)}">Téléchargez le formulaire de demande ({kind})</a>'
                f" et retournez-le complété par courrier à {e(addr)}, accompagné des pièces "
                "justificatives.</p>")
    if s.form_kind == "html_form":
        if s.form_url:
            return (f'<p><a href="{e(s.form_url)}">Remplir le formulaire de demande en ligne</a>.'
                    " Les pièces justificatives sont à envoyer par courrier. Aucun suivi en "
                    "ligne n'est proposé : la réponse vous sera adressée par courrier.</p>")
        return ("<p>Remplissez le formulaire ci-dessous. Les pièces justificatives sont à envoyer "
                "par courrier ; la réponse vous sera adressée par courrier.</p>" + html_form(s))
    if s.form_kind == "ds":
        if s.level == 3:
            return (f'<p><a class="fr-btn" href="{e(s.entry_url)}">Faire ma demande en ligne sur '
                    "Démarches Simplifiées</a></p><p>Les pièces justificatives sont à envoyer par "
                    f"courrier à {e(addr)}.</p>")
        return (f'<p><a class="fr-btn" href="{e(s.entry_url)}">Déposer ma demande en ligne</a></p>'
                "<p>Vous joignez vos pièces justificatives en ligne, vous suivez votre dossier en "
                "ligne et la décision vous est notifiée dans votre espace.</p>")
    return (f'<p><a class="fr-btn" href="{e(s.entry_url)}">Accéder au téléservice</a></p>'
            "<p>Depuis votre espace personnel, faites votre demande, joignez vos justificatifs, "
            "suivez l'avancement de votre dossier et échangez avec nos services.</p>")


def html_form(s: Service) -> str:
    return ('<form method="post" action="/formulaires/envoi.php" class="demande">'
            f'<input type="hidden" name="demarche" value="{e(s.slug)}">'
            '<label for="nom">Nom</label><input type="text" id="nom" name="nom" required>'
            '<label for="prenom">Prénom</label><input type="text" id="prenom" name="prenom">'
            '<label for="courriel">Courriel</label><input type="email" id="courriel" name="courriel">'
            '<label for="commune">Commune</label><select id="commune" name="commune">'
            '<option>Choisir</option><option>Chef-lieu</option></select>'
            '<label for="message">Votre demande</label><textarea id="message" name="message">'
            '</textarea><button type="submit">Envoyer ma demande</button></form>')


def service_body(p: Portal, s: Service) -> str:
    theme_label = THEMES[s.theme][0]
    body = (f'<p class="chapo">{e(s.title)} : une aide proposée par le Département pour '
            f"{PUBLICS[s.theme]}.</p>"
            '<nav class="sommaire"><a href="#conditions">Conditions</a> · '
            '<a href="#demande">Faire la demande</a></nav>'
            f'<h2 id="conditions">Qui peut en bénéficier ?</h2><ul><li>Résider dans le '
            f"département</li><li>Remplir les conditions fixées par le règlement "
            f"départemental ({e(theme_label)})</li></ul>"
            f'<h2 id="demande">Comment faire la demande ?</h2>{_how(p, s)}')
    if s.split:
        body += f'<p><a href="{e(s.sub_url)}">Consulter la liste des pièces à fournir</a></p>'
    if s.offline_alternative and s.level > 1:
        body += ("<h2>Besoin d'aide ?</h2><p>Vous pouvez être accompagné dans une Maison France "
                 f"Services ou appeler le {p.phone} du lundi au vendredi.</p>")
    body += f"<p><small>Mis à jour le {p.rng.randint(1, 28)}/0{p.rng.randint(1, 9)}/2025</small></p>"
    return body


def write_services(w: WebWriter, p: Portal) -> None:
    for s in p.services:
        crumbs = [(THEMES[s.theme][0], p.chrome["theme_urls"][s.theme])]
        w.page(s.page_url, render(p, s.title, service_body(p, s), crumbs), **p.chrome["html"])
        if s.sub_url:
            sub = ("<p>Votre dossier doit comporter :</p><ul><li>une pièce d'identité</li>"
                   "<li>un justificatif de domicile de moins de 3 mois</li><li>le dernier avis "
                   "d'imposition</li><li>un relevé d'identité bancaire</li></ul>"
                   f'<p><a href="{e(s.notice_url)}">Liste des pièces justificatives (PDF)</a></p>'
                   f'<p><a href="{e(s.page_url)}">Retour à la démarche</a></p>')
            w.page(s.sub_url, render(p, f"{s.title} : pièces à fournir", sub, crumbs),
                   **p.chrome["html"])
            w.page(s.notice_url, pdf_form(f"{s.title} - pièces justificatives",
                                          ["Pièce d'identité", "Justificatif de domicile",
                                           "Avis d'imposition"]), ctype=DOC_TYPES["pdf"])
        if s.form_url:
            w.page(s.form_url, render(p, f"Formulaire : {s.title}", "<p>Les pièces "
                   "justificatives sont à envoyer par courrier.</p>" + html_form(s), crumbs),
                   **p.chrome["html"])
        if s.doc_url:
            _write_doc(w, p, s)


def _write_doc(w: WebWriter, p: Portal, s: Service) -> None:
    title = f"Formulaire de demande - {s.title}"
    lines = [p.name, "A retourner complété et signé au Département.",
             "Joindre les pièces justificatives."]
    if s.form_kind == "pdf_fillable":
        w.page(s.doc_url, pdf_form(title, lines, ["Nom", "Prénom", "Date de naissance",
                                                   "Adresse", "Téléphone"]),
               ctype=DOC_TYPES["pdf"])
    elif s.form_kind == "docx":
        w.page(s.doc_url, docx_form(title, lines), ctype=DOC_TYPES["docx"])
    elif s.form_kind == "doc":
        w.page(s.doc_url, doc_form(title, lines), ctype=DOC_TYPES["doc"])
    else:
        w.page(s.doc_url, pdf_form(title, lines + ["Nom : ........", "Prénom : ........"]),
               ctype=DOC_TYPES["pdf"])
