"""The harder pages of the sample web: related-services blocks and sub-navigation on service
pages, directories, legal and job pages, e-service account screens, news quoting aids, and the
base-href, canonical and one-script portals. Each class is where the truth says it is."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from protego import Protego
from selectolax.lexbor import LexborHTMLParser

from barometre.sampleweb.catalogue import FICTION_PHONE_PREFIXES
from barometre.sampleweb.related import HEADINGS
from barometre.sampleweb.server import SampleWeb
from barometre.sampleweb.store import resolve, split_url
from tests.sampleweb.links import links_in as links

PHONE = re.compile(r"(?<![\d.])0\d(?: \d\d){4}(?![\d])")
RELATED = {"dsfr_section": "section.fr-related", "cards": "section.related-cards",
           "aside": "aside.related-content", "section": "section.related-services",
           "legacy_box": "table[bgcolor='#EEEEEE']", "module": "div.related-items"}


@pytest.fixture(scope="module")
def web(web_dir):
    return SampleWeb(web_dir)


def reachable(truth):
    return [c for c in truth["collectivites"] if c["reachable"]]


def body(web: SampleWeb, url: str) -> bytes:
    entry = resolve(web.hosts, *split_url(url))
    assert entry and entry["s"] == 200 and "f" in entry, url
    return web.body(entry["f"])


def text(web: SampleWeb, url: str) -> str:
    entry = resolve(web.hosts, *split_url(url))
    charset = entry["t"].split("charset=")[-1] if "charset=" in entry["t"] else "utf-8"
    return body(web, url).decode(charset)


def tree(web: SampleWeb, url: str) -> LexborHTMLParser:
    return LexborHTMLParser(text(web, url))


def main(doc: LexborHTMLParser):
    return doc.css_first("main") or doc.body


def service_pages(col):
    """(service, page URL) for the HTML service pages on the portal host."""
    return [(s, s["page_url"]) for s in col["services"] if s["page_url"].startswith(col["portal_url"])]


def test_service_pages_carry_a_related_block_of_3_to_5_siblings(truth, web):
    blocks = set()
    for col in reachable(truth):
        kind = col["markup"]["related_block"]
        blocks.add(kind)
        known = {u for s in col["services"] for u in [s["page_url"], *s["aliases"]]}
        for _, url in service_pages(col):
            doc = tree(web, url)
            if kind == "inline":
                found = [h.next for h in main(doc).css("h2") if h.text() in HEADINGS]
                lists = [n for n in found if n is not None and n.tag == "ul"]
            else:
                lists = main(doc).css(RELATED[kind])
            assert lists, (col["code"], url)
            siblings = {u for u in links(doc, lists[-1], url) if u in known}
            assert 3 <= len(siblings) <= 5 and url not in siblings, (col["code"], url)
    assert {"aside", "inline"} <= blocks and blocks & {"section", "dsfr_section", "cards"}
    assert len(blocks) >= 5


def test_plain_voir_aussi_list_inside_the_main_content_on_every_portal(truth, web):
    for col in reachable(truth):
        plain = 0
        for _, url in service_pages(col):
            heads = [h for h in main(tree(web, url)).css("h2") if h.text() == "Voir aussi"]
            plain += any(h.next is not None and h.next.tag == "ul" for h in heads)
        assert plain >= 2, col["code"]


def test_sub_navigation_lists_the_rubrique_on_some_portals(truth, web):
    with_nav = [c for c in reachable(truth) if c["markup"]["subnav"]]
    assert with_nav and len(with_nav) < len(reachable(truth))
    for col in with_nav:
        known = {u for s in col["services"] for u in [s["page_url"], *s["aliases"]]}
        for s, url in service_pages(col):
            doc = tree(web, url)
            nav = main(doc).css_first("nav[aria-label^='Dans cette rubrique'], table.sousmenu")
            assert nav is not None, url
            same = [o for o in col["services"] if o["theme"] == s["theme"]
                    and o["page_url"] not in col["facts"]["sitemap_only_urls"]]
            assert len({u for u in links(doc, nav, url) if u in known}) == len(same), url


def test_directory_pages_are_listed_as_non_services(truth, web):
    for col in reachable(truth):
        pages = [u for u in col["non_services"]["directory"] if not u.endswith(".pdf")]
        texts = {u: main(tree(web, u)).text() for u in pages}
        colleges = [u for u, t in texts.items() if "élèves" in t and "Principal" in t]
        centres = [u for u, t in texts.items() if "Horaires d'ouverture" in t]
        elus = [u for u, t in texts.items() if "Permanence" in t and "Canton" in t]
        assert len(colleges) >= 5 and len(centres) >= 4 and len(elus) >= 3, col["code"]
        for url in colleges + centres:
            assert "Adresse" in texts[url] and PHONE.search(texts[url]), url
        services = {u for s in col["services"] for u in s["urls"]}
        assert not services & set(pages)
        linked_services = [u for u in centres if any(
            x in services for x in links(tree(web, u), main(tree(web, u)), u))]
        assert linked_services, col["code"]  # a directory entry names services


def test_legal_institutional_and_job_pages(truth, web):
    wanted = [("Données personnelles", "Protection des données", "Politique de confidentialité"),
              ("Gestion des cookies", "Paramètres des cookies", "Cookies et traceurs"),
              ("Budget 2026", "Le budget primitif 2026"), ("Données ouvertes", "Open data", "Nos données"),
              ("Recueil des actes", "Actes administratifs"),
              ("Marchés publics", "Appels d'offres", "Les marchés publics"), ("Mentions légales",)]
    for col in reachable(truth):
        titles = {tree(web, u).css_first("title").text(): u for u in col["non_services"]["legal"]
                  if not u.endswith((".pdf", ".csv"))}
        for variants in wanted:
            assert any(v in t for t in titles for v in variants), (col["code"], variants)
        cookies = next(u for t, u in titles.items() if "ookies" in t)
        assert tree(web, cookies).css_first("form[method=post]") is not None
        jobs = {tree(web, u).css_first("title").text(): u for u in col["non_services"]["job"]}
        assert any("Travailleur social (H/F)" in t for t in jobs), col["code"]
        spontaneous = next(u for t, u in jobs.items() if "Candidature spontanée" in t)
        form = tree(web, spontaneous).css_first("form[enctype='multipart/form-data']")
        assert form is not None and form.css_first("input[type=file]") is not None


def test_eservice_screens_and_login_next_variants(truth, web, client):
    hosts_seen = 0
    for col in reachable(truth):
        platforms = col["hosts"][1:]
        screens = set(col["non_services"].get("eservice_screen", []))
        variants = col["url_variants"]
        for host in platforms:
            hosts_seen += 1
            robots = Protego.parse(body(web, f"{web.origin(host)}/robots.txt").decode())
            login = f"{web.origin(host)}/login/"
            assert login in screens and robots.can_fetch(login, "BarometreBot")
            assert len([u for u in screens if u.startswith(f"{web.origin(host)}/")]) == 4
            login_body = body(web, login)
            entries = [s for s in col["services"] if s["entry_url"] and s["entry_url"].startswith(
                f"{web.origin(host)}/")]
            for s in entries:
                doc = tree(web, s["entry_url"])
                found = [u for u in links(doc, doc.body, s["entry_url"]) if u and "/login/?next=" in u]
                assert found, s["entry_url"]
                path = urlsplit(s["entry_url"]).path
                variant = next(v for v in variants if v.startswith(login + "?") and
                               v.endswith(path.replace("/", "%2F")))
                assert variants[variant] == login
                resp, served = client.get(variant)
                assert resp.status == 200 and served == login_body
            assert len([v for v in variants if v.startswith(login)]) == len(entries) + 1
        services = {u for s in col["services"] for u in s["urls"]}
        assert not services & screens
    assert hosts_seen >= 5


def test_news_quote_an_aid_with_date_metadata_and_form_link(truth, web):
    for col in reachable(truth):
        by_title = {s["title"]: s for s in col["services"]}
        quoting = 0
        for url in col["non_services"]["news"]:
            raw = text(web, url)
            doc = LexborHTMLParser(raw)
            assert ("article:published_time" in raw or "<time datetime" in raw
                    or 'name="date"' in raw), url
            words = main(doc).text()
            targets = set(links(doc, main(doc), url))
            for title, s in by_title.items():
                if f"« {title} »" in words and s["entry_url"] in targets and "2026" in words \
                        and "conditions" in words and " €" in words:
                    quoting += 1
                    break
        assert quoting >= 2, col["code"]


def test_base_href_portal(truth, web):
    cols = [c for c in reachable(truth) if c["markup"]["base_href"]]
    assert len(cols) == 1
    col = cols[0]
    host = col["hosts"][0]
    served = set(web.hosts[host]["pages"])
    broken_without_base = 0
    for _, url in service_pages(col):
        raw = text(web, url)
        assert f'<base href="{col["portal_url"]}">' in raw
        assert 'href="/' not in raw.replace('href="//', "")
        doc = LexborHTMLParser(raw)
        for a in main(doc).css("a[href]"):
            href = a.attributes["href"]
            if href.startswith(("http:", "#", "mailto:")):
                continue
            assert split_url(urljoin(col["portal_url"], href))[1].split("#")[0] in served, href
            broken_without_base += split_url(urljoin(url, href))[1] not in served
    assert broken_without_base > 20
    others = [c for c in reachable(truth) if not c["markup"]["base_href"]]
    assert all(b"<base " not in body(web, c["portal_url"]) for c in others)


def test_canonical_portal_aliases_and_print_copies(truth, web):
    cols = [c for c in reachable(truth) if c["markup"]["canonical_links"]]
    assert len(cols) == 1
    col = cols[0]
    host = col["hosts"][0]
    linked, odd = set(), set(col["facts"]["other"].values())
    for key, entry in web.hosts[host]["pages"].items():
        if entry.get("s") == 200 and entry.get("t", "").startswith("text/html") and "f" in entry \
                and f"{web.origin(host)}{key}" not in odd:
            doc = LexborHTMLParser(web.body(entry["f"]))
            link = doc.css_first("link[rel=canonical]")
            assert link is not None, key
            assert resolve(web.hosts, *split_url(link.attributes["href"]))["s"] == 200
            linked |= set(links(doc, doc.body, f"{web.origin(host)}{key}"))
    for s, url in service_pages(col):
        node, printable = s["aliases"]
        assert col["url_variants"][node] == url and col["url_variants"][printable] == url
        assert body(web, node) == body(web, url)
        copy = tree(web, printable)
        assert "noindex" in copy.css_first("meta[name=robots]").attributes["content"]
        assert copy.css_first("link[rel=canonical]").attributes["href"] == url
        assert node in linked and printable in linked and url in linked
    assert all(not s["aliases"] for c in reachable(truth) if c is not col for s in c["services"])


def test_one_script_portal_puts_every_article_behind_index_php(truth, web, client):
    cols = [c for c in reachable(truth) if c["markup"]["one_script"]]
    assert len(cols) == 1 and cols[0]["cms"] == "joomla"
    col = cols[0]
    pattern = "/index.php?Itemid="
    articles = [k for k, v in web.hosts[col["hosts"][0]]["pages"].items()
                if k.startswith(pattern) and "option=com_content" in k and "view=article" in k
                and v.get("s") == 200]
    assert len(articles) > 60  # a per-pattern trap budget of 40 would cut the portal
    pages = [u for _, u in service_pages(col)]
    assert len(pages) >= 20 and all("view=article" in u and "option=com_content" in u for u in pages)
    reordered = re.sub(r"\?(.*)", lambda m: "?" + "&".join(sorted(m[1].split("&"), reverse=True)),
                       pages[0])
    assert reordered != pages[0] and client.get(reordered)[0].status == 200
    raw = body(web, col["portal_url"]).decode()
    assert "index.php?option=com_content&amp;view=article&amp;id=" in raw or \
        "index.php?option=com_content&amp;view=category" in raw


def test_every_cms_family_gets_the_harder_pages(truth):
    families = {}
    for col in reachable(truth):
        kinds = families.setdefault(col["cms"], set())
        kinds |= {k for k, v in col["non_services"].items() if v}
        kinds.add(col["markup"]["related_block"])
    assert set(families) == {"modern", "drupal", "wordpress", "legacy", "joomla"}
    for cms, kinds in families.items():
        assert {"directory", "legal", "job", "news"} <= kinds, cms


def test_phone_numbers_are_fictional_and_hosts_are_test(truth, web):
    prefixes = tuple(FICTION_PHONE_PREFIXES)
    for host, site in web.hosts.items():
        assert host.endswith(".test"), host
        for entry in site["pages"].values():
            if entry.get("s") == 200 and entry.get("t", "").startswith("text/html") and "f" in entry:
                text = web.body(entry["f"]).decode("latin-1")
                for number in PHONE.findall(text):
                    assert number.startswith(prefixes), (host, number)
