"""Build FetchedPage objects from the HTML fixtures, as the crawl would have stored them."""

from __future__ import annotations

from pathlib import Path

from barometre.audit.core.document import Document
from barometre.audit.core.inputs import FetchedPage, Links

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def html_page(url: str, name: str | None = None, body: str | bytes | None = None,
              content_type: str = "text/html; charset=utf-8", **kw) -> FetchedPage:
    if name is not None:
        body = fixture(name)
    if isinstance(body, str):
        body = body.encode("utf-8")
    kw.setdefault("status", 200)
    kw.setdefault("ttfb", 0.2)
    kw.setdefault("download_time", 0.3)
    return FetchedPage(url=url, content_type=content_type, body=body, **kw)


def doc(url: str, name: str | None = None, body: str | bytes | None = None, **kw) -> Document:
    return Document(html_page(url, name, body, **kw))


def links_of(pages: list[FetchedPage]) -> Links:
    """Outgoing links per page, read from the stored HTML the way the crawl records them."""
    return {Document(p).url: Document(p).anchors for p in pages if p.is_html and p.body}


def bench_page(target: int = 20_000) -> bytes:
    """A ~20 KB realistic portal page: the modern home padded with news items and issues."""
    base = fixture("home_modern.html").decode()
    items, i = [], 0
    while len(base) + sum(map(len, items)) < target:
        items.append(f'<article><h3>Actualité {i}</h3><p>Le Département soutient les communes '
                     f'rurales. <a href="/actu/{i}">Lire la suite</a> <img src="/i/{i}.jpg" alt="">'
                     f'</p><label for="f{i}">Champ</label><input id="f{i}"></article>\n')
        i += 1
    return base.replace("</main>", "".join(items) + "</main>").encode()
