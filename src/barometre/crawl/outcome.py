"""A crawl run's outcome in French, for readers (dashboard, report, open data).

The stored stop reason is the crawler's own, in English, for analysts and logs; this module is
the one place that tells a reader, in French, why a portal was not (fully) measured.
"""

from __future__ import annotations

import re

ERROR_KINDS = {
    "timeout": "délai de réponse dépassé",
    "dns": "nom de domaine introuvable",
    "connection_refused": "connexion refusée",
    "connection_reset": "connexion interrompue",
    "too_large": "réponse trop volumineuse",
    "tls": "erreur de certificat ou de chiffrement",
    "ignored": "réponse écartée",
}
STATUSES = {
    "pending": "collecte à faire",
    "running": "collecte interrompue avant la fin",
    "done": "collecte terminée",
    "incomplete": "collecte incomplète",
    "unreachable": "portail injoignable",
    "no_portal": "pas d'adresse de portail connue",
}
_HTTP = re.compile(r"HTTP (\d{3})")
_COUNT = re.compile(r"incomplete: (\d+) pages?")
_BUDGET = re.compile(r"page budget reached \((\d+) pages\)")


def is_measured(status: str, pages: int) -> bool:
    """The one rule for "this portal was measured": its crawl finished (every in-scope link
    followed, or the page budget reached) with pages stored. Unreachable, incomplete or
    interrupted portals are out of every denominator, and nothing is compared for them."""
    return status == "done" and pages > 0


def _cause(reason: str) -> str:
    """The technical cause of an unreachable portal, in French."""
    if match := _HTTP.search(reason):
        return f"le serveur a répondu HTTP {match.group(1)}"
    kind = reason.split(":", 1)[0].strip()
    return ERROR_KINDS.get(kind, "aucune réponse exploitable")


def outcome_fr(status: str, stop_reason: str = "") -> str:
    """One French sentence (without final period) for a run's status and stop reason."""
    reason = stop_reason or ""
    if status == "unreachable":
        if reason.startswith("robots_unavailable"):
            return (f"portail injoignable (fichier robots.txt illisible, {_cause(reason.split(':', 1)[-1])}), "
                    "rien n'a donc été collecté")
        return f"portail injoignable ({_cause(reason)})"
    if status == "incomplete":
        count = _COUNT.search(reason)
        pages = f"\u00a0: {count.group(1)} pages en échec temporaire, à reprendre" if count else ""
        return f"collecte incomplète{pages}"
    if status == "running":
        return "collecte interrompue avant la fin, à reprendre"
    if status == "done" and (budget := _BUDGET.search(reason)):
        return f"collecte terminée au budget de {int(budget.group(1)):,} pages".replace(",", "\u202f")
    if status == "no_portal":
        return STATUSES["no_portal"]
    return STATUSES.get(status, "collecte non faite")
