"""Editorial pages of a portal: home, themes, hub, news, agenda, officials, FAQ, contact, legal."""

from __future__ import annotations

from .catalogue import CANTONS, FIRST_NAMES, LAST_NAMES, THEMES
from .cms import e, render, url_for
from .model import Portal, Service
from .plan import slugify
from .store import WebWriter

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
NEWS_ABOUT = ["Le Département revalorise {t} en 2026", "{t} : ce qui change au 1er janvier",
              "Nouveau : {t}, une démarche simplifiée", "Bilan 2025 : plus de 3 000 bénéficiaires "
              "pour {t}"]
NEWS_OTHER = ["Inauguration du collège {c}", "Travaux sur la RD {n} : déviation mise en place",
              "Session de l'assemblée départementale du {d}", "Le budget {y} adopté",
              "Fête de la nature au domaine de {c}", "Plan grand froid : le Département mobilisé"]
# News about a service's form: the exact service title, a link to the form itself.
NEWS_FORM = ["{t} : le formulaire {y} est disponible", "{t} : les demandes sont ouvertes",
             "{t}"]
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
              ("Contact", c["contact"].replace(p.host, p.host + ":80"))]
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


def write_editorial(w: WebWriter, p: Portal, n: dict) -> None:
    c = p.chrome
    news = _news(w, p, n["news"])
    c["recent"] = news[:5]
    _agenda(w, p, n["events"])
    _officials(w, p, n["elus"])
    _press(w, p, n["press"])
    _faq(w, p)
    _misc(w, p, n["misc"])
    _themes_and_hub(w, p)
    _home(w, p, news)


def _page(w: WebWriter, p: Portal, url: str, title: str, body: str, crumbs=None,
          non_service: bool = True) -> None:
    w.page(url, render(p, title, body, crumbs), **p.chrome["html"])
    if non_service:
        p.non_service_urls.append(url)


def _date(p: Portal) -> str:
    return f"{p.rng.randint(1, 28)} {p.rng.choice(MONTHS)} 2025"


def _news(w: WebWriter, p: Portal, count: int) -> list[tuple[str, str]]:
    rng, items, links = p.rng, [], []
    for i in range(count):
        svc = rng.choice(visible(p)) if i % 2 == 0 else None
        with_form = [s for s in visible(p) if s.doc_url]
        if i == 0 and with_form:
            svc = p.style.choice(with_form)
            title = p.style.choice(NEWS_FORM).format(t=svc.title, y=2026)
            body = (f"<p>{_date(p)} — Le Département de {e(p.name)} rappelle que le dossier "
                    f"« {e(svc.title)} » se demande toute l'année. "
                    f'<a href="{e(rel(p, svc.doc_url))}">Télécharger le formulaire</a> · '
                    f"<a href=\"{e(with_query(rel(p, svc.page_url), 'xtor=AD-' + str(i)))}\">"
                    "Toutes les informations sur la démarche</a>.</p>")
        elif svc:
            title = rng.choice(NEWS_ABOUT).format(t=svc.title)
            body = (f"<p>{_date(p)} — Le Département de {e(p.name)} fait évoluer "
                    f"« {e(svc.title)} ». <a href=\"{e(with_query(rel(p, svc.page_url), 'xtor=AD-' + str(i)))}\">"
                    "En savoir plus sur cette aide</a>.</p>")
        else:
            title = rng.choice(NEWS_OTHER).format(c=rng.choice(CANTONS), n=rng.randint(1, 999),
                                                  d=_date(p), y=2026)
            body = f"<p>{_date(p)} — {e(title)}. Retrouvez toutes les informations ici.</p>"
        slug = slugify(title) + f"-{i}"
        mm = f"{rng.randint(1, 12):02d}"
        url = url_for(p, "news", slug=slug, mm=mm, yyyy="2025")
        _page(w, p, url, title, body, [("Actualités", rel(p, p.chrome["news_list"]))])
        if p.cms == "wordpress":
            post = p.next_id()
            w.redirect(p.url(f"/?p={post}"), url)
            items.append((title, f"/?p={post}"))
        else:
            items.append((title, rel(p, url)))
        links.append((title, with_query(rel(p, url), "xtor=RSS-3") if i % 3 == 0 else rel(p, url)))
    lst = "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for t, h in links)
    _page(w, p, p.chrome["news_list"], "Actualités", f"<ul>{lst}</ul>")
    return items


def _agenda(w: WebWriter, p: Portal, count: int) -> None:
    rng, lst = p.rng, []
    for i in range(count):
        title = rng.choice(EVENTS) + f" {rng.choice(CANTONS).lower()}"
        url = url_for(p, "event", slug=slugify(title) + f"-{i}")
        svc = rng.choice(visible(p))
        _page(w, p, url, title, f"<p>Le {_date(p)}, entrée libre.</p><p>En lien avec : "
              f'<a href="{e(rel(p, svc.page_url))}">{e(svc.title)}</a></p>',
              [("Agenda", rel(p, p.chrome["agenda"]))])
        lst.append(f'<li><a href="{e(rel(p, url))}">{e(title)}</a></li>')
    prefix = rel(p, p.chrome["agenda"]) + "?mois="
    body = (f"<ul>{''.join(lst)}</ul><p><a href=\"{prefix}2026-06\">Mois précédent</a> · "
            f'<a href="{prefix}2026-07">Mois suivant</a></p>')
    _page(w, p, p.chrome["agenda"], "Agenda", body)
    tpl = render(p, "Agenda du mois", "<!--CONTENT-->").encode(p.charset, "xmlcharrefreplace")
    w.dynamic(p.host, prefix, "agenda", tpl, charset=p.charset)
    p.facts["trap_prefixes"].append(p.base + prefix)


