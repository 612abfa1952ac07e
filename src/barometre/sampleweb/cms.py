"""The CMS styles: URL schemes and page layouts (header, menu, breadcrumbs, footer).

Four styles rotate over the portals; `joomla` (every page behind one index.php) replaces the
style of the portals given the one_script variant.
"""

from __future__ import annotations

from html import escape

from .catalogue import THEMES
from .model import Portal
from .store import WebWriter
from .variants import finish

CMS_STYLES = ["modern", "drupal", "wordpress", "legacy"]
# Joomla menu items: one per rubrique, then fixed ones for the other page kinds.
ITEMIDS = {slug: 102 + i for i, (_, slug) in enumerate(THEMES.values())}
_ARTICLE = "/index.php?option=com_content&view=article&id={id}&Itemid="
_CATEGORY = "/index.php?option=com_content&view=category&id={id}&Itemid="

SCHEMES = {
    "modern": {
        "theme": "/{theme}", "service": "/{theme}/{slug}", "sub": "/{theme}/{slug}/pieces-a-fournir",
        "form": "/{theme}/{slug}/formulaire", "doc": "/medias/documents/{file}",
        "news_list": "/actualites", "news": "/actualites/{slug}", "agenda": "/agenda",
        "event": "/agenda/{slug}", "elus": "/le-departement/elus", "elu": "/le-departement/elus/{slug}",
        "press": "/presse/{slug}", "hub": "/toutes-les-demarches", "faq": "/questions-frequentes",
        "contact": "/contact", "a11y": "/accessibilite", "plan": "/plan-du-site",
        "legal": "/mentions-legales", "search": "/recherche", "misc": "/le-departement/{slug}",
    },
    "drupal": {
        "theme": "/fr/vivre-ici/{theme}", "service": "/fr/vivre-ici/{theme}/{sub}/{slug}",
        "sub": "/fr/vivre-ici/{theme}/{sub}/{slug}/pieces-a-fournir",
        "form": "/fr/formulaires/{slug}", "doc": "/sites/default/files/2025-{mm}/{file}",
        "news_list": "/fr/actualites", "news": "/fr/actualites/{slug}", "agenda": "/fr/agenda",
        "event": "/fr/agenda/{slug}", "elus": "/fr/institution/elus",
        "elu": "/fr/institution/elus/{slug}", "press": "/fr/espace-presse/{slug}",
        "hub": "/fr/demarches-en-ligne", "faq": "/fr/faq", "contact": "/fr/nous-contacter",
        "a11y": "/fr/accessibilite", "plan": "/fr/plan-du-site", "legal": "/fr/mentions-legales",
        "search": "/fr/recherche", "misc": "/fr/institution/{slug}",
    },
    "wordpress": {
        "theme": "/category/{theme}/", "service": "/services/{slug}/",
        "sub": "/services/{slug}/pieces-a-fournir/", "form": "/formulaire-{slug}/",
        "doc": "/wp-content/uploads/2025/{mm}/{file}", "news_list": "/actualites/",
        "news": "/{yyyy}/{mm}/{slug}/", "agenda": "/agenda/", "event": "/evenement/{slug}/",
        "elus": "/elus/", "elu": "/elus/{slug}/", "press": "/communiques/{slug}/",
        "hub": "/demarches/", "faq": "/faq/", "contact": "/contact/", "a11y": "/accessibilite/",
        "plan": "/plan-du-site/", "legal": "/mentions-legales/", "search": "/recherche/",
        "misc": "/le-departement/{slug}/",
    },
    "legacy": {
        "theme": "/rubrique.php?id={id}", "service": "/article.php?id={id}",
        "sub": "/article.php?id={id}", "form": "/formulaire.php?id={id}", "doc": "/docs/{file}",
        "news_list": "/actualites.php", "news": "/actualite.php?id={id}", "agenda": "/agenda.php",
        "event": "/agenda_detail.php?id={id}", "elus": "/elus.php", "elu": "/elus.php?id={id}",
        "press": "/presse.php?id={id}", "hub": "/demarches.php", "faq": "/faq.php",
        "contact": "/contact.php", "a11y": "/accessibilite.php", "plan": "/plan.php",
        "legal": "/mentions.php", "search": "/recherche.php", "misc": "/page.php?id={id}",
    },
    "joomla": {
        "theme": _CATEGORY + "{itemid}", "service": _ARTICLE + "{itemid}", "sub": _ARTICLE + "{itemid}",
        "form": _ARTICLE + "{itemid}", "doc": "/images/documents/{file}",
        "news_list": "/index.php?option=com_content&view=category&layout=blog&id={id}&Itemid=120",
        "news": _ARTICLE + "120", "agenda": "/index.php/agenda", "event": _ARTICLE + "121",
        "elus": _CATEGORY + "122", "elu": _ARTICLE + "122", "press": _ARTICLE + "123",
        "hub": "/index.php?option=com_content&view=categories&id={id}&Itemid=101",
        "faq": _ARTICLE + "124", "contact": "/index.php?option=com_contact&view=featured&Itemid=125",
        "a11y": _ARTICLE + "126", "plan": "/index.php?option=com_content&view=article&id={id}&Itemid=127",
        "legal": _ARTICLE + "128", "search": "/index.php/recherche", "misc": _ARTICLE + "129",
    },
}
# Where the added pages live: directories, legal and institutional pages, job offers.
SCHEMES["modern"].update({
    "colleges": "/colleges-et-jeunesse/annuaire-des-colleges", "college": "/colleges-et-jeunesse/{slug}",
    "centres": "/solidarites/ou-s-adresser", "centre": "/solidarites/{slug}", "info": "/{slug}",
    "jobs": "/le-departement/offres-d-emploi", "job": "/le-departement/offres-d-emploi/{slug}",
    "file": "/medias/donnees/{file}"})
