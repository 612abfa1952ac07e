"""Sibling services on a service page, as real portals show them: a "Voir aussi" / "Services
associés" block (aside, section, cards, CMS module, or a plain heading and list written in the
text) and, on some portals, a sub-navigation of the rubrique inside the main column.

The page stays one service: these links are navigation, not its content.
"""

from __future__ import annotations

from .catalogue import THEMES
from .cms import e
from .model import Portal, Service
from .pages import rel
from .variants import link_target

HEADINGS = ["Voir aussi", "Services associés", "Ces démarches peuvent aussi vous intéresser",
            "À découvrir également", "Dans la même rubrique", "Les démarches liées",
            "Aller plus loin", "Vous pourriez aussi avoir besoin de"]
# Per CMS style, the block of the portal's template, taken in turn by successive portals of
# that style; and whether the template has a sub-navigation.
BLOCKS = {"modern": ["dsfr_section", "cards"], "drupal": ["aside", "inline"],
          "wordpress": ["section", "aside"], "legacy": ["inline", "legacy_box"],
          "joomla": ["section", "module"]}
SUBNAV = {"modern": [True, False], "drupal": [False, True], "wordpress": [False, True],
          "legacy": [True, False], "joomla": [False, True]}
BADGES = {1: "Information", 2: "Formulaire à télécharger", 3: "Formulaire en ligne",
          4: "Démarche en ligne"}


def plan_markup(p: Portal, index: int) -> None:
    turn = index // 4
    p.markup = {"base_href": p.variant == "base_href", "canonical_links": p.variant == "canonical",
                "one_script": p.variant == "one_script",
                "related_block": BLOCKS[p.cms][turn % 2], "subnav": SUBNAV[p.cms][turn % 2]}


def _listed(p: Portal) -> list[Service]:
    return [s for s in p.services if not s.sitemap_only]


def siblings(p: Portal, s: Service) -> list[Service]:
    """3 to 5 other services, of the same rubrique first."""
    pool = _listed(p)
    same = [o for o in pool if o.theme == s.theme and o is not s]
    other = [o for o in pool if o.theme != s.theme]
    want = p.extra.randint(3, 5)
    picked = p.extra.sample(same, min(want, len(same)))
    if len(picked) < want:
        picked += p.extra.sample(other, min(want - len(picked), len(other)))
    order = {id(o): i for i, o in enumerate(pool)}
    return sorted(picked, key=lambda o: order[id(o)])


def _items(p: Portal, svcs: list[Service], badge: bool = False) -> str:
    out = []
    for o in svcs:
        tag = f' <span class="badge">{e(BADGES[o.level])}</span>' if badge else ""
        out.append(f'<li><a href="{e(rel(p, link_target(p, o)))}">{e(o.title)}</a>{tag}</li>')
    return "".join(out)


def related_block(p: Portal, s: Service) -> str:
    """The template's block, sometimes also an editor's own "Voir aussi" list in the text."""
    svcs = siblings(p, s)
    heading = e(p.extra.choice(HEADINGS))
    kind = p.markup["related_block"]
    if kind == "inline" and p.extra.random() < 0.5:  # editors mostly write just "Voir aussi"
        heading = "Voir aussi"
    html = _BLOCK[kind](p, svcs, heading)
    if kind != "inline" and p.extra.random() < 0.3:
        html = f"<h2>Voir aussi</h2><ul>{_items(p, siblings(p, s))}</ul>" + html
    return html


def _cards(p: Portal, svcs: list[Service], heading: str) -> str:
    cards = "".join(
        f'<div class="fr-col-12 fr-col-md-4"><div class="fr-card fr-enlarge-link"><div '
        f'class="fr-card__body"><h3 class="fr-card__title"><a href="{e(rel(p, link_target(p, o)))}">'
        f'{e(o.title)}</a></h3><p class="fr-card__desc">{e(THEMES[o.theme][0])} · fiche pratique'
        f'</p><p class="fr-badge fr-badge--sm">{e(BADGES[o.level])}</p></div></div></div>'
        for o in svcs)
    return (f'<section class="fr-container related-cards"><h2>{heading}</h2>'
            f'<div class="fr-grid-row fr-grid-row--gutters">{cards}</div></section>')


_BLOCK = {
    "dsfr_section": lambda p, svcs, h: (
        f'<section class="fr-related fr-mt-4w" aria-labelledby="associes"><h2 id="associes">{h}'
        f'</h2><ul class="fr-links-group">{_items(p, svcs)}</ul></section>'),
    "cards": _cards,
    "aside": lambda p, svcs, h: (
        '<aside class="block block-views related-content" role="complementary">'
        f'<h2 class="block-title">{h}</h2><div class="view-content"><ul>{_items(p, svcs)}</ul>'
        "</div></aside>"),
    "section": lambda p, svcs, h: (
        f'<section class="related-services wp-block-group yarpp-related"><h3>{h}</h3>'
        f"<ol>{_items(p, svcs)}</ol></section>"),
    "inline": lambda p, svcs, h: f"<h2>{h}</h2><ul>{_items(p, svcs)}</ul>",
    "legacy_box": lambda p, svcs, h: (
        f'<table width="100%" bgcolor="#EEEEEE" cellpadding="4"><tr><td><b>{h} :</b><br>'
        + "<br>".join(f'&raquo; <a href="{e(rel(p, link_target(p, o)))}">{e(o.title)}</a>'
                      for o in svcs) + "</td></tr></table>"),
    "module": lambda p, svcs, h: (
        f'<div class="moduletable related-items"><h3>{h}</h3><ul class="mod-relateditems '
        f'relateditems mod-list">{_items(p, svcs, badge=True)}</ul></div>'),
}


def subnav(p: Portal, s: Service) -> str:
    """The rubrique's services, the current one marked, at the top of the main column."""
    if not p.markup["subnav"]:
        return ""
    svcs = [o for o in _listed(p) if o.theme == s.theme]
    label = e(THEMES[s.theme][0])
    if p.cms == "legacy":
        rows = "".join(f'<tr><td><font size="1"><a href="{e(rel(p, o.page_url))}">{e(o.title)}</a>'
                       "</font></td></tr>" for o in svcs)
        return f'<table class="sousmenu" width="100%"><tr><td><b>{label}</b></td></tr>{rows}</table>'
    nav, li, a = SUBNAV_CLASSES[p.cms]
    items = "".join(
        f'<li class="{li}"><a class="{a}" href="{e(rel(p, link_target(p, o)))}"'
        f'{" aria-current=page" if o is s else ""}>{e(o.title)}</a></li>' for o in svcs)
    return (f'<nav class="{nav}" aria-label="Dans cette rubrique : {label}">'
            f'<p class="{nav.split()[0]}__title">{label}</p><ul>{items}</ul></nav>')


SUBNAV_CLASSES = {"modern": ("fr-sidemenu", "fr-sidemenu__item", "fr-sidemenu__link"),
                  "drupal": ("menu--sous-rubrique block-menu", "menu-item", "menu-link"),
                  "wordpress": ("widget_nav_menu sub-pages", "page_item", "page-link"),
                  "joomla": ("mod-menu sidebar-nav", "nav-item", "nav-link")}
