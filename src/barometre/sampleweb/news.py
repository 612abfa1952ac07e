"""News of a portal: dated articles with publication metadata, some quoting a service's exact
title, its conditions, its amount and a link to its form. They are never services."""

from __future__ import annotations

import json

from .catalogue import CANTONS
from .cms import e, page_url, url_for, write_html
from .model import Portal, Service
from .pages import MONTHS, date_text, rel, visible, with_query
from .plan import slugify
from .store import WebWriter
from .variants import alias_of

NEWS_ABOUT = ["Le Département revalorise {t} en 2026", "{t} : ce qui change au 1er janvier",
              "Nouveau : {t}, une démarche simplifiée", "Bilan 2025 : plus de 3 000 bénéficiaires "
              "pour {t}"]
NEWS_OTHER = ["Inauguration du collège {c}", "Travaux sur la RD {n} : déviation mise en place",
              "Session de l'assemblée départementale du {d}", "Le budget {y} adopté",
              "Fête de la nature au domaine de {c}", "Plan grand froid : le Département mobilisé"]
# News about a service's form: the exact service title, a link to the form itself.
NEWS_FORM = ["{t} : le formulaire {y} est disponible", "{t} : les demandes sont ouvertes",
             "{t}"]
# News that read like the service page: who, how much, how to apply, a button to the form.
AID_TITLES = ["{t} : jusqu'à {a} € d'aide en 2026", "Nouveau en 2026 : {t}",
              "{t} : déposez votre demande avant le {d}", "{t} : ce qu'il faut savoir",
              "Le Département renforce son soutien : {t}"]
AID_LEADS = ["Bonne nouvelle pour les habitants : le Département reconduit et élargit ce dispositif.",
             "Votée lors de la dernière session, la mesure entre en vigueur dès maintenant.",
             "Plus de bénéficiaires, un montant revalorisé : ce qui change cette année.",
             "Le dispositif est ouvert à tous les habitants qui remplissent les conditions."]
AID_WHO = ["Qui peut en bénéficier ?", "Les conditions", "Pour qui ?", "Êtes-vous concerné ?"]
AID_HOW = ["Comment faire la demande ?", "Comment en profiter ?", "Les démarches", "En pratique"]
CONDITIONS = ["avoir des ressources mensuelles inférieures à {r} €", "être âgé de 60 ans ou plus",
              "résider dans le département depuis au moins six mois",
              "ne pas bénéficier d'une aide équivalente d'un autre organisme",
              "être inscrit dans un établissement du département"]
PER = ["par foyer", "par an", "par enfant", "par projet", "en une seule fois"]


def iso(text: str) -> str:
    """'12 mars 2025' -> '2025-03-12'."""
    day, month, year = text.split()
    return f"{year}-{MONTHS.index(month) + 1:02d}-{int(day):02d}"


