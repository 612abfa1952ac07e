"""A campaign's stored crawl as the later stages read it: the portal and own hosts the crawl
worked with, the page rows, and their bodies. Detect and audit read through here, so both see
the same pages, the same bodies (decoded with the charset the crawler stored) and the same
answer to "is this URL the collectivité's own?" (`urls.own_hosts`)."""

from __future__ import annotations

from dataclasses import dataclass

from barometre.referential.models import Collectivite

from .campaign import warc_dir
from .extract import body_text
from .models import Campaign, CrawlRun, Page
from .urls import own_hosts
from .warc import WarcReader

# Every column a later stage reads of a page row.
PAGE_FIELDS = ("id", "url", "final_url", "redirect_chain", "status", "error_kind", "content_type", "charset",
               "size", "ttfb", "download_time", "depth", "referrer", "headers", "links", "document",
               "warc_file", "warc_offset", "warc_length", "kind", "one_hop", "title", "anomalies")


@dataclass(frozen=True)
class CrawledSite:
    """The portal URL a campaign's crawl started from, the hosts it was given (a sites file may
    give other ones than the référentiel's: they are recorded on the run), and what it owned."""

    portal_url: str
    hosts: tuple[str, ...]
    own: frozenset[str]


def crawled_site(campaign: Campaign, collectivite: Collectivite, run: CrawlRun | None = None) -> CrawledSite:
    run = run or CrawlRun.objects.filter(campaign=campaign, collectivite=collectivite).first()
    portal = (run.start_url if run and run.start_url else "") or collectivite.portal_url or ""
    listed = run.hosts if run and run.hosts else collectivite.hosts or []
    hosts = tuple(sorted({h.lower() for h in listed if h}))
    return CrawledSite(portal, hosts, own_hosts(portal, hosts))


def stored_rows(campaign: Campaign, collectivite: Collectivite, kind: str | None = None) -> list[dict]:
    """The collectivité's stored rows, of one kind ("page", "http-probe"…) or all, shallowest
    first and in storage order within a depth (ORDER BY: PostgreSQL gives no order otherwise)."""
    rows = Page.objects.filter(campaign=campaign, collectivite=collectivite)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("depth", "id").values(*PAGE_FIELDS))


def campaign_bodies(campaign: Campaign) -> WarcReader:
    """The reader of the campaign's stored bodies (a context manager)."""
    return WarcReader(warc_dir(campaign))


def stored_body(row: dict, reader: WarcReader) -> bytes | None:
    """The body stored for a row; None when it has none or its WARC file was removed by hand."""
    if not row["warc_file"] or row["warc_offset"] is None:
        return None
    return reader.body(row["warc_file"], row["warc_offset"], row["warc_length"])


def stored_text(row: dict, reader: WarcReader) -> str | None:
    """The body of a row decoded as the crawler decoded it (`crawl.extract.body_text`)."""
    body = stored_body(row, reader)
    return None if body is None else body_text(body, row["charset"] or "", row["content_type"] or "")
