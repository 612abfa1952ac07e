from barometre.audit.core.completeness import (
    audit_completeness,
    broken_links,
    failed_documents,
    redirect_loops,
)
from barometre.audit.core.inputs import FetchedPage

HOSTS = {"cd.fr"}


def _page(url, status=200, ctype="text/html", **kw):
    return FetchedPage(url, status=status, content_type=ctype, body=b"<html></html>", **kw)


def crawl():
    pages = [
        _page("https://www.cd.fr/"),
        _page("https://www.cd.fr/apa", 404, referrer="https://www.cd.fr/"),
        _page("https://www.cd.fr/ancien", 410),
        _page("https://www.cd.fr/budget", 503, referrer="https://www.cd.fr/"),
        _page("https://www.cd.fr/rsa", error_kind="timeout", status=None),
        _page("https://www.cd.fr/loop", 301, error_kind="redirect_loop",
              redirect_chain=["https://www.cd.fr/loop", "https://www.cd.fr/loop/"]),
        _page("https://www.cd.fr/doc/apa.pdf", 404, ctype="application/pdf"),
        FetchedPage("https://www.cd.fr/doc/pch.pdf", status=200, content_type="application/pdf",
                    size=0),
        FetchedPage("https://www.cd.fr/doc/ok.pdf", status=200, content_type="application/pdf",
                    size=1000),
        _page("https://www.cd.fr/old", 200, final_url="https://www.cd.fr/new",
              redirect_chain=["https://www.cd.fr/old", "https://www.cd.fr/new"]),
    ]
    links = {"https://www.cd.fr/": [
        ("https://www.cd.fr/apa#demande", "APA"),
        ("https://www.cd.fr/ancien", "Ancienne page"),
        ("https://www.cd.fr/rsa", "RSA"),
        ("https://www.cd.fr/budget", "Budget"),
        ("https://www.cd.fr/old", "Redirigée"),
        ("https://www.cd.fr/jamais-visitee", "Hors budget"),
        ("https://www.service-public.fr/404", "Externe"),
        ("mailto:a@cd.fr", "Écrire"),
    ]}
    return pages, links


def test_broken_internal_links():
    pages, links = crawl()
    result = broken_links(pages, links, HOSTS)
    items = {b["url"]: b for b in result["items"]}
    assert set(items) == {"https://www.cd.fr/apa#demande", "https://www.cd.fr/ancien",
                          "https://www.cd.fr/rsa"}
    assert items["https://www.cd.fr/apa#demande"]["status"] == 404
    assert items["https://www.cd.fr/apa#demande"]["from"] == "https://www.cd.fr/"
    assert items["https://www.cd.fr/rsa"]["error"] == "timeout"
    assert result["value"] == 3
    assert result["links_checked"] == 5
    assert result["targets_not_fetched"] == 1     # never a silent "not broken"


def test_documents_loops_and_errors():
    pages, links = crawl()
    docs = {d["url"]: d for d in failed_documents(pages)}
    assert docs["https://www.cd.fr/doc/apa.pdf"]["status"] == 404
    assert docs["https://www.cd.fr/doc/pch.pdf"]["error"] == "empty"
    assert "https://www.cd.fr/doc/ok.pdf" not in docs
    assert [r["url"] for r in redirect_loops(pages)] == ["https://www.cd.fr/loop"]
    result = audit_completeness(pages, links, HOSTS, slow_urls=[])
    assert result["error_pages"]["items"] == [
        {"url": "https://www.cd.fr/budget", "status": 503, "from": "https://www.cd.fr/"}]
    assert [f["url"] for f in result["network_failures"]] == ["https://www.cd.fr/rsa"]


def test_redirect_chain_revisiting_a_url_is_a_loop():
    page = _page("https://www.cd.fr/a", 302, redirect_chain=[
        "https://www.cd.fr/a", "https://www.cd.fr/b", "https://www.cd.fr/a"])
    assert len(redirect_loops([page])) == 1
