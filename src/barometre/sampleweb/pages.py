"""Editorial pages of a portal: home, themes, hub, agenda, officials, press, FAQ, institution."""

from __future__ import annotations

from .catalogue import CANTONS, COMMUNES, FIRST_NAMES, LAST_NAMES, THEMES
from .cms import e, render, url_for, write_html
from .model import Portal, Service
from .plan import fiction_phone, slugify
from .store import WebWriter
from .variants import link_target

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
EVENTS = ["Forum de l'emploi et de l'insertion", "Festival des jardins", "Journées du patrimoine",
          "Course cycliste du Département", "Sortie nature : les oiseaux migrateurs",
          "Salon des seniors", "Nuit de la lecture"]
ROLES = ["Président du Conseil départemental", "Vice-présidente chargée des solidarités",
         "Vice-président chargé des routes", "Conseillère départementale déléguée au sport",
         "Conseiller départemental délégué à la culture", "Vice-présidente chargée des collèges"]


def rel(p: Portal, url: str) -> str:
    return url[len(p.base):] if url.startswith(p.base) else url


def with_query(url: str, extra: str) -> str:
    return url + ("&" if "?" in url else "?") + extra


def visible(p: Portal) -> list[Service]:
    return [s for s in p.services if not s.sitemap_only]


def setup_chrome(p: Portal) -> None:
    """URLs of the shared pages, then the menu and footer every page repeats."""
    c = p.chrome
    c["html"] = {"ctype": f"text/html; charset={p.charset}", "charset": p.charset}
    c["theme_urls"] = {t: url_for(p, "theme", theme=THEMES[t][1]) for t in THEMES}
    for kind in ("hub", "news_list", "agenda", "elus", "faq", "contact", "plan", "legal",
                 "search"):
        c[kind] = url_for(p, kind)
    statement = p.facts["accessibility_statement"]
    c["a11y"] = url_for(p, "a11y") if statement else None
    if statement:
        statement["url"] = c["a11y"]
    c["publications"] = url_for(p, "misc", slug="publications")
    c["institution"] = url_for(p, "misc", slug="le-departement")
    c["menu"] = [(THEMES[t][0], rel(p, c["theme_urls"][t]),
                  [(s.title, rel(p, s.page_url)) for s in visible(p) if s.theme == t][:4])
                 for t in THEMES if t != "autre"]
    footer = [("Plan du site", rel(p, c["plan"])), ("Mentions légales", rel(p, c["legal"])),
              ("Contact", c["contact"].replace(p.host, p.host + (":443" if p.https_first else ":80")))]
    if statement:
        footer.append(("Déclaration d'accessibilité", rel(p, c["a11y"])))
    footer += [("Intranet des agents", "/intranet/"), ("Administration", "/admin/"),
               ("Facebook", f"https://www.facebook.com/{p.slug}?fbclid=IwAR0x{p.slug}")]
    c["footer"] = footer
    mention = p.facts["home_accessibility_mention"]
    note = f"Accessibilité : {mention}. " if mention else ""
    if "phone" in p.facts["contact_channels"]:
        note += f"Standard : {p.phone}. "
    c["note"] = note + f"© {e(p.name)}"


def write_editorial(w: WebWriter, p: Portal, n: dict, news: list[tuple[str, str]]) -> None:
    """Every editorial page but the news (news.py), which come first: the layouts list them."""
    _agenda(w, p, n["events"])
    _officials(w, p, n["elus"])
    _press(w, p, n["press"])
    _faq(w, p)
    _misc(w, p, n["misc"])
    _themes_and_hub(w, p)
    _home(w, p, news)


def _page(w: WebWriter, p: Portal, url: str, title: str, body: str, crumbs=None,
          kind: str = "hub") -> None:
    write_html(w, p, url, title, body, crumbs, kind=kind)


def date_text(p: Portal) -> str:
    return f"{p.rng.randint(1, 28)} {p.rng.choice(MONTHS)} 2025"


