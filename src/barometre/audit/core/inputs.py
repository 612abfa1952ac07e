"""What the crawl stored, as plain data: the only input of the audit core."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urldefrag, urlsplit

# One outgoing link of a page: (absolute href, anchor text).
Link = tuple[str, str]
# Outgoing links per page URL.
Links = dict[str, list[Link]]
# The collectivité's own hosts; sub-domains of each are its own too.
Hosts = frozenset[str] | set[str] | list[str]

HTML_TYPES = ("text/html", "application/xhtml+xml")
DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods")
DOCUMENT_TYPES = ("application/pdf", "application/msword", "application/vnd.openxmlformats",
                  "application/vnd.oasis.opendocument", "application/rtf", "application/vnd.ms-excel")


@dataclass
class FetchedPage:
    """One response (or failure) of the crawl.

    `redirect_chain` lists the URLs traversed from `url` before `final_url`; `error_kind` is set when
    no usable response came back ("timeout", "connection_reset", "dns", "redirect_loop",
    "too_large", "http_error"); timings are in seconds.
    """

    url: str
    final_url: str | None = None
    status: int | None = None
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    set_cookies: list[str] = field(default_factory=list)
    ttfb: float | None = None
    download_time: float | None = None
    size: int = 0
    depth: int = 0
    referrer: str | None = None
    redirect_chain: list[str] = field(default_factory=list)
    error_kind: str | None = None
    body: bytes | None = None
    anomalies: list[str] = field(default_factory=list)  # the crawl's, e.g. tls:expired
    charset: str = ""  # the one the crawler decoded the body with

    def __post_init__(self) -> None:
        if not self.final_url:
            self.final_url = self.url
        self.headers = {k.lower(): v for k, v in self.headers.items()}
        if not self.size and self.body:
            self.size = len(self.body)

    @property
    def mime(self) -> str:
        return self.content_type.split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        """HTML by its Content-Type, or, when the server sent none, by a body starting with '<'."""
        if self.mime:
            return self.mime in HTML_TYPES
        return bool(self.body) and self.body.lstrip()[:1] == b"<"

    @property
    def is_document(self) -> bool:
        """A downloadable document (PDF, office form) rather than a web page."""
        path = urlsplit(self.url).path.lower()
        return path.endswith(DOCUMENT_EXTENSIONS) or self.mime.startswith(DOCUMENT_TYPES)

    @property
    def ok(self) -> bool:
        return self.error_kind is None and self.status is not None and 200 <= self.status < 300


@lru_cache(maxsize=131072)
def normalise_url(url: str) -> str:
    """A key to match one URL with another: no fragment, lower-case scheme and host."""
    url, _ = urldefrag(url.strip())
    parts = urlsplit(url)
    path = parts.path or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}"
