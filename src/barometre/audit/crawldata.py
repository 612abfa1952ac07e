"""Read one collectivité's stored crawl (database rows + WARC bodies) as the audit core's input."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from barometre.crawl.models import Campaign, CrawlRun, Page
from barometre.crawl.warc import WarcReader

from .core import FetchedPage, Links
from .core.inputs import DOCUMENT_EXTENSIONS

# Bodies the static audit reads: HTML pages and the documents whose emptiness it checks.
_BODY_TYPES = ("text/html", "application/xhtml+xml", "")
_PAGE_FIELDS = ("url", "final_url", "redirect_chain", "status", "error_kind", "content_type", "size",
                "ttfb", "download_time", "depth", "referrer", "headers", "links", "warc_file",
                "warc_offset", "warc_length", "kind", "one_hop", "title", "anomalies", "charset")


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


def warc_directory(campaign: Campaign) -> Path:
    return Path(settings.DATA_DIR) / "warc" / campaign.name


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
    rows = list(Page.objects.filter(campaign=run.campaign, collectivite=run.collectivite, kind="page")
                .order_by("depth", "id").values(*_PAGE_FIELDS))
    pages, linked, links = [], [], {}
    for row in rows:
        body = None
        if row["warc_file"] and row["warc_offset"] is not None and _wants_body(row):
            body = reader.body(row["warc_file"], row["warc_offset"], row["warc_length"])
        if row["one_hop"]:
            linked.append(_fetched_page(row, body))
            continue
        pages.append(_fetched_page(row, body))
        if row["links"]:
            links[row["final_url"] or row["url"]] = [(link[0], link[1] or "") for link in row["links"]]
    home = run.start_url or run.collectivite.portal_url or ""
    hosts = sorted(set(run.hosts or []) | set(run.collectivite.hosts or []))
    own = [r for r in rows if not r["one_hop"]]
    probes = [_fetched_page(row, None) for row in Page.objects.filter(
        campaign=run.campaign, collectivite=run.collectivite, kind="http-probe").order_by("id").values(*_PAGE_FIELDS)]
    return PortalCrawl(run=run, home_url=home, hosts=hosts, pages=pages, links=links, rows=own,
                       linked_pages=linked, probes=probes)
