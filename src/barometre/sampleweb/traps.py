"""Crawl traps and errors of a portal, robots.txt, sitemaps and the faceted search rule."""

from __future__ import annotations

import random

from .cms import e, render, url_for, write_html
from .model import Portal
from .pages import rel, visible
from .store import WebWriter

SPECIALS = ["error500", "slow", "huge", "reset", "binary_html", "wrong_charset",
            "missing_charset", "malformed", "loop"]
HUGE_BYTES = 32 * 1024 * 1024


def write_traps(w: WebWriter, p: Portal, specials: set[str]) -> None:
    f, html, links = p.facts, p.chrome["html"], []
    pubs = p.chrome["publications"]
    old, mid = url_for(p, "misc", slug="ancien-portail-aides"), url_for(p, "misc", slug="aides")
    w.redirect(old, mid, 301)
    w.redirect(mid, p.chrome["hub"], 302)
    f["redirect_chains"].append({"from": old, "to": p.chrome["hub"], "hops": 2})
    links.append(("Ancien portail des aides", old))
    for i in range(1 + p.rng.randint(0, 1)):
        url = url_for(p, "misc", slug=f"rapport-activite-20{19 - i}")
        f["broken_links"].append({"url": url, "from": pubs, "status": 404})
        links.append((f"Rapport d'activité 20{19 - i}", url))
    if "loop" in specials:
        a, b = url_for(p, "misc", slug="boucle"), url_for(p, "misc", slug="boucle-suite")
        w.redirect(a, b, 301)
        w.redirect(b, a, 302)
        f["redirect_loops"].append(a)
        links.append(("Ancienne page", a))
    if "error500" in specials:
        url = url_for(p, "misc", slug="donnees-ouvertes")
        w.page(url, "<html><body><h1>Internal Server Error</h1></body></html>", status=500)
        f["error_urls"].append({"url": url, "status": 500})
        links.append(("Données ouvertes", url))
    if "slow" in specials:
        url = url_for(p, "misc", slug="carte-interactive")
        w.page(url, render(p, "Carte interactive", "<p>Carte des services.</p>", url=url),
               delay=1.5, **html)
        f["slow_urls"].append(url)
        links.append(("Carte interactive", url))
    _odd_pages(w, p, specials, links)
    body = "<ul>" + "".join(f'<li><a href="{e(rel(p, u))}">{e(t)}</a></li>' for t, u in links)
    write_html(w, p, pubs, "Publications et données", body + "</ul>", kind="institution")


def _odd_pages(w: WebWriter, p: Portal, specials: set[str], links: list) -> None:
    other = p.facts["other"]
    if "huge" in specials:
        url = url_for(p, "misc", slug="flux-complet")
        w.special(url, "huge", n=HUGE_BYTES)
        other["huge_url"] = url
        links.append(("Flux complet des actualités", url))
    if "reset" in specials:
        url = url_for(p, "misc", slug="export")
        w.special(url, "reset")
        other["reset_url"] = url
        links.append(("Export des données", url))
    if "binary_html" in specials:
        url = url_for(p, "misc", slug="ancien-logo")
        rnd = random.Random(p.code)
        w.page(url, bytes(rnd.getrandbits(8) for _ in range(4096)), ctype="text/html")
        other["binary_html_url"] = url
        links.append(("Ancien logo", url))
    if "wrong_charset" in specials:
        url = url_for(p, "misc", slug="historique")
        body = render(p, "Historique du Département", "<p>Créé en 1790, le département a "
                      "été façonné par l'histoire : églises, châteaux, forêts.</p>", url=url)
        w.page(url, body.encode("iso-8859-1", "xmlcharrefreplace"),
               ctype="text/html; charset=utf-8")
        other["wrong_charset_url"] = url
        links.append(("Historique", url))
    if "missing_charset" in specials:
        url = url_for(p, "misc", slug="patrimoine-bati")
        body = ("<html><head><title>Patrimoine bâti</title></head><body><h1>Patrimoine bâti"
                "</h1><p>Les églises romanes du département, un héritage à préserver.</p>"
                "</body></html>")
        w.page(url, body.encode("utf-8"), ctype="text/html")
        other["missing_charset_url"] = url
        links.append(("Patrimoine bâti", url))
    if "malformed" in specials:
        url = url_for(p, "misc", slug="ancienne-page")
        body = ('<html><head><title>Ancienne page<body><div class="x><p>Texte <b>gras <i>'
                f'mélangé</b></i><table><tr><td>cellule<a href="{e(rel(p, p.chrome["hub"]))}"'
                ">démarches</a><p>non fermé")
        w.page(url, body, **p.chrome["html"])
        other["malformed_url"] = url
        links.append(("Ancienne page", url))


def write_robots_and_sitemaps(w: WebWriter, p: Portal) -> None:
    disallow = p.facts["robots_disallow"]
    p.rng.random()  # kept so that the draws after it do not move
    if int(p.code[1:]) % 4 == 0 and len(p.code) > 3:  # one France-scale portal in four
        disallow.append(rel(p, p.chrome["search"]))
    lines = ["User-agent: *", *(f"Disallow: {d}" for d in disallow), "",
             f"Sitemap: {p.base}/sitemap.xml", ""]
    w.page(p.url("/robots.txt"), "\n".join(lines), ctype="text/plain; charset=utf-8")
    index = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.'
             'org/schemas/sitemap/0.9">' + "".join(
                 f"<sitemap><loc>{p.base}/{name}</loc></sitemap>"
                 for name in ("sitemap-pages.xml", "sitemap-demarches.xml")) + "</sitemapindex>\n")
    w.page(p.url("/sitemap.xml"), index, ctype="application/xml")
    pages = [p.base + "/", *sorted(u for u in p.non_services if u.startswith(p.base + "/"))]
    svc = []
    for s in p.services:
        svc += [u for u in (s.page_url, s.sub_url) if u]
        if s.sitemap_only:
            p.facts["sitemap_only_urls"].append(s.page_url)
    for name, urls in (("sitemap-pages.xml", pages), ("sitemap-demarches.xml", svc)):
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
                'schemas/sitemap/0.9">' + "".join(f"<url><loc>{e(u)}</loc></url>" for u in urls)
                + "</urlset>\n")
        w.page(p.url("/" + name), body, ctype="application/xml")


def write_search_rule(w: WebWriter, p: Portal) -> None:
    path = rel(p, p.chrome["search"])
    tpl = render(p, "Recherche", "<!--CONTENT-->").encode(p.charset, "xmlcharrefreplace")
    results = [[s.title, rel(p, s.page_url)] for s in visible(p)]
    w.dynamic(p.host, path, "search", tpl, charset=p.charset, results=results)
    p.facts["trap_prefixes"].append(p.base + path + "?")