def _agenda(w: WebWriter, p: Portal, count: int) -> None:
    rng, lst = p.rng, []
    for i in range(count):
        title = rng.choice(EVENTS) + f" {rng.choice(CANTONS).lower()}"
        url = url_for(p, "event", slug=slugify(title) + f"-{i}")
        svc = rng.choice(visible(p))
        _page(w, p, url, title, f"<p>Le {date_text(p)}, entrée libre.</p><p>En lien avec : "
              f'<a href="{e(rel(p, svc.page_url))}">{e(svc.title)}</a></p>',
              [("Agenda", rel(p, p.chrome["agenda"]))], kind="agenda")
        lst.append(f'<li><a href="{e(rel(p, url))}">{e(title)}</a></li>')
    prefix = rel(p, p.chrome["agenda"]) + "?mois="
    body = (f"<ul>{''.join(lst)}</ul><p><a href=\"{prefix}2026-06\">Mois précédent</a> · "
            f'<a href="{prefix}2026-07">Mois suivant</a></p>')
    _page(w, p, p.chrome["agenda"], "Agenda", body, kind="agenda")
    tpl = render(p, "Agenda du mois", "<!--CONTENT-->").encode(p.charset, "xmlcharrefreplace")
    w.dynamic(p.host, prefix, "agenda", tpl, charset=p.charset)
    p.facts["trap_prefixes"].append(p.base + prefix)


PERMANENCES = ["Permanence le premier samedi du mois, de 9 h à 12 h, à la mairie de {c}.",
               "Reçoit sur rendez-vous à la Maison du Département de {c} ; prendre contact au {t}.",
               "Permanences les lundis après-midi à {c}, sans rendez-vous.",
               "Permanence mensuelle à la salle des fêtes de {c} (dates dans l'agenda)."]


def _officials(w: WebWriter, p: Portal, count: int) -> None:
    """One directory page per elected member: function, canton, delegation, permanence."""
    rng, x, lst = p.rng, p.extra, []
    for i in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        role = ROLES[i % len(ROLES)]
        theme = rng.choice(list(THEMES)[:7])
        url = url_for(p, "elu", slug=slugify(name) + f"-{i}")
        canton = rng.choice(CANTONS)
        permanence = x.choice(PERMANENCES).format(c=x.choice(COMMUNES), t=fiction_phone(x))
        body = (f"<p><strong>Fonction :</strong> {e(role)}</p><p><strong>Canton :</strong> "
                f"{e(canton)} (élu(e) en binôme depuis 2021)</p>"
                f'<p><strong>Délégation :</strong> <a href="{e(rel(p, p.chrome["theme_urls"][theme]))}">'
                f"{e(THEMES[theme][0])}</a></p><h2>Permanence</h2><p>{e(permanence)}</p>")
        if x.random() < 0.4:
            body += ('<h2>Écrire à votre élu(e)</h2><form method="post" action="/contact/elus">'
                     f'<input type="hidden" name="elu" value="{i}"><label for="m-{i}">Message</label>'
                     f'<textarea id="m-{i}" name="message"></textarea><button type="submit">Envoyer'
                     "</button></form>")
        _page(w, p, url, name, body, [("Les élus", rel(p, p.chrome["elus"]))], kind="directory")
        lst.append(f'<li><a href="{e(rel(p, url))}">{e(name)}</a> — {e(role)}</li>')
    _page(w, p, p.chrome["elus"], "Les élus départementaux", f"<ul>{''.join(lst)}</ul>")


def _press(w: WebWriter, p: Portal, count: int) -> None:
    for i in range(count):
        svc = p.rng.choice(visible(p))
        title = f"Communiqué de presse : {svc.title}"
        url = url_for(p, "press", slug=slugify(svc.title) + f"-{i}")
        link = with_query(rel(p, svc.page_url), f"fbclid=IwAR{i}{p.slug[:4]}")
        _page(w, p, url, title, f"<p>{date_text(p)} — Le Département communique sur "
              f'<a href="{e(link)}">{e(svc.title)}</a>.</p>', kind="press")
        p.chrome.setdefault("press_urls", []).append(url)


def _faq(w: WebWriter, p: Portal) -> None:
    qs = "".join(f'<h2>Comment demander « {e(s.title)} » ?</h2><p>Toutes les informations sur '
                 f'<a href="{e(rel(p, s.page_url))}">la page de la démarche</a>.</p>'
                 for s in visible(p)[:8])
    _page(w, p, p.chrome["faq"], "Questions fréquentes", qs, kind="faq")


