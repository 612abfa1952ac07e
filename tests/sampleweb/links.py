"""Links of a generated page as a browser resolves them, spelt as the truth spells URLs."""

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from barometre.sampleweb.server import canonical_key


def canonical(target: str) -> str | None:
    """An absolute http(s) URL as the truth spells it (no fragment, tracking or default port)."""
    target = target.split("#")[0]
    scheme, sep, rest = target.partition("://")
    if not sep or scheme not in ("http", "https"):
        return None
    host, _, rest = rest.partition("/")
    path, _, query = ("/" + rest).partition("?")
    return f"{scheme}://{host.removesuffix(':80' if scheme == 'http' else ':443')}{canonical_key(path, query)}"


def base_url(doc: LexborHTMLParser, url: str) -> str:
    base = doc.css_first("base[href]")
    return urljoin(url, base.attributes.get("href") or "") if base is not None else url


def links_in(doc: LexborHTMLParser, node, url: str) -> list[str]:
    """The links under `node`, honouring the document's <base href>."""
    base = base_url(doc, url)
    return [canonical(urljoin(base, a.attributes.get("href") or "")) for a in node.css("a[href]")]


def page_links(url: str, body: bytes) -> set[str]:
    doc = LexborHTMLParser(body)
    return set(links_in(doc, doc, url)) - {None}
