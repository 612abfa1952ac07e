"""Account screens of an e-service host: login (reached as `/login/?next=<démarche>` from every
démarche, so a crawler meets one URL variant per démarche), account creation, forgotten
password, "Mes demandes". They talk about online procedures and follow-up; none is a service
(truth kind `eservice_screen`)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from .cms import e
from .model import Portal
from .store import WebWriter

LOGIN = "/login/"
SCREENS = {  # platform -> paths of its account screens
    "publik": {"register": "/register/", "password": "/password/reset/",
               "requests": "/mon-compte/demandes/"},
    "mgdis": {"register": "/creer-un-compte", "password": "/mot-de-passe-oublie",
              "requests": "/aides/espace-usager/mes-demandes"},
    "in_house": {"register": "/creer-un-compte", "password": "/compte/mot-de-passe-perdu",
                 "requests": "/tableau-de-bord/demandes"},
}
LOGIN_TITLES = ["Connexion", "Se connecter", "Identification", "Accéder à mon compte"]
REGISTER_TITLES = ["Créer un compte", "Créer mon compte", "Inscription"]


def eservice_html(title: str, head: str, body: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{e(title)}</title>{head}'
            f"</head><body><main><h1>{e(title)}</h1>{body}</main></body></html>\n")


def login_link(platform: str, path: str) -> str:
    """The login URL a démarche links to, spelt as the platform spells it."""
    if platform == "publik":
        return f"{LOGIN}?next={path}"
    return f"{LOGIN}?next={quote(path, safe='')}"


def note_login_variant(p: Portal, host: str, path: str) -> None:
    """Record `/login/?next=<path>` as a duplicate of the login screen (crawler's spelling)."""
    origin = p.origin(host)
    p.url_variants[f"{origin}{LOGIN}?{urlencode({'next': path})}"] = f"{origin}{LOGIN}"


def write_screens(w: WebWriter, p: Portal, platform: str, host: str, head: str, fc: str) -> None:
    x, paths, base = p.extra, SCREENS[platform], p.origin(host)
    register, password, requests = paths["register"], paths["password"], paths["requests"]
    w.page(base + LOGIN, eservice_html(x.choice(LOGIN_TITLES), head, (
        "<p>Connectez-vous pour déposer vos demandes en ligne, suivre leur avancement et échanger "
        f"avec les services du Département.</p>{fc}<form method=\"post\" action=\"{LOGIN}\">"
        '<label for="id-login">Adresse électronique</label><input id="id-login" name="username" '
        'type="email"><label for="id-pw">Mot de passe</label><input id="id-pw" type="password" '
        'name="password"><button type="submit">Se connecter</button></form>'
        f'<p><a href="{password}">Mot de passe oublié ?</a> · Pas encore de compte ? '
        f'<a href="{register}">Créez votre compte</a></p>')))
    w.dynamic(host, LOGIN + "?", "alias", target=LOGIN)
    w.page(base + register, eservice_html(x.choice(REGISTER_TITLES), head, (
        "<p>En créant votre compte, vous pourrez faire vos démarches en ligne, joindre vos "
        f"justificatifs et suivre vos dossiers.</p>{fc}<form method=\"post\" action=\"{register}\">"
        '<label for="r-mail">Courriel</label><input id="r-mail" name="email" type="email">'
        '<label for="r-pw">Mot de passe</label><input id="r-pw" name="password" type="password">'
        '<label for="r-pw2">Confirmation</label><input id="r-pw2" name="password2" type="password">'
        '<button type="submit">Créer mon compte</button></form>'
        f'<p>Déjà inscrit ? <a href="{LOGIN}">Se connecter</a></p>')))
    w.page(base + password, eservice_html("Mot de passe oublié", head, (
        "<p>Indiquez l'adresse électronique de votre compte : vous recevrez un lien pour choisir "
        f'un nouveau mot de passe.</p><form method="post" action="{password}"><label for="pw-mail">'
        'Courriel</label><input id="pw-mail" name="email" type="email"><button type="submit">'
        "Recevoir le lien</button></form>")))
    w.page(base + requests, eservice_html("Mes demandes", head, (
        "<p>Retrouvez ici l'état d'avancement de vos demandes, les messages des agents instructeurs "
        "et les décisions.</p><table><thead><tr><th>Numéro</th><th>Démarche</th><th>Statut</th>"
        "<th>Dernière mise à jour</th></tr></thead><tbody><tr><td colspan=\"4\">Aucune demande "
        f'pour le moment.</td></tr></tbody></table><p><a href="{e(login_link(platform, requests))}">'
        "Connectez-vous pour voir vos demandes</a></p>")))
    note_login_variant(p, host, requests)
    for path in (LOGIN, register, password, requests):
        p.non_service(base + path, "eservice_screen")
