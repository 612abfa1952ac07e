"""Read one collectivité's stored crawl (database rows + WARC bodies) as the audit core's input."""

from __future__ import annotations

from dataclasses import dataclass, field

from barometre.crawl.models import CrawlRun
from barometre.crawl.stored import crawled_site, stored_body, stored_rows
from barometre.crawl.warc import WarcReader

from .core import FetchedPage, Links
from .core.inputs import DOCUMENT_EXTENSIONS

# Bodies the static audit reads: HTML pages and the documents whose emptiness it checks.
_BODY_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class PortalCrawl:
    """What the audit needs of one crawl run: the pages, their links and the collectivité's hosts."""

    run: CrawlRun
    home_url: str
    hosts: list[str]
    pages: list[FetchedPage]
    links: Links
    rows: list[dict]
    linked_pages: list[FetchedPage]
    probes: list[FetchedPage] = field(default_factory=list)  # the crawl's http-probe answers

    @property
    def html_rows(self) -> list[dict]:
        """The successful HTML pages of the collectivité's own hosts, as stored."""
        return [r for r in self.rows if r["status"] == 200 and not r["error_kind"]
                and r["content_type"].split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml")]


def _wants_body(row: dict) -> bool:
    mime = row["content_type"].split(";")[0].strip().lower()
    return (mime in _BODY_TYPES or row["url"].lower().split("?")[0].endswith(DOCUMENT_EXTENSIONS)
            or mime.startswith("application/"))


def _fetched_page(row: dict, body: bytes | None) -> FetchedPage:
    headers = dict(row["headers"] or {})
    cookies = headers.pop("set-cookie", [])
    if isinstance(cookies, str):
        cookies = [cookies]
    return FetchedPage(
        url=row["url"], final_url=row["final_url"] or row["url"], status=row["status"],
        content_type=row["content_type"] or "", headers={k: str(v) for k, v in headers.items()},
        set_cookies=list(cookies), ttfb=row["ttfb"], download_time=row["download_time"],
        size=row["size"] or 0, depth=row["depth"], referrer=row["referrer"] or None,
        redirect_chain=list(row["redirect_chain"] or []), error_kind=row["error_kind"] or None,
        body=body, anomalies=list(row.get("anomalies") or []), charset=row.get("charset") or "")


def load_portal(run: CrawlRun, reader: WarcReader) -> PortalCrawl:
    """The collectivité's pages of a crawl run (robots/sitemaps left out), with bodies read from
    the WARC files; off-site pages one hop away are kept apart in `linked_pages`."""
    rows = stored_rows(run.campaign, run.collectivite, kind="page")
    pages, linked, links = [], [], {}
    for row in rows:
        body = stored_body(row, reader) if _wants_body(row) else None
        if row["one_hop"]:
            linked.append(_fetched_page(row, body))
            continue
        pages.append(_fetched_page(row, body))
        if row["links"]:
            links[row["final_url"] or row["url"]] = [(link[0], link[1] or "") for link in row["links"]]
    site = crawled_site(run.campaign, run.collectivite, run)
    own = [r for r in rows if not r["one_hop"]]
    probes = [_fetched_page(row, None) for row in stored_rows(run.campaign, run.collectivite, kind="http-probe")]
    return PortalCrawl(run=run, home_url=site.portal_url, hosts=sorted(site.own), pages=pages, links=links, rows=own,
                       linked_pages=linked, probes=probes)
