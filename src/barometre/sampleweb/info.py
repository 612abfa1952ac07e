"""Portal facts pages: contact, accessibility statement, site map, legal notice, intranet."""

from __future__ import annotations

from .cms import e, url_for, write_html
from .model import Portal
from .pages import MONTHS, rel
from .store import WebWriter


def write_info(w: WebWriter, p: Portal) -> None:
    write_html(w, p, p.chrome["contact"], "Nous contacter",
               _contact(w, p) + p.chrome.get("contact_extra", ""), kind="info")
    statement = p.facts["accessibility_statement"]
    if statement:
        write_html(w, p, statement["url"], "Déclaration d'accessibilité", _a11y(p, statement),
                   kind="legal")
    write_html(w, p, p.chrome["legal"], "Mentions légales", (
        f"<p>Éditeur : {e(p.name)}, Hôtel du Département. Directeur de la publication : le "
        "Président du Conseil départemental.</p><p>Hébergement : prestataire privé.</p>"),
        kind="legal")
    links = [(label, rel(p, p.chrome[k])) for label, k in (
        ("Toutes les démarches", "hub"), ("Actualités", "news_list"), ("Agenda", "agenda"),
        ("Les élus", "elus"), ("Questions fréquentes", "faq"), ("Contact", "contact"),
        ("Mentions légales", "legal"), ("Le Département", "institution"))]
    links += [(label, rel(p, u)) for label, u in sorted(p.chrome["theme_urls"].items())]
    links += [(label, rel(p, u)) for label, u in p.chrome.get("plan_extra", [])]
    plan = "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for t, h in links)
    write_html(w, p, p.chrome["plan"], "Plan du site", f"<ul>{plan}</ul>", kind="hub")
    for path, title in (("/intranet/", "Intranet des agents"), ("/admin/", "Administration")):
        write_html(w, p, p.url(path), title, '<p>Accès réservé.</p><form method="post" '
                   'action="/admin/login"><input name="login"><input type="password" name="pwd">'
                   "<button>Connexion</button></form>")


def _contact(w: WebWriter, p: Portal) -> str:
    ch, parts = p.facts["contact_channels"], []
    if "phone" in ch:
        hours = (" — du lundi au vendredi, de 8h30 à 12h et de 13h30 à 17h"
                 if "phone_hours" in ch else "")
        parts.append(f"<p>Par téléphone : {p.phone}{hours}</p>")
    if "email" in ch:
        parts.append(f'<p>Par courriel : <a href="mailto:contact@{p.slug}.test">'
                     f"contact@{p.slug}.test</a></p>")
    if "form" in ch:
        parts.append('<h2>Formulaire de contact</h2><form method="post" action="/contact/envoyer">'
                     '<label for="c-nom">Nom</label><input id="c-nom" name="nom">'
                     '<label for="c-mail">Courriel</label><input id="c-mail" type="email" '
                     'name="courriel"><label for="c-msg">Message</label><textarea id="c-msg" '
                     'name="message"></textarea><button type="submit">Envoyer</button></form>')
    if "chat" in ch:
        parts.append('<p>Discutez en direct avec un conseiller (chat) du lundi au vendredi.</p>'
                     '<script src="/js/chat-widget.js" data-widget="chat"></script>')
    if "appointment" in ch:
        url = url_for(p, "misc", slug="prendre-rendez-vous")
        write_html(w, p, url, "Prendre rendez-vous", "<p>Choisissez un créneau pour être reçu "
                   "dans un accueil du Département.</p>", kind="info")
        parts.append(f'<p><a href="{e(rel(p, url))}">Prendre rendez-vous en ligne</a></p>')
    if "counter" in ch:
        parts.append(f"<p>Accueil du public : Hôtel du Département, {p.rng.randint(1, 40)} place "
                     "de la Préfecture, du lundi au vendredi de 9h à 17h. Maisons "
                     "départementales des solidarités : 12 sites.</p>")
    if "france_services" in ch:
        parts.append('<p>Besoin d\'aide pour vos démarches en ligne ? <a href="http://www.service-'
                     'public.test/particuliers/vosdroits/france-services">Trouvez la Maison '
                     "France Services la plus proche</a>.</p>")
    return "".join(parts)


def _a11y(p: Portal, st: dict) -> str:
    y, m, d = st["date"].split("-")
    when = f"{int(d)} {MONTHS[int(m) - 1]} {y}"
    body = (f"<p>{e(p.name)} s'engage à rendre ses sites internet accessibles conformément à "
            "l'article 47 de la loi n° 2005-102 du 11 février 2005.</p>"
            f"<h2>État de conformité</h2><p>Le site {p.host} est <strong>{st['status']}</strong> "
            "avec le référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.</p>")
    if st["rate"] is not None:
        rate = f"{st['rate']:.1f}".replace(".", ",").replace(",0", "")
        body += (f"<h2>Résultats des tests</h2><p>L'audit de conformité révèle que {rate} % des "
                 "critères du RGAA version 4 sont respectés.</p>")
    body += (f"<h2>Établissement de cette déclaration</h2><p>Cette déclaration a été établie le "
             f"{when}.</p>")
    if st["contact"]:
        body += (f"<h2>Retour d'information et contact</h2><p>Si vous n'arrivez pas à accéder à "
                 f"un contenu, contactez accessibilite@{p.slug}.test.</p>")
    if st["recourse"]:
        body += ("<h2>Voies de recours</h2><p>Vous pouvez saisir le Défenseur des droits : "
                 "formulaire en ligne, délégué de votre région ou courrier (Défenseur des droits, "
                 "Libre réponse 71120, 75342 Paris CEDEX 07).</p>")
    return body
