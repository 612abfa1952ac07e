"""Context data and sites files the user brings: parsed and checked whole, then stored at once.

Parsing is pure (file → records, or TableError naming line and column); `store_*` write
inside one transaction, so a bad file never leaves a half-import behind.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .resolve import UnknownCode, resolve_code
from .tables import TableError, parse_number, read_table

DEFAULT_AGREGAT = "Recettes de fonctionnement"
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")
SITE_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")


@dataclass(frozen=True)
class ContextRecord:
    collectivite: str
    year: int | None
    value: float
    per_inhabitant: float | None
    note: str = ""


@dataclass(frozen=True)
class SiteRecord:
    code: str
    name: str
    url: str
    hosts: tuple[str, ...]
    population: int | None = None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


def _resolver(codes: set[str], deps: dict[str, str], aliases: dict[str, str] | None):
    def resolve(name: str, row, column: str) -> str:
        try:
            return resolve_code(row.get(column), codes, deps, aliases)
        except UnknownCode as exc:
            raise TableError(name, row.line, column, str(exc)) from None
    return resolve


def parse_ofgl_revenue(path, codes: set[str], deps: dict[str, str], aliases: dict[str, str],
                       populations: dict[str, int], agregat: str = DEFAULT_AGREGAT) -> list[ContextRecord]:
    """Operating revenue from an OFGL 'base départements consolidée' CSV export."""
    name = str(path)
    _, rows = read_table(path, ["exer", "dep_code", "agregat", "montant"],
                         optional=("dep_name", "categ", "euros_par_habitant", "ptot"))
    resolve = _resolver(codes, deps, aliases)
    wanted = _fold(agregat)
    sums: dict[tuple[str, int], list] = defaultdict(list)
    for row in rows:
        if _fold(row.get("agregat")) != wanted:
            continue
        year = parse_number(name, row, "exer", check=lambda v: v.is_integer() and 1990 <= v <= 2100,
                            expected="a year between 1990 and 2100")
        amount = parse_number(name, row, "montant")
        per_hab = parse_number(name, row, "euros_par_habitant", required=False)
        code = resolve(name, row, "dep_code")
        sums[(code, int(year))].append((row, amount, per_hab))
    if not sums:
        raise TableError(name, None, "agregat", f"no row with agregat '{agregat}'")
    records = []
    for (code, year), items in sorted(sums.items()):
        total = sum(a for _, a, _ in items)
        if len(items) == 1:
            per_hab, note = items[0][2], ""
        else:
            pop = populations.get(code)
            per_hab = total / pop if pop else None
            lines = ", ".join(str(r.line) for r, _, _ in items)
            note = f"somme de {len(items)} lignes ({lines}) ; €/hab. recalculés sur la population du référentiel"
        records.append(ContextRecord(code, year, total, per_hab, note))
    return records


def parse_fragility(path, codes: set[str], deps: dict[str, str], dep_populations: dict[str, int]) -> list[ContextRecord]:
    """A digital-fragility index CSV: code,score[,year] (one score per département or collectivité)."""
    name = str(path)
    _, rows = read_table(path, ["code", "score"], optional=("name", "nom", "year", "annee"))
    resolve = _resolver(codes, deps, None)
    seen: dict[str, int] = {}
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        raw = row.get("code").upper()
        if raw in seen:
            raise TableError(name, row.line, "code", f"'{raw}' already given on line {seen[raw]}")
        seen[raw] = row.line
        score = parse_number(name, row, "score", check=lambda v: v >= 0, expected="a non-negative score")
        year_col = "year" if "year" in row.values else "annee"
        year = parse_number(name, row, year_col, required=False,
                            check=lambda v: v.is_integer() and 1990 <= v <= 2100, expected="a year")
        grouped[resolve(name, row, "code")].append((raw, score, int(year) if year else None))
    records = []
    for code, items in sorted(grouped.items()):
        years = {y for _, _, y in items}
        year = years.pop() if len(years) == 1 else None
        if len(items) == 1:
            records.append(ContextRecord(code, year, items[0][1], None))
            continue
        weights = [dep_populations.get(raw, 0) for raw, _, _ in items]
        if sum(weights):
            value = sum(w * s for w, (_, s, _) in zip(weights, items, strict=True)) / sum(weights)
        else:
            value = sum(s for _, s, _ in items) / len(items)
        parts = ", ".join(raw for raw, _, _ in items)
        records.append(ContextRecord(code, year, value, None, f"moyenne pondérée par la population de {parts}"))
    return records


def parse_sites(path) -> list[SiteRecord]:
    """A sites file: CSV `code,name,url[,hosts][,population]`, hosts space-separated."""
    name = str(path)
    _, rows = read_table(path, ["code", "name", "url"], optional=("hosts", "population"), exact_order=True)
    if not rows:
        raise TableError(name, 2, None, "no site listed")
    seen: dict[str, int] = {}
    sites = []
    for row in rows:
        code = row.get("code")
        if not SITE_CODE_RE.match(code):
            raise TableError(name, row.line, "code", f"'{code}' is not a valid code (letters, digits, _ . -; at most 32)")
        if code in seen:
            raise TableError(name, row.line, "code", f"'{code}' already used on line {seen[code]}")
        seen[code] = row.line
        site_name = row.get("name")
        if not site_name:
            raise TableError(name, row.line, "name", "empty name")
        url = row.get("url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise TableError(name, row.line, "url", f"'{url}' is not an http(s) URL")
        if not HOST_RE.match(parts.hostname):
            raise TableError(name, row.line, "url", f"'{parts.hostname}' is not a valid host name")
        hosts = tuple(h.lower() for h in row.get("hosts").split())
        for host in hosts:
            if not HOST_RE.match(host):
                raise TableError(name, row.line, "hosts", f"'{host}' is not a host name (hosts are space-separated)")
        population = parse_number(name, row, "population", required=False,
                                  check=lambda v: v.is_integer() and v > 0, expected="a whole number of inhabitants")
        sites.append(SiteRecord(code, site_name, url, hosts, int(population) if population else None))
    return sites


def default_sites_source(path: Path | str) -> str:
    return f"sites:{Path(path).name}"
