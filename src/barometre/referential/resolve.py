"""Turn any code a user types (département or collectivité) into a collectivité code."""

from __future__ import annotations

import re

AMBIGUOUS = {
    "69": "the Rhône is split: use 69D (Département du Rhône) or 69M (Métropole de Lyon)",
}


class UnknownCode(LookupError):
    pass


def normalize(code: str) -> str:
    code = (code or "").strip().upper()
    if re.fullmatch(r"\d", code):
        code = "0" + code
    return code


def resolve_code(
    code: str,
    collectivites: set[str],
    departement_to_collectivite: dict[str, str],
    aliases: dict[str, str] | None = None,
) -> str:
    """The collectivité code for `code`, or UnknownCode with a message a user can act on."""
    wanted = normalize(code)
    if wanted in collectivites:
        return wanted
    if wanted in departement_to_collectivite:
        return departement_to_collectivite[wanted]
    if aliases and wanted in aliases:
        return aliases[wanted]
    if wanted in AMBIGUOUS:
        raise UnknownCode(f"code '{code}' is ambiguous: {AMBIGUOUS[wanted]}")
    if not wanted:
        raise UnknownCode("empty code")
    raise UnknownCode(
        f"unknown code '{code}': expected a département code (01…95, 2A, 2B, 69D, 69M, 971…976) "
        "or a collectivité code (6AE Alsace, 20R Corse, 75C Paris…); "
        "`barometre referential list` shows them all"
    )


def get_collectivite(code: str):
    """The Collectivite row for a code typed by a user (database lookup)."""
    from .models import Collectivite, Departement

    codes = set(Collectivite.objects.values_list("code", flat=True))
    deps = dict(Departement.objects.values_list("code", "collectivite__code"))
    return Collectivite.objects.get(code=resolve_code(code, codes, deps))