def _meta(p: Portal, title: str, day: str) -> tuple[str, str]:
    """(head tags, visible dateline) of a news article, in the portal's CMS idiom."""
    when, stamp = iso(day), f"{iso(day)}T09:30:00+01:00"
    if p.cms in ("modern", "drupal"):
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                "datePublished": stamp, "dateModified": f"{when}T17:00:00+01:00",
                "author": {"@type": "Organization", "name": p.name}}
        head = ('<meta property="og:type" content="article">'
                f'<meta property="article:published_time" content="{stamp}">'
                f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>')
        return head, f'<p class="fr-text--sm date">Publié le <time datetime="{when}">{e(day)}</time></p>'
    if p.cms == "wordpress":
        return (f'<meta property="article:published_time" content="{stamp}">',
                f'<p class="entry-meta"><time class="entry-date published" datetime="{stamp}">{e(day)}'
                '</time> <span class="byline">par Service communication</span></p>')
    if p.cms == "joomla":
        return ('<meta name="author" content="Service communication">',
                f'<dl class="article-info"><dd class="published"><time datetime="{stamp}">Publication'
                f" : {e(day)}</time></dd></dl>")
    return f'<meta name="date" content="{when}">', f"<p><i>Publié le {when[8:]}/{when[5:7]}/{when[:4]}</i></p>"


def write_news(w: WebWriter, p: Portal, count: int, aids: int) -> list[tuple[str, str]]:
    rng, items, links = p.rng, [], []
    for i in range(count):
        svc = rng.choice(visible(p)) if i % 2 == 0 else None
        with_form = [s for s in visible(p) if s.doc_url]
        if i == 0 and with_form:
            svc = p.style.choice(with_form)
            title = p.style.choice(NEWS_FORM).format(t=svc.title, y=2026)
            when = date_text(p)
            body = (f"<p>{when} — Le Département de {e(p.name)} rappelle que le dossier "
                    f"« {e(svc.title)} » se demande toute l'année. "
                    f'<a href="{e(rel(p, svc.doc_url))}">Télécharger le formulaire</a> · '
                    f"<a href=\"{e(with_query(rel(p, svc.page_url), 'xtor=AD-' + str(i)))}\">"
                    "Toutes les informations sur la démarche</a>.</p>")
        elif svc:
            title = rng.choice(NEWS_ABOUT).format(t=svc.title)
            when = date_text(p)
            body = (f"<p>{when} — Le Département de {e(p.name)} fait évoluer "
                    f"« {e(svc.title)} ». <a href=\"{e(with_query(rel(p, svc.page_url), 'xtor=AD-' + str(i)))}\">"
                    "En savoir plus sur cette aide</a>.</p>")
        else:
            title = rng.choice(NEWS_OTHER).format(c=rng.choice(CANTONS), n=rng.randint(1, 999),
                                                  d=date_text(p), y=2026)
            when = date_text(p)
            body = f"<p>{when} — {e(title)}. Retrouvez toutes les informations ici.</p>"
        slug = slugify(title) + f"-{i}"
        mm = f"{rng.randint(1, 12):02d}"
        url = url_for(p, "news", slug=slug, mm=mm, yyyy="2025")
        items.append(_article(w, p, url, title, body, when))
        links.append((title, with_query(rel(p, url), "xtor=RSS-3") if i % 3 == 0 else rel(p, url)))
    for i, svc in enumerate(_quoted(p, aids)):
        title, url, body, when = _aid_article(p, svc, count + i)
        items.insert(1 + i, _article(w, p, url, title, body, when, added=True))
        links.insert(1 + i, (title, rel(p, url)))
    lst = "".join(f'<li><a href="{e(h)}">{e(t)}</a></li>' for t, h in links)
    write_html(w, p, p.chrome["news_list"], "Actualités", f"<ul>{lst}</ul>", kind="hub")
    return items


def _article(w: WebWriter, p: Portal, url: str, title: str, body: str, when: str,
             added: bool = False) -> tuple[str, str]:
    """Write one article (and its duplicates on a canonical portal); (title, link to it)."""
    head, dateline = _meta(p, title, when)
    crumbs = [("Actualités", rel(p, p.chrome["news_list"]))]
    html = write_html(w, p, url, title, dateline + body, crumbs, head=head, kind="news")
    if p.variant == "canonical":
        alias = alias_of(p, url)
        if alias:
            w.page(alias, html, **p.chrome["html"])
            p.url_variants[alias] = url
    if p.cms == "wordpress":
        post = p.extra_id() if added else p.next_id()
        w.redirect(p.url(f"/?p={post}"), url)
        return title, f"/?p={post}"
    return title, rel(p, url)


def _quoted(p: Portal, count: int) -> list[Service]:
    """Services with a form or an e-service to point at, for the news that quote them."""
    pool = [s for s in visible(p) if s.entry_url and s.entry_url != s.page_url]
    return p.extra.sample(pool, min(count, len(pool)))


def _aid_article(p: Portal, s: Service, i: int) -> tuple[str, str, str, str]:
    x = p.extra
    amount = x.choice(["150", "200", "300", "500", "800", "1 500"])
    day = f"{x.randint(1, 28)} {x.choice(MONTHS[:5])} 2026"
    deadline = f"{x.randint(1, 28)} {x.choice(MONTHS[6:10])} 2026"
    title = x.choice(AID_TITLES).format(t=s.title, a=amount, d=deadline)
    conditions = [c.format(r=x.choice(["1 200", "1 500", "1 800"])) for c in x.sample(CONDITIONS, 2)]
    target = s.entry_url or s.page_url
    button = ("Télécharger le formulaire (PDF)" if target == s.doc_url
              else x.choice(["Faire ma demande en ligne", "Accéder au formulaire", "Je dépose ma demande"]))
    body = (f'<p class="chapo">{e(x.choice(AID_LEADS))} « {e(s.title)} » s\'adresse aux habitants '
            f"qui en remplissent les conditions.</p><h2>{e(x.choice(AID_WHO))}</h2><ul>"
            + "".join(f"<li>{e(c)}</li>" for c in conditions)
            + f"</ul><p>Le montant de l'aide peut atteindre {amount} € {x.choice(PER)}. Les demandes "
            f"sont reçues jusqu'au {deadline}.</p><h2>{e(x.choice(AID_HOW))}</h2>"
            f'<p><a class="fr-btn" href="{e(rel(p, target))}">{e(button)}</a></p>'
            f'<p>Toutes les informations sur la démarche : <a href="{e(rel(p, s.page_url))}">'
            f"{e(s.title)}</a>.</p><p><i>Direction de la communication</i></p>")
    url = page_url(p, "news", slug=slugify(title) + f"-{i}", mm=f"{x.randint(1, 5):02d}", yyyy="2026")
    return title, url, body, day
