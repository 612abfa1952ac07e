"""The four CMS styles: URL schemes and page layouts (header, menu, breadcrumbs, footer)."""

from __future__ import annotations

from html import escape

from .model import Portal

CMS_STYLES = ["modern", "drupal", "wordpress", "legacy"]

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
}


def url_for(portal: Portal, kind: str, **kw) -> str:
    kw.setdefault("id", portal.next_id())
    kw.setdefault("mm", "03")
    kw.setdefault("yyyy", "2025")
    return portal.url(SCHEMES[portal.cms][kind].format(**kw))


def e(text: str) -> str:
    return escape(text, quote=True)


def _links(items: list[tuple[str, str]], sep: str = "") -> str:
    return sep.join(f'<a href="{e(href)}">{e(label)}</a>' for label, href in items)


def render(portal: Portal, title: str, content: str, crumbs: list[tuple[str, str]] | None = None,
           head: str = "") -> str:
    """Wrap `content` (HTML) in the portal's chrome; returns text (encode with portal.charset)."""
    return _LAYOUTS[portal.cms](portal, title, content, crumbs or [], head)


def _footer_items(portal: Portal) -> list[tuple[str, str]]:
    return portal.chrome.get("footer", [])


def _modern(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = []
    for label, href, subs in p.chrome.get("menu", []):
        sub = "".join(f'<li><a class="fr-nav__link" href="{e(h)}">{e(t)}</a></li>' for t, h in subs)
        menu.append(f'<li class="fr-nav__item"><button class="fr-nav__btn" aria-expanded="false">'
                    f'{e(label)}</button><div class="fr-collapse fr-mega-menu"><ul>'
                    f'<li><a href="{e(href)}">Tout {e(label)}</a></li>{sub}</ul></div></li>')
    bc = "".join(f'<li><a class="fr-breadcrumb__link" href="{e(h)}">{e(t)}</a></li>'
                 for t, h in [("Accueil", "/"), *crumbs])
    foot = "".join(f'<li class="fr-footer__bottom-item"><a class="fr-footer__bottom-link" '
                   f'href="{e(h)}">{e(t)}</a></li>' for t, h in _footer_items(p))
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
    menu = "".join(f'<li class="menu-item"><a href="{e(h)}">{e(t)}</a></li>'
                   for t, h, _ in p.chrome.get("menu", []))
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
        f'<nav>{_links(_footer_items(p), " | ")}</nav></footer></div></body></html>\n')


def _wordpress(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = "".join(f'<li class="menu-item menu-item-type-taxonomy"><a href="{e(h)}">{e(t)}</a></li>'
                   for t, h, _ in p.chrome.get("menu", []))
    recent = "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for t, h in p.chrome.get("recent", []))
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
        f'<nav class="footer-navigation">{_links(_footer_items(p), " · ")}</nav></footer>'
        "</div></body></html>\n")


def _legacy(p: Portal, title: str, content: str, crumbs, head: str) -> str:
    menu = "".join(f'<tr><td><font face="Verdana" size="2"><a href="{e(h)}">{e(t)}</a></font>'
                   "</td></tr>" for t, h, _ in p.chrome.get("menu", []))
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
        f'{_links(_footer_items(p), " - ")}</font></td></tr></table></body></html>\n')


_LAYOUTS = {"modern": _modern, "drupal": _drupal, "wordpress": _wordpress, "legacy": _legacy}
