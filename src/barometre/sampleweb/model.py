"""Plain data describing one fictional portal and its services while it is being generated."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Service:
    sid: str
    title: str
    slug: str
    catalogue_id: str | None
    theme: str
    level: int
    relay: str | None = None
    platform: str | None = None
    franceconnect: bool = False
    offline_alternative: bool = False
    form_kind: str | None = None  # pdf_fillable, pdf_flat, docx, doc, html_form, ds, eservice
    split: bool = False
    sitemap_only: bool = False
    page_url: str = ""
    entry_url: str | None = None
    relay_url: str | None = None
    urls: list[str] = field(default_factory=list)
    doc_url: str | None = None  # downloadable form
    sub_url: str | None = None  # "Pièces à fournir" sub-page of a split service
    notice_url: str | None = None  # PDF list of documents of a split service
    form_url: str | None = None  # separate page holding the portal's own HTML form
    blurb: str = ""  # what a local aid is about (its theme shows in the text, not the name)
    layout: str = "classic"  # classic (headings), short (paragraph + button), faq

    def truth(self) -> dict:
        return {
            "id": self.sid, "title": self.title, "catalogue_id": self.catalogue_id,
            "theme": self.theme, "level": self.level, "relay": self.relay,
            "platform": self.platform, "franceconnect": self.franceconnect,
            "offline_alternative": self.offline_alternative, "page_url": self.page_url,
            "entry_url": self.entry_url, "urls": list(dict.fromkeys(self.urls)),
        }


@dataclass
class Portal:
    code: str
    name: str
    slug: str
    cms: str
    rng: random.Random
    # wording and layout choices, drawn apart so that they do not shift the structural draws
    style: random.Random = field(default_factory=lambda: random.Random(0))
    reachable: bool = True
    maturity: float = 0.5
    services: list[Service] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    platforms: dict[str, str] = field(default_factory=dict)  # platform -> e-service host
    non_service_urls: list[str] = field(default_factory=list)
    phone: str = ""
    chrome: dict = field(default_factory=dict)  # menu and footer shared by every page
    _next_id: int = 100

    @property
    def host(self) -> str:
        return f"www.{self.slug}.test"

    @property
    def base(self) -> str:
        return f"http://{self.host}"

    @property
    def charset(self) -> str:
        return "iso-8859-1" if self.cms == "legacy" else "utf-8"

    @property
    def hosts(self) -> list[str]:
        return [self.host, *sorted(set(self.platforms.values()))]

    def next_id(self) -> int:
        self._next_id += self.rng.randint(1, 9)
        return self._next_id

    def url(self, path: str) -> str:
        return self.base + path

    def truth(self) -> dict:
        return {
            "code": self.code, "name": self.name, "portal_url": self.base + "/",
            "hosts": self.hosts if self.reachable else [self.host], "cms": self.cms,
            "charset": self.charset, "reachable": self.reachable,
            "facts": self.facts if self.reachable else None,
            "services": [s.truth() for s in self.services],
            "non_service_urls": sorted(set(self.non_service_urls)),
        }
