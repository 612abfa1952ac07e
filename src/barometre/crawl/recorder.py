"""Write what the spider fetched: bodies to WARC, metadata to the database, in small batches.

WARC bytes are flushed to disk before the batch that references them is committed, so after
any interruption the database never points at bytes that are not there.
"""

from __future__ import annotations

import logging
import time

from django.db import transaction
from django.utils import timezone

from .models import CrawlRun, Page
from .record import PageRecord
from .warc import WarcStore

log = logging.getLogger("barometre.crawl")


class Recorder:
    def __init__(self, campaign, targets, warc: WarcStore, batch_size: int = 200, batch_seconds: float = 2.0,
                 on_flush=None):
        self.campaign = campaign
        self.targets = {t.code: t for t in targets}
        self.warc = warc
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self.pending: list[Page] = []
        self.last_flush = time.monotonic()
        self.on_flush = on_flush
        self.started = time.monotonic()

    def add(self, record: PageRecord, response, warc: tuple | None = None) -> tuple | None:
        """Store one record; `warc` reuses an existing WARC record (same page, another collectivité)."""
        target = self.targets[record.code]
        target.recorded += 1
        target.last_at = time.monotonic()
        target.first_at = target.first_at or target.last_at
        warc_file, warc_offset, warc_length = warc or (None, None, None)
        if response is not None and warc is None:
            headers = [(k.decode("latin-1"), v.decode("latin-1"))
                       for k, values in response.headers.items() for v in values]
            reason = ""
            warc_file, warc_offset, warc_length = self.warc.write_response(
                response.url, response.status, reason, headers, response.body, record.fetched_at)
        self.pending.append(Page(
            campaign=self.campaign, collectivite_id=target.collectivite_id, url=record.url[:2000],
            final_url=record.final_url[:2000], redirect_chain=record.redirect_chain, status=record.status,
            error_kind=record.error_kind, error_message=record.error_message[:500], kind=record.kind,
            content_type=record.content_type[:100], charset=(record.charset or "")[:40], size=record.size,
            ttfb=record.ttfb, download_time=record.download_time, depth=record.depth,
            referrer=record.referrer[:2000], one_hop=record.one_hop, fetched_at=record.fetched_at,
            title=record.title[:500], headers=record.headers, links=record.links,
            robots_meta=record.robots_meta, anomalies=record.anomalies, document=record.document,
            warc_file=warc_file or "", warc_offset=warc_offset, warc_length=warc_length,
        ))
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last_flush > self.batch_seconds:
            self.flush()
        return (warc_file, warc_offset, warc_length) if warc_file else None

    def flush(self) -> None:
        self.warc.flush()
        if self.pending:
            with transaction.atomic():
                Page.objects.bulk_create(self.pending, batch_size=500, ignore_conflicts=True)
                self._save_runs(final=False)
            self.pending = []
        self.last_flush = time.monotonic()
        if self.on_flush:
            self.on_flush()

    def _save_runs(self, final: bool, reason: str = "finished") -> None:
        for target in self.targets.values():
            elapsed = (target.last_at - target.first_at) if target.first_at else 0.0
            totals = target.totals()
            fields = dict(pages=totals["pages"], bytes=totals["bytes"], errors=totals["errors"],
                          skipped=totals["skipped"], external_links=totals["external_links"],
                          duration=target.previous.get("duration", 0) + elapsed)
            if final:
                status, stop_reason = target.outcome(reason)
                fields.update(status=status, stop_reason=stop_reason, finished_at=timezone.now())
            CrawlRun.objects.filter(pk=target.run_id).update(**fields)

    def close(self, reason: str = "finished") -> None:
        self.flush()
        with transaction.atomic():
            self._save_runs(final=True, reason=reason)
        self.warc.close()
