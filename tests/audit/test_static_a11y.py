import time

from barometre.audit import knowledge
from barometre.audit.core.static_a11y import audit_static_a11y, check_page

from .pages import bench_page, doc

GENERIC = frozenset(knowledge.cues()["generic_link_texts"])
RGAA = knowledge.rgaa()["static_checks"]


def _check(name, url="https://www.cd.fr/x", **kw):
    return check_page(doc(url, name, **kw).tree, GENERIC)


def test_issues_page_counts_each_problem():
    counts = _check("a11y_issues.html")
    assert counts["html_lang"] == 0
    assert counts["page_title"] == 1            # blank <title>
    assert counts["image_alt"] == 2             # mairie.jpg and the arrow inside a link; alt="" is fine
    assert counts["form_label"] == 2            # e-mail (placeholder only) and the select
    assert counts["no_h1"] is True
    assert counts["skipped_heading_levels"] == 2  # h2 -> h4, h3 -> h6
    assert counts["heading_order"] == 3
    assert counts["link_empty"] == 1            # the arrow image without alt
    assert counts["link_generic"] == 3          # cliquez ici, Ici, En savoir plus… (aria-label one is fine)
    assert counts["button_empty"] == 2          # submit with no text, icon-only close


def test_modern_home_passes_most_checks():
    counts = _check("home_modern.html")
    assert counts["html_lang"] == counts["page_title"] == counts["form_label"] == 0
    assert counts["heading_order"] == 0
    assert counts["image_alt"] == 1             # the news picture
    assert counts["link_generic"] == 2          # "En savoir plus", "Lire la suite"
    assert counts["link_empty"] == 1            # icon-only Facebook link


def test_legacy_page_without_lang_and_with_unlabelled_search():
    counts = _check("legacy_latin1.html", content_type="text/html")
    assert counts["html_lang"] == 1
    assert counts["no_h1"] is True
    assert counts["image_alt"] == 1
    assert counts["form_label"] == 1
    assert counts["link_generic"] == 1


def test_invalid_lang_fails():
    counts = check_page(doc("https://x.fr/", body='<html lang="français"><title>t</title>'
                            "<h1>a</h1></html>").tree, GENERIC)
    assert counts["html_lang"] == 1


def test_aggregate_shares_and_evidence():
    docs = [doc("https://www.cd.fr/", "home_modern.html"),
            doc("https://www.cd.fr/aides", "a11y_issues.html"),
            doc("https://www.cd.fr/contact", "contact.html")]
    result = audit_static_a11y(docs, list(GENERIC), RGAA)
    checks = result["checks"]
    assert result["pages_checked"] == 3
    assert checks["page_title"]["value"] == round(1 / 3, 4)
    assert checks["page_title"]["evidence"] == ["https://www.cd.fr/aides"]
    assert checks["image_alt"]["pages_failing"] == 2
    assert checks["image_alt"]["rgaa"] == ["1.1"]
    assert checks["form_label"]["rgaa"] == ["11.1"]
    assert checks["html_lang"]["value"] == 0.0      # measured: no page fails
    assert checks["link_generic"]["issues"] == 5
    assert result["pages"]["https://www.cd.fr/contact"]["form_label"] == 0


def test_no_page_is_not_measurable():
    result = audit_static_a11y([], list(GENERIC), RGAA)
    assert result["value"] is None and result["reason"]


def test_throughput_on_a_20kb_page():
    html = bench_page()
    assert 19_000 < len(html) < 21_500
    n = 200
    start = time.perf_counter()
    for i in range(n):
        check_page(doc(f"https://x.fr/{i}", body=html).tree, GENERIC)
    rate = n / (time.perf_counter() - start)
    assert rate > 250, f"{rate:.0f} pages/s"  # loose guard for loaded machines; see bench_static_a11y.py