SCHEMES["drupal"].update({
    "colleges": "/fr/vivre-ici/colleges-et-jeunesse/colleges",
    "college": "/fr/vivre-ici/colleges-et-jeunesse/colleges/{slug}",
    "centres": "/fr/vivre-ici/solidarites/lieux-d-accueil",
    "centre": "/fr/vivre-ici/solidarites/lieux-d-accueil/{slug}", "info": "/fr/{slug}",
    "jobs": "/fr/institution/recrutement", "job": "/fr/institution/recrutement/{slug}",
    "file": "/sites/default/files/open-data/{file}"})
SCHEMES["wordpress"].update({
    "colleges": "/colleges/", "college": "/colleges/{slug}/", "centres": "/lieux-d-accueil/",
    "centre": "/lieux-d-accueil/{slug}/", "info": "/{slug}/", "jobs": "/offres-emploi/",
    "job": "/offres-emploi/{slug}/", "file": "/wp-content/uploads/2026/01/{file}"})
SCHEMES["legacy"].update({
    "colleges": "/annuaire.php?type=colleges", "college": "/annuaire.php?id={id}",
    "centres": "/annuaire.php?type=solidarites", "centre": "/annuaire.php?id={id}",
    "info": "/page.php?id={id}", "jobs": "/emplois.php", "job": "/emplois.php?id={id}",
    "file": "/docs/donnees/{file}"})
SCHEMES["joomla"].update({
    "colleges": _CATEGORY + "150", "college": _ARTICLE + "150",
    "centres": "/index.php?option=com_contact&view=category&id={id}&Itemid=151",
    "centre": "/index.php?option=com_contact&view=contact&id={id}&Itemid=151",
    "info": _ARTICLE + "160", "jobs": _CATEGORY + "170", "job": _ARTICLE + "170",
    "file": "/images/donnees/{file}"})


def url_for(portal: Portal, kind: str, **kw) -> str:
    kw.setdefault("id", portal.next_id())  # drawn even when unused: the draws after it stay put
    return page_url(portal, kind, **kw)


