"""The audit of one portal as the later stages read it: a typed record built from the audit's
JSON (`audit_portal`'s static result and `summarise_browser`'s browser summary, as stored).

The indicators, the open data and the report read these fields, never the JSON's keys: a key
renamed in the audit core makes `AuditRecord.read` fail with the path it could not find, where a
string lookup returned None and the figure silently became "non mesuré". A measure the audit
could not take is present with the value None, so None here always means "not measurable"."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SECURITY_HEADERS = ("hsts", "content_security_policy", "x_content_type_options", "framing_protection")


class AuditFormatError(ValueError):
    """A stored audit lacks a field the record reads (an audit of another method version)."""


@dataclass(frozen=True)
class Statement:
    """The accessibility statement (déclaration d'accessibilité) found from the home page."""

    status: str | None  # a glossary statement status id; None when no statement was found
    rate: float | None  # the conformity rate it declares, in %
    date: str | None
    url: str | None
    expired: bool | None
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditRecord:
    home_url: str
    pages_fetched: int
    statement: Statement
    viewport_meta: bool | None  # the home page has a viewport meta tag
    franceconnect: bool | None  # a FranceConnect button or link was seen
    speed_grade: str | None
    ttfb_median: float | None  # seconds
    static_checks_failing: tuple[float, ...]  # per static accessibility check, the share of pages failing it
    viewport: bool | None
    blocks_zoom: bool | None
    https: bool | None
    headers: dict[str, bool | None]  # SECURITY_HEADERS -> present on the home page
    insecure_cookies: int | None
    min_channels: bool | None  # at least the required number of contact channels
    human_help: bool | None
    phone_with_hours: bool | None
    channel_count: int | None
    broken_links: int | None
    error_pages: int | None
    slow_pages: int | None
    # In-browser measures; None when the browser audit did not run or could not measure them.
    browser_pages: int | None = None
    axe_violations: int | None = None
    axe_pages: int | None = None
    axe_serious: int | None = None  # serious + critical nodes
    phone_layout: bool | None = None
    lcp_median: float | None = None
    ecoindex: dict | None = field(default=None, compare=False)

    @classmethod
    def read(cls, static: dict, browser: dict | None = None) -> AuditRecord:
        st = _at(static, "accessibility_statement")
        checks = _at(static, "accessibility", "checks") or {}
        failing = tuple(c["value"] for c in checks.values() if isinstance(c, dict) and c.get("value") is not None)
        support = _at(static, "support")
        fetched = _at(static, "pages", "fetched")
        values: dict[str, Any] = dict(
            home_url=_at(static, "home_url") or "",
            pages_fetched=fetched,
            statement=Statement(status=_at(st, "status"), rate=_at(st, "rate"), date=_at(st, "date"),
                                url=_at(st, "url"), expired=_at(st, "expired"),
                                evidence=tuple(st.get("evidence") or ())),
            viewport_meta=_at(static, "viewport_meta"),
            franceconnect=_at(static, "franceconnect"),
            speed_grade=_value(static, "speed", "grade"),
            ttfb_median=_at(static, "speed", "ttfb").get("median"),
            static_checks_failing=failing,
            viewport=_value(static, "mobile", "viewport"),
            blocks_zoom=_value(static, "mobile", "blocks_zoom"),
            https=_value(static, "security", "https"),
            headers=_headers(static),
            insecure_cookies=_value(static, "security", "cookies"),
            min_channels=_value(static, "support", "min_channels"),
            human_help=_value(static, "support", "human_help"),
            phone_with_hours=_value(static, "support", "channels", "phone_with_hours"),
            channel_count=None if _unmeasured(support) else _at(support, "channel_count"),
            # counts over the fetched pages: none fetched, nothing counted
            broken_links=len(_at(static, "broken_links")) if fetched else None,
            error_pages=len(_at(static, "error_urls")) if fetched else None,
            slow_pages=len(_at(static, "slow_urls")) if fetched else None,
        )
        if browser:
            axe = _at(browser, "accessibility", "axe")
            by_impact = axe.get("by_impact") or {}
            values.update(
                browser_pages=len(_at(browser, "pages")),
                axe_violations=axe.get("value"),
                axe_pages=axe.get("pages") if axe.get("value") is not None else None,
                axe_serious=by_impact.get("serious", 0) + by_impact.get("critical", 0)
                if axe.get("value") is not None else None,
                phone_layout=_value(browser, "mobile", "phone_layout"),
                lcp_median=_value(browser, "speed", "lcp"),
                ecoindex=_at(browser, "speed", "ecoindex"),
            )
        return cls(**values)


def _unmeasured(node) -> bool:
    """A whole section the audit could not measure ("no HTML page fetched"): one measure, None."""
    return isinstance(node, dict) and "reason" in node and "value" in node and node["value"] is None


def _headers(static: dict) -> dict[str, bool | None]:
    found = _at(static, "security", "headers")
    if not found or _unmeasured(found):  # no home page: no header was looked at
        return dict.fromkeys(SECURITY_HEADERS)
    return {h: _value(static, "security", "headers", h) for h in SECURITY_HEADERS}


def _at(section: dict, *path: str):
    node: Any = section
    for depth, key in enumerate(path):
        if _unmeasured(node) and depth:
            return None  # under a section that was not measured, every measure is
        if not isinstance(node, dict) or key not in node:
            raise AuditFormatError(f"stored audit has no '{'.'.join(path[:depth + 1])}': it was made by another"
                                   " method version; run `barometre audit` again")
        node = node[key]
    return node


def _value(section: dict, *path: str):
    """The value of a measure ({"value", "evidence", "reason"}) at `path`."""
    node = _at(section, *path)
    if node is None:
        return None
    if not isinstance(node, dict) or "value" not in node:
        raise AuditFormatError(f"stored audit: '{'.'.join(path)}' is not a measure")
    return node["value"]
