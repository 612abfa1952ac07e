"""E-service hosts (Publik, MGDIS, in-house), Démarches Simplifiées, FranceConnect, operators."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from .catalogue import NATIONAL, RELAYS
from .cms import e
from .model import Portal, Service
from .plan import DS_HOST
from .screens import LOGIN, SCREENS, eservice_html, login_link, note_login_variant, write_screens
from .store import WebWriter

FC_HOST = "app.franceconnect.test"
HEADS = {
    "publik": '<meta name="generator" content="Publik"><link rel="stylesheet" '
              'href="/static/publik/css/combo.css"><script src="/static/publik/js/combo.public.js">'
              "</script>",
    "mgdis": '<meta name="generator" content="MGDIS Portail des aides"><link rel="stylesheet" '
             'href="/mgdis/portail-aides/css/app.css">',
    "in_house": '<link rel="stylesheet" href="/assets/moncompte/app.css">',
    "ds": '<link rel="stylesheet" href="/assets/demarches-simplifiees/application.css">',
}
ASSETS = {"publik": "/static/publik/css/combo.css", "mgdis": "/mgdis/portail-aides/css/app.css",
          "in_house": "/assets/moncompte/app.css"}
TITLES = {"publik": "Mes démarches en ligne", "mgdis": "Portail des aides",
          "in_house": "Mon compte usager"}


_html = eservice_html


def fc_button(slug: str) -> str:
    return (f'<a class="franceconnect-button" href="http://{FC_HOST}/api/v1/authorize?client_id='
            f'{slug}">S\'identifier avec FranceConnect</a>')


def write_platforms(w: WebWriter, p: Portal) -> None:
    fc = fc_button(p.slug) if p.chrome["fc"] else ""
    for platform, host in sorted(p.platforms.items()):
        head, base = HEADS[platform], p.origin(host)
        site = f"{TITLES[platform]} — {p.name}"
        mine = [s for s in p.services if s.platform == platform and s.entry_url]
        lst = "".join(f'<li><a href="{e(urlsplit(s.entry_url).path)}">{e(s.title)}</a></li>'
                      for s in mine)
        screens = SCREENS[platform]
        w.page(base + "/", _html(site, head, f'<p><a href="{screens["register"]}">Créer mon compte'
               f'</a> · <a href="{LOGIN}">Se connecter</a></p>{fc}<h2>Démarches disponibles</h2>'
               f'<ul>{lst}</ul><p><a href="{screens["requests"]}">Suivre mes demandes</a></p>'
               f'<p><a href="{p.base}/">Retour au site du Département</a></p>'))
        p.non_service(base + "/", "hub")
        w.page(base + "/connexion", _html("Connexion", head, fc + '<form method="post" '
               'action="/connexion"><label for="u">Identifiant</label><input id="u" name="username">'
               '<label for="pw">Mot de passe</label><input id="pw" type="password" name="password">'
               '<button type="submit">Se connecter</button></form>'))
        w.dynamic(host, "/connexion?", "alias", target="/connexion")
        write_screens(w, p, platform, host, head, fc)
        for path in ("/mes-demandes", "/messagerie"):
            w.redirect(base + path, f"{base}/connexion?next={quote(path, safe='')}", 302)
        w.page(base + "/robots.txt", "User-agent: *\nDisallow: /connexion\nDisallow: "
               "/mes-demandes\n", ctype="text/plain; charset=utf-8")
        w.page(base + ASSETS[platform], "body{font-family:Marianne,arial,sans-serif}\n",
               ctype="text/css")
        for s in mine:
            _entry(w, p, s, head, fc)


def _entry(w: WebWriter, p: Portal, s: Service, head: str, fc: str) -> None:
    parts = urlsplit(s.entry_url)
    start = parts.path.rstrip("/") + "/formulaire"
    origin = f"{parts.scheme}://{parts.netloc}"
    w.redirect(f"{origin}{start}", f"{origin}/connexion?next={quote(start, safe='')}", 302)
    login = login_link(s.platform, parts.path)
    note_login_variant(p, parts.netloc, parts.path)
    body = (f"<p>{e(s.title)} — téléservice du {e(p.name)}.</p>"
            f'<p><a href="{SCREENS[s.platform]["register"]}">Créer mon compte</a> · '
            f'<a href="{e(login)}">Se connecter</a></p>{fc}<p><a class="btn" href="{e(start)}">'
            'Commencer ma demande</a></p><h2>Joindre vos justificatifs</h2><form method="post" enctype="multipart/'
            f'form-data" action="{e(start)}"><input type="file" name="justificatif" multiple>'
            '<button type="submit">Envoyer</button></form><h2>Suivre ma demande</h2>'
            '<p><a href="/mes-demandes">Suivre ma demande</a> · <a href="/messagerie">Messagerie '
            "avec les agents instructeurs</a></p><p>La décision vous est notifiée en ligne dans "
            "votre espace.</p>")
    w.page(s.entry_url, _html(s.title, head, body))


def write_ds_page(w: WebWriter, p: Portal, s: Service) -> None:
    if s.level >= 4:
        upload = ("<p>Vous joindrez vos pièces justificatives en ligne (téléversement de fichiers) "
                  "et suivrez l'instruction de votre dossier (suivi de dossier, messagerie).</p>")
    else:  # the Département kept paper: its own description of the procedure says so
        upload = "<p>Formulaire en ligne ; les pièces justificatives sont demandées par courrier.</p>"
    body = (f"<p>Démarche proposée par : {e(p.name)}</p><p>{e(s.title)}</p>{upload}"
            f'<p><a class="button primary" href="/users/sign_in">Commencer la démarche</a></p>'
            f"{fc_button('demarches-simplifiees')}"
            "<p>demarches-simplifiees : la plateforme des démarches en ligne.</p>")
    w.page(s.entry_url, _html(f"{s.title} · demarches-simplifiees", HEADS["ds"], body))


def write_national(w: WebWriter) -> None:
    paths: dict[str, set[str]] = {h: {"/", "/mentions-legales"} for h in NATIONAL}
    for label, path in RELAYS.values():
        host = [h for h, (lab, _) in NATIONAL.items() if lab == label][0]
        paths[host].add(path)
    paths["www.service-public.test"].add("/particuliers/vosdroits/france-services")
    paths[DS_HOST] |= {"/users/sign_in"}
    paths[FC_HOST] |= {"/api/v1/authorize"}
    for host, (label, name) in sorted(NATIONAL.items()):
        for path in sorted(paths[host]):
            links = "".join(f'<li><a href="{e(q)}">{e(q)}</a></li>' for q in sorted(paths[host]))
            body = f"<p>{e(name)}</p><ul>{links}</ul>"
            if path != "/":
                body += ("<p>Connectez-vous à votre espace pour faire votre demande en ligne.</p>"
                         '<form method="post" action="/login"><input name="id"><input '
                         'type="password" name="pwd"><button>Se connecter</button></form>')
            head = HEADS["ds"] if host == DS_HOST else ""
            w.page(f"http://{host}{path}", _html(f"{name} — {path}", head, body))
        disallow = "/" if label == "ants" else "/login"
        w.page(f"http://{host}/robots.txt", f"User-agent: *\nDisallow: {disallow}\n",
               ctype="text/plain; charset=utf-8")
    w.dynamic(FC_HOST, "/api/v1/authorize?", "alias", target="/api/v1/authorize")
