
from barometre.crawl.urls import host_of
from barometre.detect.core.features import extract_page


def test_extract_page_fields(page):
    p = page("level1_info.html", url="https://www.creuse.fr/aides/aide-menagere")
    assert p.title.startswith("Aide ménagère")
    assert p.h1 == "Aide ménagère à domicile"
    assert p.lang == "fr"
    assert p.breadcrumb == ("Accueil", "Aides", "Aide ménagère")
    assert "adressez vous au centre communal" in p.norm_text
    assert "mentions legales" not in p.norm_text  # footer is not main text
    urls = {link.url for link in p.links}
    assert "https://www.creuse.fr/actualites" in urls
    assert all(link.host == "www.creuse.fr" for link in p.links)


def test_forms_generator_assets(page):
    p = page("level4_publik.html", url="https://demarches.loire-atlantique.fr/mon-compte/")
    assert p.generator == "Publik"
    assert "/static/publik/css/style.css" in p.asset_paths
    (form,) = p.forms
    assert form.action == "https://demarches.loire-atlantique.fr/apa/demande/"
    assert form.method == "post" and form.has_file_input and not form.has_password
    assert "publik-portal" in p.markers


def test_published_dates_and_bytes(page):
    p = page("news.html")
    assert any(d.startswith("2024-09-12") for d in p.published_dates)
    assert any("publie le 12 septembre 2024" in d for d in p.published_dates)


def test_non_html_and_relative_links():
    assert extract_page("https://x.fr/a.pdf", b"%PDF-1.4", "application/pdf").text == ""
    html = '<html><body><a href="../doc/f.pdf">Formulaire</a><a href="//cdn.x.fr/a">a</a><a href="javascript:void(0)">j</a></body></html>'
    p = extract_page("https://www.x.fr/aides/apa/", html)
    assert [link.url for link in p.links] == ["https://www.x.fr/aides/doc/f.pdf", "https://cdn.x.fr/a"]
    assert host_of("https://user@Www.X.fr:8443/p?q") == "www.x.fr"
