"""`barometre inventory export`: a campaign's services as JSON lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any, TextIO

from barometre.crawl.models import Campaign
from barometre.detect.models import Service

COLUMNS = ("collectivite", "service", "theme", "level", "relay", "platform", "catalogue_id", "page_url",
           "entry_url", "urls", "franceconnect", "offline_alternative", "evidence", "confidence")
FORMATS = ("jsonl", "csv")


def rows(campaign: Campaign) -> Iterator[dict[str, Any]]:
    services = (Service.objects.filter(campaign=campaign).select_related("collectivite")
                .order_by("collectivite__code", "-level", "name", "id"))
    for s in services.iterator(chunk_size=2000):
        yield {
            "collectivite": s.collectivite.code, "service": s.name, "theme": s.theme, "level": s.level,
            "relay": s.relay, "platform": s.platform, "catalogue_id": s.catalogue_id,
            "page_url": s.page_url or None, "entry_url": s.entry_url or None, "urls": s.urls,
            "franceconnect": s.franceconnect, "offline_alternative": s.offline_alternative,
            "evidence": [{"cue": e["cue"], "url": e["url"]} for e in s.evidence],
            "confidence": s.confidence,
        }


def write(campaign: Campaign, fmt: str, out: TextIO) -> int:
    """Write every service of the campaign; returns how many rows were written."""
    n = 0
    if fmt == "jsonl":
        for row in rows(campaign):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows(campaign):
        # lists and nulls in CSV: JSON-encoded lists, empty cells for null
        row = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else "" if v is None else v)
               for k, v in row.items()}
        writer.writerow(row)
        n += 1
    return n
