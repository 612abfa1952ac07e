"""French typography: numbers (comma decimals, narrow no-break spaces for thousands and before
% ; : ! ?) and the alphabetical order of names (Unicode Collation Algorithm, so that Ardèche
comes before Ardennes and Côte-d'Or before Creuse, where code points put them after)."""

from __future__ import annotations

import re
from functools import lru_cache

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


@lru_cache(maxsize=1)
def _collator():
    from pyuca import Collator  # the DUCET: accents, case and punctuation weigh after the letters

    return Collator()


@lru_cache(maxsize=4096)
def sort_key(text: str) -> tuple:
    """The key that sorts names in French alphabetical order."""
    return _collator().sort_key(text or "")


def folded(text: str) -> str:
    """Text compared for a search: no accents, no case, punctuation as spaces ('Côte-d'Or' → 'cote d or')."""
    import unicodedata

    bare = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare.casefold()).split())


def matches(query: str, text: str) -> bool:
    """Every word of the query is in the text (accents, case and punctuation aside)."""
    haystack = folded(text)
    return all(word in haystack for word in folded(query).split())


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """'1 collectivité', '0 collectivité', '3 collectivités' (French: below 2 is singular)."""
    return f"{count} {singular if abs(count) < 2 else plural or singular + 's'}"
