"""Mobile readiness readable without a browser: the viewport meta tag.

Whether the layout really fits a phone width is a browser measure (not measured here).
"""

from __future__ import annotations

from .document import Document
from .evidence import measure, not_measurable, share


def parse_viewport(content: str) -> dict[str, str]:
    """'width=device-width, initial-scale=1' -> {'width': 'device-width', 'initial-scale': '1'}."""
    pairs = {}
    for part in content.replace(";", ",").split(","):
        key, _, value = part.partition("=")
        if key.strip():
            pairs[key.strip().lower()] = value.strip().lower()
    return pairs


def blocks_zoom(viewport: dict[str, str], min_maximum_scale: float) -> bool:
    """user-scalable=no (or 0) or maximum-scale below `min_maximum_scale` (RGAA 4.1, 10.4)."""
    if viewport.get("user-scalable") in ("no", "0"):
        return True
    try:
        return float(viewport["maximum-scale"]) < min_maximum_scale
    except (KeyError, ValueError):
        return False


def viewport_of(doc: Document) -> dict[str, str] | None:
    for meta in doc.tree.css("meta[name]"):
        if (meta.attributes.get("name") or "").strip().lower() == "viewport":
            return parse_viewport(meta.attributes.get("content") or "")
    return None


def audit_mobile(home: Document | None, docs: list[Document], min_maximum_scale: float) -> dict:
    """Viewport meta of the home page, and the share of pages carrying one."""
    with_viewport = [d.url for d in docs if viewport_of(d) is not None]
    pages = measure(share(len(with_viewport), len(docs)), with_viewport[:50],
                    pages_checked=len(docs)) if docs else not_measurable("no HTML page fetched")
    if home is None:
        missing = not_measurable("home page not fetched or not HTML")
        return {"viewport": missing, "device_width": missing, "blocks_zoom": missing,
                "rgaa_issues": [], "pages_with_viewport": pages}
    viewport = viewport_of(home)
    if viewport is None:
        return {"viewport": measure(False, [home.url]),
                "device_width": measure(False, [home.url]),
                "blocks_zoom": measure(False, [home.url]),
                "rgaa_issues": [], "pages_with_viewport": pages}
    zoom_blocked = blocks_zoom(viewport, min_maximum_scale)
    return {
        "viewport": measure(True, [home.url], content=viewport),
        "device_width": measure(viewport.get("width") == "device-width", [home.url]),
        "blocks_zoom": measure(zoom_blocked, [home.url]),
        "rgaa_issues": [{"criterion": "10.4", "url": home.url, "detail": viewport}]
        if zoom_blocked else [],
        "pages_with_viewport": pages,
    }
