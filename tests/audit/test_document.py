from barometre.audit.core.document import Document, documents, fold
from barometre.audit.core.inputs import FetchedPage, normalise_url
from barometre.crawl.extract import body_text as decode
from barometre.crawl.urls import on_hosts

from .pages import fixture


def test_fold_strips_accents_case_apostrophes_and_spaces():
    assert fold("Déclaration  d’Accessibilité\u00a0:  ÉTAT") == "declaration d'accessibilite : etat"


def test_decode_uses_header_then_meta_then_utf8_then_cp1252():
    latin = "Aide sociale à l'enfance".encode("iso-8859-1")
    assert decode(latin, "text/html; charset=ISO-8859-1") == "Aide sociale à l'enfance"
    assert "à l'enfance" in decode(fixture("legacy_latin1.html"), "text/html")  # <meta http-equiv>
    assert decode("é".encode(), "text/html") == "é"
    assert decode(latin, "") == "Aide sociale à l'enfance"                      # fallback
    assert decode(latin, "text/html; charset=bogus") == "Aide sociale à l'enfance"


def test_the_stored_charset_comes_first_and_a_wrong_one_is_not_trusted():
    """One decoder for detect and audit (crawl.extract.body_text): the charset the crawler used
    (Page.charset) wins; a body invalid in it (a header saying UTF-8 over Latin-1 bytes) reads as
    a browser shows it, not with replacement characters."""
    latin = "Aide sociale à l'enfance".encode("iso-8859-1")
    assert decode(latin, "cp1252", "text/html; charset=utf-8") == "Aide sociale à l'enfance"
    assert decode(latin, "utf-8", "text/html; charset=utf-8") == "Aide sociale à l'enfance"
    assert decode("€".encode("cp1252"), "iso-8859-1") == "€"  # WHATWG: latin-1 means windows-1252
    page = FetchedPage("https://x.fr/", content_type="text/html", status=200, charset="cp1252",
                       body="<p>Allocation personnalisée</p>".encode("cp1252"))
    assert "personnalisée" in Document(page).text


def test_document_text_drops_scripts_and_styles():
    page = FetchedPage("https://x.fr/", content_type="text/html", status=200,
                       body=b"<html><head><style>p{}</style></head><body><p>Bonjour</p>"
                            b"<script>var secret=1</script><noscript>JS</noscript></body></html>")
    doc = Document(page)
    assert doc.text == "Bonjour"


def test_documents_keeps_successful_html_pages_only():
    pages = [
        FetchedPage("https://x.fr/", content_type="text/html", status=200, body=b"<p>a</p>"),
        FetchedPage("https://x.fr/sniffed", content_type="", status=200, body=b"  <!DOCTYPE html>"),
        FetchedPage("https://x.fr/404", content_type="text/html", status=404, body=b"<p>a</p>"),
        FetchedPage("https://x.fr/a.pdf", content_type="application/pdf", status=200, body=b"%PDF"),
        FetchedPage("https://x.fr/t", content_type="text/html", error_kind="timeout"),
    ]
    assert [d.url for d in documents(pages)] == ["https://x.fr/", "https://x.fr/sniffed"]


def test_urls_and_hosts():
    assert normalise_url("HTTPS://WWW.CD.fr#top") == "https://www.cd.fr/"
    assert normalise_url("https://www.cd.fr/a?b=1#c") == "https://www.cd.fr/a?b=1"
    assert on_hosts("https://eservices.gironde.fr/x", {"gironde.fr"})
    assert not on_hosts("https://notgironde.fr/x", {"gironde.fr"})
    assert FetchedPage("https://x.fr/").final_url == "https://x.fr/"
    assert FetchedPage("https://x.fr/", headers={"X-Frame-Options": "DENY"}).headers == {
        "x-frame-options": "DENY"}
