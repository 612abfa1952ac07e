"""Every page type of the dashboard, served by `barometre serve`: status, structure, French
typography, campaign/indicator/ranking options, code resolution, the contest form."""

import http.cookiejar
import re
import sqlite3
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest

from tests.survey.test_pages import typography_errors


class FrenchText(HTMLParser):
    """Visible French text: scripts, styles and passages marked lang="en" left out; every
    element boundary is a space (cells and list items are not run together)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "area", "col", "path", "rect"}

    def __init__(self):
        super().__init__()
        self.chunks, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        self.stack.append(tag in ("script", "style", "title") or attrs.get("lang", "fr") != "fr"
                          or bool(self.stack and self.stack[-1]))
        self.chunks.append(" ")

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()
        self.chunks.append(" ")

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)


def visible_text(html: str) -> str:
    parser = FrenchText()
    parser.feed(html)
    return re.sub(r"[ \t\n]+", " ", "".join(parser.chunks))

PAGES = {
    "national": "/", "national_sdi": "/?indicateur=sdi", "ranking": "/?classement=1&tri=pqi",
    "profile": "/collectivites/S01/", "profile_filtered": "/collectivites/S01/?theme=solidarites&niveau=4",
    "not_measured": "/collectivites/S08/", "not_observed": "/collectivites/13/", "contest": "/collectivites/S01/signaler/",
    "themes": "/thematiques/", "theme": "/thematiques/voirie_transport/", "comparison": "/comparaison/",
    "methodology": "/methodologie/", "opendata": "/donnees/", "accessibility": "/accessibilite/",
}


def fetch(server, path, opener=None, data=None):
    opener = opener or urllib.request.build_opener()
    try:
        with opener.open(server + path, data=data, timeout=30) as r:
            return r.status, r.read().decode(), r.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), exc.geturl()


@pytest.fixture(scope="module")
def pages(server):
    return {name: fetch(server, path) for name, path in PAGES.items()}


def test_every_page_renders_in_french_with_dsfr(pages):
    for name, (status, html, _) in pages.items():
        assert status == 200, name
        assert '<html lang="fr"' in html and html.count("<h1") == 1, name
        assert "dsfr.min.css" in html and 'href="#contenu"' in html, name
        assert "Accessibilité\u00a0: non conforme" in html, name
        assert typography_errors(visible_text(html)) == [], name


def test_national_page(pages):
    html = pages["national"][1]
    assert html.count('<a href="/collectivites/') >= 100  # one map link per collectivité (+ table)
    assert 'aria-label="Département de Valmont' not in html  # sites have no shape: listed below the map
    assert "Hors carte" in html and "Rang" not in html
    for section in ("carte-titre", "tableau", "distribution-titre", "chaleur-titre", "enquete-titre", "pairs-titre"):
        assert f'id="{section}"' in html
    assert "Tableau des données du graphique" in html and "moins de 10" in html
    assert "Rang" in pages["ranking"][1] and 'aria-sort="descending"' in pages["ranking"][1]
    assert "Légende\u00a0: Indice de numérisation" in visible_text(pages["national_sdi"][1])


def test_profile_shows_evidence_audit_and_filters(pages):
    html = pages["profile"][1]
    for text in ("face à ses pairs", "Audit du portail", "Déclaration d’accessibilité", "Non mesuré dans cet audit",
                 "Canaux de contact", "Liens cassés", "http://www.valmont.test/accessibilite", "Progression",
                 "signaler/"):
        assert text in html, text
    filtered = pages["profile_filtered"][1]
    rows = re.findall(r'<span class="bm-cell[ "][^>]*>(\d)</span>', filtered)
    assert rows and set(rows) == {"4"}
    assert "Non mesurée dans cette campagne" in pages["not_measured"][1]
    assert "pas été observée" in pages["not_observed"][1]


def test_departement_codes_resolve(server):
    status, _, url = fetch(server, "/collectivites/68/?campagne=test")
    assert status == 200 and url.endswith("/collectivites/6AE/?campagne=test")
    assert fetch(server, "/collectivites/ZZZ/")[0] == 404
    assert fetch(server, "/?campagne=inconnue")[0] == 404


def test_open_data_downloads(server, pages):
    html = pages["opendata"][1]
    assert "datapackage.json" in html and "services.csv" in html
    status, body, _ = fetch(server, "/donnees/test/services.csv")
    assert status == 200 and body.startswith("collectivite,service,theme,level")
    assert fetch(server, "/donnees/test/..%2Fsecret_key")[0] == 404


def test_methodology_lists_catalogue_weights_sources(pages):
    html = pages["methodology"][1]
    assert "Allocation personnalisée d'autonomie" in html or "Allocation personnalisée d&#x27;autonomie" in html
    assert "Avancé" in html and "Licence Ouverte" in html and "departements_102_simplifie_01.geojson" in html


def test_contest_needs_csrf_is_validated_stored_and_rate_limited(server, published):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = {"kind": "erreur", "subject": "APA", "message": "Le service APA est en ligne de bout en bout.",
            "author_email": "agent@example.fr", "campagne": "test"}
    # without a CSRF token: refused
    status, _, _ = fetch(server, "/collectivites/S01/signaler/", opener, urllib.parse.urlencode(form).encode())
    assert status == 403
    _, html, _ = fetch(server, "/collectivites/S01/signaler/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    post = lambda data: fetch(server, "/collectivites/S01/signaler/", opener,  # noqa: E731
                              urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode())
    status, html, url = post(form)
    assert status == 200 and url.endswith("?envoye=1") and "a été enregistrée" in html
    status, html, _ = post({**form, "message": "court"})
    assert status == 400 and "fr-input-group--error" in html
    with sqlite3.connect(published / "barometre.sqlite3") as db:
        rows = db.execute("SELECT c.subject, c.author_email, r.code, k.name FROM publish_contest c "
                          "JOIN referential_collectivite r ON r.id = c.collectivite_id "
                          "JOIN crawl_campaign k ON k.id = c.campaign_id").fetchall()
    assert rows == [("APA", "agent@example.fr", "S01", "test")]
    statuses = [post(form)[0] for _ in range(4)]
    assert statuses[-1] == 429
    log = (published / "serve.log").read_text()
    assert "agent@example.fr" not in log


def test_pages_are_cached_and_fast(server):
    import time

    fetch(server, "/")
    started = time.perf_counter()
    for _ in range(10):
        fetch(server, "/")
    assert (time.perf_counter() - started) / 10 < 0.1


def test_theme_figures_come_from_the_indicators(server, published):
    """The theme page counts measured collectivités, not service rows, and the national page's
    "couverte par" is the indicators' themes_covered_list (one rule for a covered theme)."""
    import json

    with sqlite3.connect(published / "barometre.sqlite3") as db:
        measured = [json.loads(v) for (v,) in db.execute(
            'SELECT "values" FROM indicators_collectiviteindicators WHERE measured')]
        offered = dict(db.execute(
            "SELECT s.catalogue_id, COUNT(DISTINCT s.collectivite_id) FROM detect_service s"
            " JOIN indicators_collectiviteindicators i ON i.collectivite_id = s.collectivite_id AND i.measured"
            " WHERE s.theme = 'solidarites' AND s.level >= 1 AND s.catalogue_id IS NOT NULL GROUP BY s.catalogue_id"))
    status, html, _ = fetch(server, "/thematiques/solidarites/")
    assert status == 200
    table = html.split('id="catalogue"', 1)[1].split("</table>", 1)[0]
    cells = [int(n) for n in re.findall(r'<th scope="row">[^<]+</th><td>(\d+)</td>', table)]
    assert sorted(n for n in cells if n) == sorted(offered.values())  # entries only found absent show 0
    assert max(cells) <= len(measured)
    text = visible_text(fetch(server, "/")[1])
    covering = sum("solidarites" in v["themes_covered_list"] for v in measured)
    assert f"Solidarités : couverte par {covering} collectivité" in text.replace("\u00a0", " ")