def _misc(w: WebWriter, p: Portal, count: int) -> None:
    lst = []
    for i in range(count):
        title = f"Délibérations de la séance n° {i + 1} — canton {p.rng.choice(CANTONS)}"
        url = url_for(p, "misc", slug=f"deliberations-{i + 1}")
        _page(w, p, url, title, "<p>Procès-verbal et délibérations adoptées.</p>" * 3,
              kind="institution")
        lst.append(f'<li><a href="{e(rel(p, url))}">{e(title)}</a></li>')
    press = "".join(f'<li><a href="{e(rel(p, u))}">Communiqué {i + 1}</a></li>'
                    for i, u in enumerate(p.chrome.get("press_urls", [])))
    more = "".join(f'<li><a href="{e(rel(p, u))}">{e(t)}</a></li>'
                   for t, u in p.chrome.get("institution_links", []))
    _page(w, p, p.chrome["institution"], "Le Département",
          f"<p>L'institution départementale.</p><ul>{''.join(lst)}</ul><ul>{press}</ul>"
          f'<p><a href="{e(rel(p, p.chrome["elus"]))}">Les élus</a></p><ul>{more}</ul>',
          kind="institution")


def _themes_and_hub(w: WebWriter, p: Portal) -> None:
    hub = []
    for t, (label, _) in THEMES.items():
        svcs = [s for s in visible(p) if s.theme == t]
        lst = "".join(f'<li><a href="{e(rel(p, s.page_url))}">{e(s.title)}</a></li>' for s in svcs)
        listed = "".join(f'<li><a href="{e(rel(p, link_target(p, s)))}">{e(s.title)}</a></li>'
                         for s in svcs)
        _page(w, p, p.chrome["theme_urls"][t], label, f"<p>Vos démarches : {e(label)}</p>"
              f"<ul>{listed}</ul>" + p.chrome.get("theme_extra", {}).get(t, ""))
        hub.append(f"<h2>{e(label)}</h2><ul>{lst}</ul>")
    _page(w, p, p.chrome["hub"], "Toutes les démarches", "".join(hub))


def _home(w: WebWriter, p: Portal, news: list[tuple[str, str]]) -> None:
    c = p.chrome
    hub = rel(p, c["hub"])
    php = p.cms in ("legacy", "joomla")
    hub = with_query(hub, "PHPSESSID=7f3a9c2e1b") if php else hub + ";jsessionid=A1B2C3D4E5"
    tops = "".join(f'<li><a href="{e(rel(p, s.page_url))}">{e(s.title)}</a></li>'
                   for s in visible(p)[:8])
    teasers = "".join(f'<li><a href="{e(with_query(h, "utm_source=accueil&utm_medium=bloc"))}">'
                      f"{e(t)}</a></li>" for t, h in news[:3])
    spaces = "".join(f'<li><a href="{p.origin(h)}/">Mon espace en ligne ({e(k)})</a></li>'
                     for k, h in sorted(p.platforms.items()))
    search = rel(p, c["search"]) + "?theme=solidarites&public=seniors&page=1"
    body = (f"<h2>Vos démarches</h2><ul>{tops}</ul>"
            f'<p><a href="{e(hub)}">Toutes les démarches</a> · <a href="{e(hub)}#solidarites">'
            f"Solidarités</a></p><ul>{spaces}</ul><h2>Actualités</h2><ul>{teasers}</ul>"
            f'<p><a href="{e(rel(p, c["news_list"]))}">Toutes les actualités</a> · '
            f'<a href="{e(rel(p, c["agenda"]))}">Agenda</a> · '
            f'<a href="{e(search)}">Recherche avancée</a> · '
            f'<a href="{e(rel(p, c["institution"]))}">Le Département</a> · '
            f'<a href="{e(rel(p, c["publications"]))}">Publications et données</a> · '
            f'<a href="{e(rel(p, c["faq"]))}">FAQ</a></p>' + c.get("home_extra", ""))
    write_html(w, p, p.base + "/", f"Accueil - {p.name}", body)