def page_url(portal: Portal, kind: str, **kw) -> str:
    """The URL of a page of `kind`; an identifier, when the scheme needs one, comes from `extra`."""
    scheme = SCHEMES[portal.cms][kind]
    if "id" not in kw and "{id}" in scheme:
        kw["id"] = portal.extra_id()
    kw.setdefault("mm", "03")
    kw.setdefault("yyyy", "2025")
    kw.setdefault("itemid", ITEMIDS.get(kw.get("theme"), 101))
    return portal.url(scheme.format(**kw))


def e(text: str) -> str:
    return escape(text, quote=True)


def _links(items: list[tuple[str, str]], sep: str = "") -> str:
    return sep.join(f'<a href="{e(href)}">{e(label)}</a>' for label, href in items)


def render(portal: Portal, title: str, content: str, crumbs: list[tuple[str, str]] | None = None,
           head: str = "", url: str | None = None) -> str:
    """Wrap `content` (HTML) in the portal's chrome; returns text (encode with portal.charset).
    `url` is the page's own (canonical) URL, for the portals that declare it."""
    return finish(portal, _LAYOUTS[portal.cms](portal, title, content, crumbs or [], head), url)


def write_html(w: WebWriter, p: Portal, url: str, title: str, content: str, crumbs=None,
               head: str = "", kind: str | None = None) -> str:
    """Render and store one portal page; a `kind` lists it in the truth as a non-service."""
    html = render(p, title, content, crumbs, head, url)
    w.page(url, html, **p.chrome["html"])
    if kind:
        p.non_service(url, kind)
    return html


def _footer_items(portal: Portal) -> list[tuple[str, str]]:
    return portal.chrome.get("footer", [])


def _cached(p: Portal, name: str, build) -> str:
    """A chrome fragment (menu, footer) built once per portal: every page repeats it."""
    c = p.chrome
    key = (name, len(c.get("menu", ())), len(c.get("footer", ())), id(c.get("recent")))
    cache = c.setdefault("_fragments", {})
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _modern_menu(p: Portal) -> str:
    menu = []
    for label, href, subs in p.chrome.get("menu", []):
        sub = "".join(f'<li><a class="fr-nav__link" href="{e(h)}">{e(t)}</a></li>' for t, h in subs)
        menu.append(f'<li class="fr-nav__item"><button class="fr-nav__btn" aria-expanded="false">'
                    f'{e(label)}</button><div class="fr-collapse fr-mega-menu"><ul>'
                    f'<li><a href="{e(href)}">Tout {e(label)}</a></li>{sub}</ul></div></li>')
    return "".join(menu)