def test_an_unreachable_portal_shows_no_figure(pages):
    """S08's portal could not be read: its profile says "non mesuré", never "non" or 0."""
    text = visible_text(pages["not_measured"][1]).replace("\u00a0", " ")
    assert "FranceConnect non mesuré" in text and "Pages lentes non mesuré" in text
    assert "0 liens internes cassés" not in text and "FranceConnect non " not in text.replace("non mesuré", "")


def test_search_and_french_order_of_the_table(server):
    status, html, _ = fetch(server, "/?recherche=valmont")
    assert status == 200
    table = html.split('id="tableau"', 1)[1].split("</table>", 1)[0]
    assert table.count('<th scope="row">') == 1 and "Département de Valmont" in table
    assert "1 collectivité pour «\u00a0valmont\u00a0»" in visible_text(html).replace("&nbsp;", "\u00a0")
    _, none, _ = fetch(server, "/?recherche=zzzz")
    assert none.split('id="tableau"', 1)[1].split("</table>", 1)[0].count('<th scope="row">') == 0
    # By default, the order the intro announces: maturity tier, best first; names in French order.
    _, default, _ = fetch(server, "/")
    rows = re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a> <span class="fr-text--xs">\((\w+)\)</span></th>\s*'
                      r'(?:<td>([^<]*)</td>|<td colspan)', default.split('id="tableau"', 1)[1].split("</table>", 1)[0])
    import html as html_lib

    from barometre.glossary import TIERS
    from barometre.typography import sort_key

    assert len(rows) == 8, rows  # the sample web's collectivités
    tiers = [TIERS.index(t) if t in TIERS else len(TIERS) for _, _, t in rows]
    assert tiers == sorted(tiers), rows
    for tier in set(tiers):
        names = [html_lib.unescape(n) for (n, _, _), t in zip(rows, tiers, strict=True) if t == tier]
        assert names == sorted(names, key=sort_key)


def test_names_sort_in_french_order():
    from barometre.typography import matches, sort_key

    names = ["Creuse", "Côte-d'Or", "Ardennes", "Ardèche", "Eure-et-Loir", "Essonne", "Val-d'Oise", "Vaucluse"]
    assert sorted(names, key=sort_key) == ["Ardèche", "Ardennes", "Côte-d'Or", "Creuse", "Essonne", "Eure-et-Loir",
                                           "Val-d'Oise", "Vaucluse"]
    assert matches("cote d'or", "Côte-d'Or 21") and matches("ARDECHE", "Ardèche") and not matches("ardennes", "Ardèche")