def _officials(w: WebWriter, p: Portal, count: int) -> None:
    rng, lst = p.rng, []
    for i in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        role = ROLES[i % len(ROLES)]
        theme = rng.choice(list(THEMES)[:7])
        url = url_for(p, "elu", slug=slugify(name) + f"-{i}")
        _page(w, p, url, name, f"<p>{e(role)}, élu(e) du canton {rng.choice(CANTONS)}.</p>"
              f'<p>Délégation : <a href="{e(rel(p, p.chrome["theme_urls"][theme]))}">'
              f"{e(THEMES[theme][0])}</a></p>", [("Les élus", rel(p, p.chrome["elus"]))])
        lst.append(f'<li><a href="{e(rel(p, url))}">{e(name)}</a> — {e(role)}</li>')
    _page(w, p, p.chrome["elus"], "Les élus départementaux", f"<ul>{''.join(lst)}</ul>")


def _press(w: WebWriter, p: Portal, count: int) -> None:
    for i in range(count):
        svc = p.rng.choice(visible(p))
        title = f"Communiqué de presse : {svc.title}"
        url = url_for(p, "press", slug=slugify(svc.title) + f"-{i}")
        link = with_query(rel(p, svc.page_url), f"fbclid=IwAR{i}{p.slug[:4]}")
        _page(w, p, url, title, f"<p>{_date(p)} — Le Département communique sur "
              f'<a href="{e(link)}">{e(svc.title)}</a>.</p>')
        p.chrome.setdefault("press_urls", []).append(url)


def _faq(w: WebWriter, p: Portal) -> None:
    qs = "".join(f'<h2>Comment demander « {e(s.title)} » ?</h2><p>Toutes les informations sur '
                 f'<a href="{e(rel(p, s.page_url))}">la page de la démarche</a>.</p>'
                 for s in visible(p)[:8])
    _page(w, p, p.chrome["faq"], "Questions fréquentes", qs)


def _misc(w: WebWriter, p: Portal, count: int) -> None:
    lst = []
    for i in range(count):
        title = f"Délibérations de la séance n° {i + 1} — canton {p.rng.choice(CANTONS)}"
        url = url_for(p, "misc", slug=f"deliberations-{i + 1}")
        _page(w, p, url, title, "<p>Procès-verbal et délibérations adoptées.</p>" * 3)
        lst.append(f'<li><a href="{e(rel(p, url))}">{e(title)}</a></li>')
    press = "".join(f'<li><a href="{e(rel(p, u))}">Communiqué {i + 1}</a></li>'
                    for i, u in enumerate(p.chrome.get("press_urls", [])))
    _page(w, p, p.chrome["institution"], "Le Département",
          f"<p>L'institution départementale.</p><ul>{''.join(lst)}</ul><ul>{press}</ul>"
          f'<p><a href="{e(rel(p, p.chrome["elus"]))}">Les élus</a></p>')


def _themes_and_hub(w: WebWriter, p: Portal) -> None:
    hub = []
    for t, (label, _) in THEMES.items():
        svcs = [s for s in visible(p) if s.theme == t]
        lst = "".join(f'<li><a href="{e(rel(p, s.page_url))}">{e(s.title)}</a></li>' for s in svcs)
        _page(w, p, p.chrome["theme_urls"][t], label, f"<p>Vos démarches : {e(label)}</p>"
              f"<ul>{lst}</ul>")
        hub.append(f"<h2>{e(label)}</h2><ul>{lst}</ul>")
    _page(w, p, p.chrome["hub"], "Toutes les démarches", "".join(hub))


def _home(w: WebWriter, p: Portal, news: list[tuple[str, str]]) -> None:
    c = p.chrome
    hub = rel(p, c["hub"])
    hub = with_query(hub, "PHPSESSID=7f3a9c2e1b") if p.cms == "legacy" else hub + ";jsessionid=A1B2C3D4E5"
    tops = "".join(f'<li><a href="{e(rel(p, s.page_url))}">{e(s.title)}</a></li>'
                   for s in visible(p)[:8])
    teasers = "".join(f'<li><a href="{e(with_query(h, "utm_source=accueil&utm_medium=bloc"))}">'
                      f"{e(t)}</a></li>" for t, h in news[:3])
    spaces = "".join(f'<li><a href="http://{h}/">Mon espace en ligne ({e(k)})</a></li>'
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
    w.page(p.base + "/", render(p, f"Accueil - {p.name}", body), **c["html"])
