"""Service pages of a portal: the page, its sub-page, its documents and its own HTML form."""

from __future__ import annotations

from .catalogue import NATIONAL, SUBSECTIONS, THEMES
from .cms import e, url_for, write_html
from .documents import doc_form, docx_form, pdf_form
from .model import Portal, Service
from .pages import rel
from .plan import DS_HOST
from .related import related_block, subnav
from .store import WebWriter
from .variants import print_copy

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
            s.entry_url = p.origin(host) + ESERVICE_PATHS[s.platform].format(**kw)
        elif s.relay:
            s.entry_url = s.relay_url
        elif s.doc_url:
            s.entry_url = s.doc_url
        s.urls = [u for u in (s.page_url, s.sub_url, s.doc_url, s.notice_url, s.form_url,
                              s.entry_url, s.relay_url) if u]


# The decisive cue of each rung, worded as real portals word it (one drawn per service).
LEVEL1_HOW = [
    "Adressez-vous à votre Maison départementale des solidarités, qui vous aidera à constituer "
    "votre dossier.",
    "Prenez rendez-vous au {phone} avec un travailleur social.",
    "Contactez le service au {phone} : un agent étudiera votre situation avec vous.",
    "Rendez-vous en Maison départementale des solidarités, aux heures de permanence.",
    "Présentez-vous au guichet de l'accueil du public avec les pièces demandées.",
    "Envoyez un courrier libre expliquant votre situation à Monsieur le Président du Conseil "
    "départemental, {addr}.",
]
LEVEL2_LINK = ["Téléchargez le formulaire de demande ({kind})", "Formulaire de demande ({kind})",
               "Dossier de demande à imprimer ({kind})", "Télécharger le dossier ({kind})",
               "Imprimé de demande ({kind})"]
LEVEL2_HOW = [
    "Retournez-le complété par courrier à {addr}, accompagné des pièces justificatives.",
    "Document à imprimer et renvoyer signé à {addr}, avec vos justificatifs.",
    "Le dossier complété est à déposer à l'accueil de l'Hôtel du Département ou de votre Maison "
    "départementale des solidarités.",
    "Une fois rempli et signé, postez-le avec les pièces demandées : {addr}.",
    "Complétez-le, puis remettez-le à votre travailleur social ou envoyez-le par voie postale.",
]
LEVEL3_BUTTON = ["Remplir le formulaire de demande en ligne", "Faire ma demande en ligne",
                 "Accéder au formulaire", "Je remplis le formulaire", "Commencer ma demande"]
LEVEL3_OFFLINE = [
    "Les justificatifs sont à adresser par voie postale à {addr}.",
    "Joignez ensuite les pièces par courrier, en rappelant vos nom et prénom.",
    "Vous recevrez la décision par courrier.",
    "Les pièces justificatives sont à envoyer par courrier.",
    "Imprimez le récapitulatif de votre demande et postez-le, signé, avec vos justificatifs.",
    "Aucun suivi en ligne n'est proposé : la réponse vous parviendra par la poste.",
]
LEVEL4_BUTTON = ["Accéder au téléservice", "Faire ma demande en ligne", "Je fais ma demande",
                 "Déposer ma demande", "Commencer la démarche"]
LEVEL4_UPLOAD = [
    "Déposez vos pièces justificatives en ligne.",
    "Vos justificatifs se joignent directement au formulaire (PDF ou photo).",
    "Téléversez vos documents numérisés au moment de la demande.",
    "Joignez vos justificatifs depuis votre ordinateur ou votre smartphone.",
    "Ajoutez les pièces demandées au dossier en ligne, sans rien envoyer par la poste.",
]
LEVEL4_FOLLOW = [
    "Suivez l'avancement de votre dossier dans votre espace.",
    "Échangez avec le service instructeur via la messagerie.",
    "La décision vous est notifiée en ligne, dans votre compte usager.",
    "Retrouvez l'historique de vos demandes et l'état de votre dossier dans votre compte.",
    "Consultez à tout moment l'état de votre dossier depuis votre tableau de bord.",
]
RELAY_BUTTON = ["Faire la démarche sur le site {op}", "Accéder au site {op}",
                "Effectuer la demande auprès de : {op}"]


def _how(p: Portal, s: Service, addr: str) -> str:
    pick = p.style.choice
    if s.relay:
        operator = NATIONAL[[h for h, (lab, _) in NATIONAL.items() if lab == s.relay][0]][1]
        button = pick(RELAY_BUTTON).format(op=operator)
        text = (f"<p>La demande ne se fait pas auprès du Département mais auprès de l'organisme "
                f"compétent ({e(operator)}).</p><p><a class=\"fr-btn\" href=\"{e(s.relay_url)}\">"
                f"{e(button)}</a></p>")
        if s.level == 2:
            text += (f'<p>Vous pouvez aussi <a href="{e(s.doc_url)}">télécharger le formulaire '
                     f"(PDF)</a> et le retourner complété par courrier.</p>")
        return text
    if s.level == 1:
        text = f"<p>{e(pick(LEVEL1_HOW).format(phone=p.phone, addr=addr))}</p>"
        if s.layout == "short":
            text += (f'<p><a class="fr-btn" href="{e(p.chrome["contact"])}">Contacter le service'
                     "</a></p>")
        return text
    if s.level == 2:
        kind = {"pdf_fillable": "PDF à remplir sur votre ordinateur", "pdf_flat": "PDF",
                "docx": "Word", "doc": "Word 97-2003"}[s.form_kind]
        link = pick(LEVEL2_LINK).format(kind=kind)
        return (f'<p><a href="{e(s.doc_url)}">{e(link)}</a>. '
                f"{e(pick(LEVEL2_HOW).format(addr=addr))}</p>")
    if s.level == 3:
        offline = e(pick(LEVEL3_OFFLINE).format(addr=addr))
        button = e(pick(LEVEL3_BUTTON))
        if s.form_kind == "html_form" and not s.form_url:
            return f"<p>Remplissez le formulaire ci-dessous. {offline}</p>" + html_form(s)
        target = s.form_url or s.entry_url
        return f'<p><a class="fr-btn" href="{e(target)}">{button}</a></p><p>{offline}</p>'
    sentences = [pick(LEVEL4_UPLOAD), pick(LEVEL4_FOLLOW)]
    return (f'<p><a class="fr-btn" href="{e(s.entry_url)}">{e(pick(LEVEL4_BUTTON))}</a></p>'
            f"<p>{e(' '.join(sentences))}</p>")


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


