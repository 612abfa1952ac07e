"""The typed item that moves from the spider to the recorder, and what of it can be stored."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class PageRecord:
    code: str
    url: str
    final_url: str
    redirect_chain: list[str]
    status: int | None
    depth: int
    referrer: str
    one_hop: bool
    fetched_at: datetime
    kind: str = "page"
    content_type: str = ""
    charset: str = ""
    size: int = 0
    ttfb: float | None = None
    download_time: float | None = None
    headers: dict = field(default_factory=dict)
    is_html: bool = False
    title: str = ""
    links: list[list[str]] = field(default_factory=list)
    robots_meta: str = ""
    anomalies: list[str] = field(default_factory=list)
    document: dict = field(default_factory=dict)
    error_kind: str = ""
    error_message: str = ""


# PageRecord fields stored as columns of crawl.Page (code and is_html are not).
STORED_FIELDS = (
    "url", "final_url", "redirect_chain", "status", "error_kind", "error_message", "kind", "content_type",
    "charset", "size", "ttfb", "download_time", "depth", "referrer", "one_hop", "fetched_at", "title",
    "headers", "links", "robots_meta", "anomalies", "document",
)


def storable(record: PageRecord, max_lengths: dict[str, int]) -> dict:
    """The record's stored fields, valid on every database.

    PostgreSQL refuses a NUL in text and in JSON, lone surrogates, NaN in JSON and strings
    longer than the column: one such value would make it refuse the whole batch. Texts are
    cleaned, and cut to `max_lengths` with an anomaly `truncated:<field>` saying so.
    """
    fields = {}
    truncated = []
    for name in STORED_FIELDS:
        value = getattr(record, name)
        limit = max_lengths.get(name)
        if limit and value is None:
            value = ""
        elif isinstance(value, str):
            value = clean_text(value)
            if limit and len(value) > limit:
                value = value[:limit]
                truncated.append(f"truncated:{name}")
        elif isinstance(value, dict | list | tuple):
            value = clean_json(value)
        fields[name] = value
    if truncated:
        fields["anomalies"] = fields["anomalies"] + [a for a in truncated if a not in fields["anomalies"]]
    return fields


def clean_text(text: str) -> str:
    """Without NUL characters, and with lone surrogates (not encodable in UTF-8) replaced by '?'."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "replace").decode("utf-8")
    return text


# In json.dumps' output (ASCII), what a clean value cannot hold: a NUL, a surrogate (astral
# characters, Hangul and the word NaN in a text match too: they only cost the slow path).
_SUSPECT = ("\\u0000", "\\ud", "NaN", "Infinity")


def clean_json(value):
    """A JSON value whose strings (keys too) are clean and whose numbers are finite (NaN → null)."""
    try:
        dumped = json.dumps(value)  # one pass in C: the walk below is several times slower
    except (TypeError, ValueError):
        return _clean_json(value)
    return _clean_json(value) if any(s in dumped for s in _SUSPECT) else value


def _clean_json(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(key)): _clean_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_json(item) for item in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