def _modern(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = [_cached(p, "menu", lambda: _modern_menu(p))]
    bc = "".join(f'<li><a class="fr-breadcrumb__link" href="{e(h)}">{e(t)}</a></li>'
                 for t, h in [("Accueil", "/"), *crumbs])
    foot = _cached(p, "footer", lambda: "".join(
        f'<li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" '
        f'href="{e(h)}">{e(t)}</a></li>' for t, h in _footer_items(p)))
    return (
        '<!DOCTYPE html>\n<html lang="fr" data-fr-scheme="system"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} | {e(p.name)}</title>"
        '<link rel="stylesheet" href="/dist/dsfr/dsfr.min.css">' + head + "</head><body>"
        '<div class="fr-skiplinks"><a class="fr-link" href="#contenu">Aller au contenu</a></div>'
        '<header role="banner" class="fr-header"><div class="fr-header__brand">'
        '<p class="fr-logo">République<br>française</p>'
        f'<a href="/" title="Accueil - {e(p.name)}"><img src="/images/logo.svg" '
        f'alt="{e(p.name)} - retour à l\'accueil"></a></div>'
        '<nav class="fr-nav" role="navigation" aria-label="Menu principal"><ul class="fr-nav__list">'
        + "".join(menu) + "</ul></nav></header>"
        f'<main id="contenu" role="main"><nav class="fr-breadcrumb" aria-label="vous êtes ici :">'
        f'<ol class="fr-breadcrumb__list">{bc}</ol></nav><h1>{e(title)}</h1>{content}</main>'
        f'<footer class="fr-footer" role="contentinfo"><p>{p.chrome.get("note", "")}</p>'
        f'<ul class="fr-footer__bottom-list">{foot}</ul></footer></body></html>\n')


def _drupal(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = _cached(p, "menu", lambda: "".join(f'<li class="menu-item"><a href="{e(h)}">{e(t)}</a></li>'
                                              for t, h, _ in p.chrome.get("menu", [])))
    bc = "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for t, h in [("Accueil", "/"), *crumbs])
    return (
        '<!DOCTYPE html>\n<html lang="fr" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        f"<title>{e(title)} | {e(p.name)}</title>"
        '<link rel="stylesheet" media="all" href="/sites/default/files/css/css_a1b2.css">'
        + head + '</head><body class="path-node page-node-type-page">'
        '<a href="#main-content" class="visually-hidden focusable">Aller au contenu principal</a>'
        '<div class="dialog-off-canvas-main-canvas"><header class="site-header">'
        f'<a href="/" rel="home"><img src="/themes/custom/cd/logo.svg" alt="Accueil - {e(p.name)}">'
        '</a><nav role="navigation" aria-label="Navigation principale"><ul class="menu">'
        f'{menu}</ul></nav></header><div class="region-breadcrumb"><nav class="breadcrumb" '
        f'role="navigation" aria-labelledby="system-breadcrumb"><ol>{bc}</ol></nav></div>'
        '<main role="main"><a id="main-content" tabindex="-1"></a>'
        f'<h1 class="page-title"><span>{e(title)}</span></h1><article class="node">{content}'
        f'</article></main><footer class="site-footer"><div>{p.chrome.get("note", "")}</div>'
        f'<nav>{_cached(p, "footer", lambda: _links(_footer_items(p), " | "))}</nav></footer>'
        "</div></body></html>\n")


def _wordpress(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = _cached(p, "menu", lambda: "".join(
        f'<li class="menu-item menu-item-type-taxonomy"><a href="{e(h)}">{e(t)}</a></li>'
        for t, h, _ in p.chrome.get("menu", [])))
    recent = _cached(p, "recent", lambda: _recent(p))
    return (
        '<!DOCTYPE html>\n<html lang="fr-FR"><head><meta charset="UTF-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)} &#8211; {e(p.name)}</title>"
        '<meta name="generator" content="WordPress 6.5.2">'
        "<link rel='stylesheet' id='departement-style-css' "
        "href='/wp-content/themes/departement/style.css?ver=6.5.2' media='all'>"
        '<link rel="https://api.w.org/" href="/wp-json/">' + head + "</head>"
        '<body class="page-template-default page"><div id="page" class="site">'
        '<a class="skip-link screen-reader-text" href="#primary">Aller au contenu</a>'
        '<header id="masthead" class="site-header"><div class="site-branding">'
        f'<a href="/" rel="home"><img src="/wp-content/uploads/2023/01/logo.png" alt="{e(p.name)}">'
        '</a></div><nav id="site-navigation" class="main-navigation"><ul id="primary-menu" '
        f'class="menu">{menu}</ul></nav></header><div id="content" class="site-content">'
        f'<main id="primary" class="site-main"><article><header class="entry-header">'
        f'<h1 class="entry-title">{e(title)}</h1></header><div class="entry-content">{content}'
        '</div></article></main><aside id="secondary" class="widget-area">'
        f'<section class="widget widget_recent_entries"><h2>Articles récents</h2><ul>{recent}</ul>'
        f'</section></aside></div><footer id="colophon" class="site-footer">'
        f'<div class="site-info">{p.chrome.get("note", "")}</div>'
        f'<nav class="footer-navigation">{_cached(p, "footer", lambda: _links(_footer_items(p), " · "))}'
        "</nav></footer></div></body></html>\n")


def _recent(p: Portal) -> str:
    return "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for t, h in p.chrome.get("recent", []))


def _legacy(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = _cached(p, "menu", lambda: "".join(
        f'<tr><td><font face="Verdana" size="2"><a href="{e(h)}">{e(t)}</a></font></td></tr>'
        for t, h, _ in p.chrome.get("menu", [])))
    return (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html><head>'
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"<title>{e(p.name)} - {e(title)}</title>" + head + "</head>"
        '<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0">'
        '<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">'
        '<tr><td colspan="2"><a href="/"><img src="/images/bandeau.gif" width="780" '
        f'height="120" alt="{e(p.name)}" border="0"></a></td></tr>'
        '<tr><td width="180" valign="top" bgcolor="#E6E6CC"><table width="100%">'
        f'{menu}</table></td><td valign="top"><font face="Verdana, Arial" size="2">'
        f'<b><font size="4" color="#336699">{e(title)}</font></b><br><br>{content}</font></td></tr>'
        f'<tr><td colspan="2" align="center"><font size="1">{p.chrome.get("note", "")}<br>'
        f'{_cached(p, "footer", lambda: _links(_footer_items(p), " - "))}</font></td></tr></table>'
        "</body></html>\n")


def _joomla(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = _cached(p, "menu", lambda: "".join(
        f'<li class="nav-item item-{ITEMIDS.get(slug, 101)}"><a href="{e(h)}">{e(t)}</a></li>'
        for (t, h, _), slug in zip(p.chrome.get("menu", []), ITEMIDS, strict=False)))
    bc = "".join(f'<li class="mod-breadcrumbs__item breadcrumb-item"><a href="{e(h)}" class="pathway">'
                 f"{e(t)}</a></li>" for t, h in [("Accueil", "/"), *crumbs])
    recent = _cached(p, "recent", lambda: _recent(p))
    return (
        '<!DOCTYPE html>\n<html lang="fr-fr" dir="ltr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="Joomla! - Open Source Content Management">'
        f"<title>{e(title)} - {e(p.name)}</title>"
        '<link href="/media/templates/site/cassiopeia/css/template.min.css" rel="stylesheet">'
        + head + '</head><body class="site com_content view-article">'
        '<header class="header container-header full-width"><div class="navbar-brand">'
        f'<a class="brand-logo" href="/"><img src="/images/logo-departement.png" alt="{e(p.name)}">'
        '</a></div><nav class="navbar navbar-expand-md" aria-label="Menu principal">'
        f'<ul class="mod-menu mod-list nav">{menu}</ul></nav></header>'
        '<div class="site-grid"><nav class="mod-breadcrumbs__wrapper" aria-label="Fil d\'ariane">'
        f'<ol class="mod-breadcrumbs breadcrumb">{bc}</ol></nav>'
        '<main class="container-component"><div class="com-content-article item-page">'
        f'<div class="page-header"><h1>{e(title)}</h1></div>'
        f'<div class="com-content-article__body">{content}</div></div></main>'
        '<div class="grid-child container-sidebar-right"><div class="sidebar-right card">'
        f'<h3 class="card-header">Dernières actualités</h3><ul class="mod-articleslatest">{recent}'
        '</ul></div></div></div><footer class="container-footer footer full-width">'
        f'<div class="mod-custom">{p.chrome.get("note", "")}</div>'
        f'<ul class="mod-menu mod-list nav">{_cached(p, "footer", lambda: _footer_list(p))}'
        "</ul></footer></body></html>\n")


def _footer_list(p: Portal) -> str:
    return "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for t, h in _footer_items(p))


_LAYOUTS = {"modern": _modern, "drupal": _drupal, "wordpress": _wordpress, "legacy": _legacy,
            "joomla": _joomla}
