"""Write what the spider fetched: bodies to WARC, metadata to the database, in small batches.

WARC bytes are flushed to disk before the batch that references them is committed, so after
any interruption the database never points at bytes that are not there.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from .models import CrawlRun, Page
from .record import PageRecord, storable
from .warc import WarcStore

log = logging.getLogger("barometre.crawl")

PAGE_MAX_LENGTHS = {f.name: f.max_length for f in Page._meta.concrete_fields if f.max_length}
# What a database answers when a row's values do not fit (psycopg raises ValueError for a NUL).
REFUSED = (IntegrityError, DataError, ValueError)


class Recorder:
    def __init__(self, campaign, targets, warc: WarcStore, batch_size: int = 200, batch_seconds: float = 2.0,
                 on_flush=None):
        self.campaign = campaign
        self.targets = {t.code: t for t in targets}
        self.by_collectivite = {t.collectivite_id: t for t in targets}
        self.not_stored: Counter = Counter()  # rows the database refused, by code
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
            campaign=self.campaign, collectivite_id=target.collectivite_id,
            warc_file=warc_file or "", warc_offset=warc_offset, warc_length=warc_length,
            **storable(record, PAGE_MAX_LENGTHS),
        ))
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last_flush > self.batch_seconds:
            self.flush()
        return (warc_file, warc_offset, warc_length) if warc_file else None

    def flush(self) -> None:
        self.warc.flush()
        if self.pending:
            with transaction.atomic():
                self._store(self.pending)
                self._save_runs(final=False)
            self.pending = []
        self.last_flush = time.monotonic()
        if self.on_flush:
            self.on_flush()

    def _store(self, pages: list[Page]) -> None:
        """One insert for the batch; if the database refuses it, or drops rows without a word
        (SQLite's INSERT OR IGNORE skips a row that breaks a CHECK), one insert per row, so a bad
        row costs only itself and is recorded (log, run errors, DATA_DIR/not_stored/)."""
        try:
            with transaction.atomic():
                Page.objects.bulk_create(pages, batch_size=500, ignore_conflicts=True)
            pages = self._missing(pages)
            if not pages:
                return
            log.warning("%d pages of a batch were not inserted; storing them row by row", len(pages))
        except REFUSED as exc:
            log.warning("a batch of %d pages was refused (%s: %s); storing it row by row",
                        len(pages), type(exc).__name__, _first_line(exc))
        for page in pages:
            try:
                with transaction.atomic():
                    Page.objects.bulk_create([page])
            except REFUSED as exc:
                if self._missing([page]):  # not a second copy of a stored page
                    self._not_stored(page, exc)

    def _missing(self, pages: list[Page]) -> list[Page]:
        """The pages of which no row (same collectivité and URL) is stored."""
        stored = set()
        for start in range(0, len(pages), 500):
            urls = {page.url for page in pages[start:start + 500]}
            stored.update(Page.objects.filter(campaign=self.campaign, url__in=urls)
                          .values_list("collectivite_id", "url"))
        return [page for page in pages if (page.collectivite_id, page.url) not in stored]

    def _not_stored(self, page: Page, exc: Exception) -> None:
        target = self.by_collectivite[page.collectivite_id]
        self.not_stored[target.code] += 1
        target.errors["not_stored"] += 1
        reason = f"{type(exc).__name__}: {_first_line(exc)}"
        log.warning("page not stored: %s (%s): %s", page.url, target.code, reason)
        path = Path(settings.DATA_DIR) / "not_stored" / f"{_file_name(self.campaign.name)}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        line = {"campaign": self.campaign.name, "code": target.code, "url": page.url, "reason": reason,
                "warc_file": page.warc_file, "warc_offset": page.warc_offset, "at": timezone.now().isoformat()}
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")

    def _save_runs(self, final: bool, reason: str = "finished") -> None:
        for target in self.targets.values():
            elapsed = (target.last_at - target.first_at) if target.first_at else 0.0
            totals = target.totals()
            fields = dict(pages=totals["pages"] - self.not_stored[target.code], bytes=totals["bytes"],
                          errors=totals["errors"], skipped=totals["skipped"],
                          external_links=totals["external_links"],
                          duration=target.previous.get("duration", 0) + elapsed)
            if final:
                status, stop_reason = target.outcome(reason)
                fields.update(status=status, stop_reason=stop_reason, finished_at=timezone.now(),
                              retries=target.retries)
            CrawlRun.objects.filter(pk=target.run_id).update(**fields)

    def close(self, reason: str = "finished") -> None:
        self.flush()
        with transaction.atomic():
            self._save_runs(final=True, reason=reason)
        self.warc.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [""])[0][:300]


def _file_name(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name).lstrip(".") or "campaign"
