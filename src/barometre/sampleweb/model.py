"""Plain data describing one fictional portal and its services while it is being generated."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .store import canonical_url


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
    aliases: list[str] = field(default_factory=list)  # other URLs serving the page (canonical portal)

    def truth(self) -> dict:
        return {
            "id": self.sid, "title": self.title, "catalogue_id": self.catalogue_id,
            "theme": self.theme, "level": self.level, "relay": self.relay,
            "platform": self.platform, "franceconnect": self.franceconnect,
            "offline_alternative": self.offline_alternative,
            "page_url": canonical_url(self.page_url),
            "entry_url": canonical_url(self.entry_url) if self.entry_url else None,
            "urls": list(dict.fromkeys(canonical_url(u) for u in self.urls)),
            "aliases": [canonical_url(u) for u in self.aliases],
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
    # the harder pages (related blocks, directories, legal pages, jobs, account screens, dated
    # news), drawn from a third stream so that adding them moved nothing that was there before
    extra: random.Random = field(default_factory=lambda: random.Random(1))
    # None, or the markup twist of the whole portal: base_href, canonical, one_script
    variant: str | None = None
    reachable: bool = True
    # None (plain http only), or the certificate its https serves: valid, expired, incomplete_chain
    tls: str | None = None
    # lives on https (as real portals do): plain http answers 301 to the same URL on https
    https_first: bool = False
    maturity: float = 0.5
    services: list[Service] = field(default_factory=list)
    facts: dict = field(default_factory=dict)
    platforms: dict[str, str] = field(default_factory=dict)  # platform -> e-service host
    non_services: dict[str, str] = field(default_factory=dict)  # url -> kind (news, directory...)
    url_variants: dict[str, str] = field(default_factory=dict)  # duplicate url -> canonical url
    markup: dict = field(default_factory=dict)  # which harder markup the portal carries (truth)
    phone: str = ""
    chrome: dict = field(default_factory=dict)  # menu and footer shared by every page
    _next_id: int = 100
    _extra_id: int = 50000

    @property
    def host(self) -> str:
        return f"www.{self.slug}.test"

    @property
    def base(self) -> str:
        """Where the portal lives (and the URLs of the truth): https for a portal that lives on
        https (`https_first`), http otherwise, even when it also serves https (`tls`)."""
        return f"{'https' if self.https_first else 'http'}://{self.host}"

    def origin(self, host: str) -> str:
        """scheme://host of one of the portal's own hosts: its e-service platforms live on https
        with a portal that does."""
        return f"{'https' if self.https_first else 'http'}://{host}"

    @property
    def charset(self) -> str:
        return "iso-8859-1" if self.cms == "legacy" else "utf-8"

    @property
    def hosts(self) -> list[str]:
        return [self.host, *sorted(set(self.platforms.values()))]

    def next_id(self) -> int:
        self._next_id += self.rng.randint(1, 9)
        return self._next_id

    def extra_id(self) -> int:
        """An identifier for the added pages (far above next_id's, drawn from `extra`)."""
        self._extra_id += self.extra.randint(1, 7)
        return self._extra_id

    def non_service(self, url: str, kind: str) -> None:
        self.non_services[url] = kind

    def url(self, path: str) -> str:
        return self.base + path

    def truth(self) -> dict:
        return {
            "code": self.code, "name": self.name, "portal_url": self.base + "/",
            "hosts": self.hosts if self.reachable else [self.host], "cms": self.cms,
            "charset": self.charset, "reachable": self.reachable,
            "facts": _canonical_urls(self.facts) if self.reachable else None,
            "markup": self.markup if self.reachable else None,
            "services": [s.truth() for s in self.services],
            "non_service_urls": sorted(canonical_url(u) for u in self.non_services),
            "non_services": {kind: sorted(canonical_url(u) for u, k in self.non_services.items()
                                          if k == kind)
                             for kind in sorted(set(self.non_services.values()))},
            "url_variants": {canonical_url(v): canonical_url(c)
                             for v, c in sorted(self.url_variants.items())},
        }


def _canonical_urls(value):
    """The facts with every URL in them spelt as the truth spells URLs."""
    if isinstance(value, dict):
        return {k: _canonical_urls(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical_urls(v) for v in value]
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return canonical_url(value)
    return value
