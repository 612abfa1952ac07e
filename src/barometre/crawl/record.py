"""The typed item that moves from the spider to the recorder."""

from __future__ import annotations

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
