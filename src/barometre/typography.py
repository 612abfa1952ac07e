"""French number typography: comma decimals, narrow no-break spaces (thousands, before % ; : ! ?)."""

from __future__ import annotations

import re

NNBSP = "\u202f"


def number(value, digits: int = 0) -> str:
    """1234567.8 → '1 234 567,8' (narrow no-break spaces); None → '—'."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}".replace(",", NNBSP).replace(".", ",")
    return text.replace("-", "−")


def percent(share, digits: int = 0) -> str:
    """0.714 → '71 %' with a narrow no-break space; None → '—'."""
    if share is None:
        return "—"
    return f"{number(100 * share, digits)}{NNBSP}%"


def signed(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + number(value, digits)


def french_spacing(text: str) -> str:
    """Narrow no-break space before ; : ! ? » and after « when they end a word (URLs,
    'mailto:' and times such as 10:30 are left alone)."""
    text = re.sub(r"(?<=\S)[ \u00a0\u202f]?([;:!?»])(?=\s|$)", lambda m: NNBSP + m.group(1), text)
    return re.sub(r"«[ \u00a0\u202f]?", "«" + NNBSP, text)
