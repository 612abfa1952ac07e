"""Small accessible SVG charts for the reports (pure: data in, SVG text out).

Every chart has a title and a text description (role="img" + aria-label), and is always shown
next to its data table.
"""

from __future__ import annotations

from html import escape

PALETTE = ["#000091", "#6a6af4", "#9a9aff", "#cacafb", "#e3e3fd"]


def bars(items: list[tuple[str, float]], title: str, *, unit: str = "", maximum: float | None = None,
         width: int = 520, bar_height: int = 22) -> str:
    """Horizontal bars: [(label, value)]."""
    top = max(maximum or 0, *(v for _, v in items), 1)
    label_w, gap = 190, 6
    height = len(items) * (bar_height + gap) + 10
    desc = "; ".join(f"{label} : {_fmt(v)}{unit}" for label, v in items)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="img" aria-label="{escape(title)} — {escape(desc)}">',
           f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(items):
        y = 5 + i * (bar_height + gap)
        w = (width - label_w - 60) * value / top
        out.append(f'<text x="{label_w - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" font-size="12">'
                   f"{escape(label)}</text>")
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{PALETTE[0]}"/>')
        out.append(f'<text x="{label_w + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12">'
                   f"{_fmt(value)}{escape(unit)}</text>")
    out.append("</svg>")
    return "".join(out)


def _fmt(value: float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}".replace(".", ",")
    return f"{int(value)}"
