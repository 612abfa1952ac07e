"""What a campaign's storage must satisfy after any run, interrupted or not."""

from __future__ import annotations

import collections
import json
import zlib
from pathlib import Path

from barometre.crawl.scope import canonicalize
from barometre.crawl.warc import iter_records, read_record


def check_storage(web, campaign: str) -> dict:
    """0 pages stored twice, 0 corrupt records: every record a page points at reads back whole
    and is that page's response; records no page points at are only earlier tries of pages that
    were fetched again (and robots.txt answers a resumed run asked again). Returns the figures."""
    rows = web.sql("SELECT p.collectivite_id, p.url, p.final_url, p.status, p.warc_file, p.warc_offset,"
                   " p.warc_length FROM crawl_page p JOIN crawl_campaign k ON k.id = p.campaign_id"
                   " WHERE k.name = ?", campaign)
    keys = collections.Counter((cid, url) for cid, url, *_ in rows)
    twice = [key for key, n in keys.items() if n > 1]
    assert not twice, f"stored twice: {twice[:5]}"
    directory = Path(web.data_dir) / "warc" / campaign
    referenced: dict[tuple[str, int], str] = {}
    for _cid, url, final_url, status, warc_file, offset, length in rows:
        if not warc_file:
            continue
        path = directory / warc_file
        record_url, http, _body = read_record(path, offset)
        assert canonicalize(record_url) == final_url, f"{url}: the record at {warc_file}:{offset} is {record_url}"
        assert int(http.get_statuscode()) == status, url
        with path.open("rb") as fh:
            fh.seek(offset)
            member = fh.read(length)
        assert len(member) == length and zlib.decompress(member, 31), f"{url}: record cut"
        referenced[(warc_file, offset)] = final_url
    records = collections.Counter()
    for path in sorted(directory.glob("*.warc.gz")):
        for url, _status, _body in iter_records(path):  # raises on a damaged file
            records[canonicalize(url)] += 1
    refetched = _retried_urls(web, campaign)
    pointed = collections.Counter(referenced.values())
    # A resumed run asks robots.txt again and records it afresh when the stored answer was a failure.
    stray = {url for url, n in records.items() if n > pointed[url] and not url.endswith("/robots.txt")}
    assert stray <= refetched, f"records no page points at: {sorted(stray - refetched)[:5]}"
    return {"pages": len(rows), "records": sum(records.values()), "referenced": len(referenced)}


def _retried_urls(web, campaign: str) -> set[str]:
    urls = set()
    for (retries,) in web.sql("SELECT r.retries FROM crawl_crawlrun r JOIN crawl_campaign k"
                              " ON k.id = r.campaign_id WHERE k.name = ?", campaign):
        urls |= set(json.loads(retries))
    return urls


def run_status(web, campaign: str) -> dict[str, tuple[str, str]]:
    return {code: (status, reason) for code, status, reason in web.sql(
        "SELECT c.code, r.status, r.stop_reason FROM crawl_crawlrun r JOIN crawl_campaign k ON k.id = r.campaign_id"
        " JOIN referential_collectivite c ON c.id = r.collectivite_id WHERE k.name = ?", campaign)}


def run_counters(web, campaign: str) -> dict[str, dict]:
    out = {}
    for code, skipped, errors, external, pages in web.sql(
            "SELECT c.code, r.skipped, r.errors, r.external_links, r.pages FROM crawl_crawlrun r"
            " JOIN crawl_campaign k ON k.id = r.campaign_id JOIN referential_collectivite c"
            " ON c.id = r.collectivite_id WHERE k.name = ?", campaign):
        out[code] = {"skipped": json.loads(skipped), "errors": json.loads(errors), "external_links": external,
                     "pages": pages}
    return out