CHAPO = ["{t} : une aide proposée par le Département pour {publics}.",
         "Le Département accompagne {publics} : {t}.",
         "{t}. Ce dispositif du Département s'adresse à {publics}."]
WHO = ["Qui peut en bénéficier ?", "Pour qui ?", "Conditions d'attribution", "Public concerné"]
HOW = ["Comment faire la demande ?", "Démarches", "Comment l'obtenir ?", "Faire sa demande"]
FAQ = [("Quel est le délai de traitement ?",
        "Comptez environ deux mois à partir de la réception d'un dossier complet."),
       ("Faut-il renouveler la demande chaque année ?",
        "Oui, l'aide est accordée pour une durée limitée ; une nouvelle demande est nécessaire."),
       ("Qui peut m'aider à remplir le dossier ?",
        "Les agents des Maisons France Services peuvent vous accompagner."),
       ("L'aide est-elle cumulable avec d'autres aides ?",
        "Oui, sous réserve des plafonds fixés par le règlement départemental.")]


def service_body(p: Portal, s: Service) -> str:
    pick = p.style.choice
    theme_label = THEMES[s.theme][0]
    addr = f"Hôtel du Département, {p.rng.randint(1, 40)} place de la Préfecture"
    chapo = s.blurb or pick(CHAPO).format(t=s.title, publics=PUBLICS[s.theme])
    how = _how(p, s, addr)
    if s.layout == "short":
        body = f'<p class="chapo">{e(chapo)}</p>{how}'
    else:
        body = (f'<p class="chapo">{e(chapo)}</p>'
                '<nav class="sommaire"><a href="#conditions">Conditions</a> · '
                '<a href="#demande">Faire la demande</a></nav>'
                f'<h2 id="conditions">{e(pick(WHO))}</h2><ul><li>Résider dans le '
                f"département</li><li>Remplir les conditions fixées par le règlement "
                f"départemental ({e(theme_label)})</li></ul>"
                f'<h2 id="demande">{e(pick(HOW))}</h2>{how}')
    if s.layout == "faq":
        qa = p.style.sample(FAQ, 2)
        body += "<h2>Vos questions</h2>" + "".join(
            f"<details><summary>{e(q)}</summary><p>{e(a)}</p></details>" for q, a in qa)
    if s.split:
        body += f'<p><a href="{e(s.sub_url)}">Consulter la liste des pièces à fournir</a></p>'
    if s.offline_alternative and s.level > 1:
        body += ("<h2>Besoin d'aide ?</h2><p>Vous pouvez être accompagné dans une Maison France "
                 f"Services ou appeler le {p.phone} du lundi au vendredi.</p>")
    body += f"<p><small>Mis à jour le {p.rng.randint(1, 28)}/0{p.rng.randint(1, 9)}/2025</small></p>"
    return subnav(p, s) + body + related_block(p, s)


def write_services(w: WebWriter, p: Portal) -> None:
    for s in p.services:
        crumbs = [(THEMES[s.theme][0], p.chrome["theme_urls"][s.theme])]
        body = service_body(p, s)
        printable = "".join(f'<p class="imprimer"><a href="{e(rel(p, u))}">Imprimer cette page</a></p>'
                            for u in s.aliases if u.endswith("print=1"))
        html = write_html(w, p, s.page_url, s.title, body + printable, crumbs)
        for alias in s.aliases:
            if alias.endswith("print=1"):
                w.page(alias, print_copy(p, s.title, body, s.page_url), **p.chrome["html"])
            else:
                w.page(alias, html, **p.chrome["html"])
        if s.sub_url:
            sub = ("<p>Votre dossier doit comporter :</p><ul><li>une pièce d'identité</li>"
                   "<li>un justificatif de domicile de moins de 3 mois</li><li>le dernier avis "
                   "d'imposition</li><li>un relevé d'identité bancaire</li></ul>"
                   f'<p><a href="{e(s.notice_url)}">Liste des pièces justificatives (PDF)</a></p>'
                   f'<p><a href="{e(s.page_url)}">Retour à la démarche</a></p>')
            write_html(w, p, s.sub_url, f"{s.title} : pièces à fournir", sub, crumbs)
            w.page(s.notice_url, pdf_form(f"{s.title} - pièces justificatives",
                                          ["Pièce d'identité", "Justificatif de domicile",
                                           "Avis d'imposition"]), ctype=DOC_TYPES["pdf"])
        if s.form_url:
            write_html(w, p, s.form_url, f"Formulaire : {s.title}", "<p>Les pièces "
                       "justificatives sont à envoyer par courrier.</p>" + html_form(s), crumbs)
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
