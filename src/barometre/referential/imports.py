"""Context data and sites files the user brings: parsed and checked whole, then stored at once.

Parsing is pure (file → records, or TableError naming line and column); `store_*` write
inside one transaction, so a bad file never leaves a half-import behind.

What is refused rather than guessed: a code given twice once normalised (`1` and `01`), or a
collectivité given both whole and by département (`6AE` and `67`), which would count a département
twice; an OFGL sum that misses some of a collectivité's départements; values out of range;
ambiguous numbers (see `tables.Numbers`); files with a header only.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .resolve import UnknownCode, normalize, resolve_code
from .tables import Numbers, Row, TableError, read_table

DEFAULT_AGREGAT = "Recettes de fonctionnement"
HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$")
SITE_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$")
# The ANCT / MedNum index is published on a 1–10 scale, other indices (and the sample web's) on
# 0–100: a score outside 0–100 is on no scale we know.
FRAGILITY_RANGE = (0, 100)
MAX_POPULATION = 100_000_000


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


@dataclass(frozen=True)
class _Line:
    """One input line, the collectivité it resolves to and the départements it stands for."""
    row: Row
    code: str
    collectivite: str
    covers: frozenset[str]


def _liner(name: str, column: str, codes: set[str], deps: dict[str, str], aliases: dict[str, str] | None):
    """row → _Line: its code resolved (errors name the line) and the départements it covers."""
    by_collectivite: dict[str, set[str]] = defaultdict(set)
    for dep, coll in deps.items():
        by_collectivite[coll].add(dep)

    def line(row) -> _Line:
        try:
            coll = resolve_code(row.get(column), codes, deps, aliases)
        except UnknownCode as exc:
            raise TableError(name, row.line, column, str(exc)) from None
        code = normalize(row.get(column))
        covers = {code} if code in deps else by_collectivite.get(coll) or {coll}
        return _Line(row, code, coll, frozenset(covers))
    return line


def _refuse_overlaps(name: str, column: str, lines: list[_Line], what: str = "") -> None:
    """Two lines of one group that stand for the same département cannot both be kept."""
    seen: dict[str, _Line] = {}
    for item in lines:
        clash = next((seen[d] for d in sorted(item.covers) if d in seen), None)
        if clash is not None:
            raw, before = item.row.get(column), clash.row.get(column)
            if item.code == clash.code:
                message = f"'{raw}'{what} already given on line {clash.row.line}"
                if raw != before:
                    message = f"'{raw}' (= {item.code}){what} already given on line {clash.row.line} as '{before}'"
            else:
                shared = " and ".join(sorted(item.covers & clash.covers))
                message = (f"'{raw}' and '{before}' (line {clash.row.line}) both stand for {shared}{what}: "
                           "give one value per département or one for the whole collectivité, not both")
            raise TableError(name, item.row.line, column, message)
        seen.update(dict.fromkeys(item.covers, item))


def parse_ofgl_revenue(path, codes: set[str], deps: dict[str, str], aliases: dict[str, str],
                       populations: dict[str, int], agregat: str = DEFAULT_AGREGAT) -> list[ContextRecord]:
    """Operating revenue from an OFGL 'base départements consolidée' CSV export.

    Lines of different départements of one collectivité and year are summed (67 + 68 → Alsace,
    2A + 2B → Corse); a line repeated, or a sum missing one of the départements, is refused."""
    name = str(path)
    _, rows = read_table(path, ["exer", "dep_code", "agregat", "montant"],
                         optional=("dep_name", "categ", "euros_par_habitant", "ptot"))
    numbers = Numbers(name, rows)
    wanted = _fold(agregat)
    kept = [row for row in rows if _fold(row.get("agregat")) == wanted]
    if not kept:
        raise TableError(name, None, "agregat", f"no row with agregat '{agregat}'")
    line = _liner(name, "dep_code", codes, deps, aliases)
    groups: dict[tuple[str, int], list] = defaultdict(list)
    for row in kept:
        year = numbers.read(row, "exer", check=lambda v: v.is_integer() and 1990 <= v <= 2100,
                            expected="a year between 1990 and 2100")
        amount = numbers.read(row, "montant", check=lambda v: v >= 0, expected="revenue cannot be negative")
        per_hab = numbers.read(row, "euros_par_habitant", required=False, check=lambda v: v >= 0,
                               expected="revenue per inhabitant cannot be negative")
        item = line(row)
        groups[(item.collectivite, int(year))].append((item, amount, per_hab))
    records = []
    for (code, year), items in sorted(groups.items()):
        lines = [item for item, _, _ in items]
        _refuse_overlaps(name, "dep_code", lines, f" for {year}")
        _refuse_partial_sum(name, code, year, lines, deps)
        total = sum(a for _, a, _ in items)
        if len(items) == 1:
            per_hab, note = items[0][2], ""
        else:
            pop = populations.get(code)
            per_hab = total / pop if pop else None
            numbers_ = ", ".join(str(item.row.line) for item in lines)
            note = f"somme de {len(items)} lignes ({numbers_}) ; €/hab. recalculés sur la population du référentiel"
        records.append(ContextRecord(code, year, total, per_hab, note))
    return records


def _refuse_partial_sum(name: str, code: str, year: int, lines: list[_Line], deps: dict[str, str]) -> None:
    expected = {d for d, c in deps.items() if c == code}
    covered = set().union(*(item.covers for item in lines))
    missing = sorted(expected - covered)
    if expected and missing:
        given = ", ".join(f"'{item.row.get('dep_code')}'" for item in lines)
        verb = "covers" if len(lines) == 1 else "cover"
        raise TableError(name, lines[0].row.line, "dep_code",
                         f"{given} for {year} {verb} only part of collectivité {code} "
                         f"({', '.join(missing)} missing): its revenue would be understated; give every "
                         "one of its départements or the collectivité's own line")


def parse_fragility(path, codes: set[str], deps: dict[str, str], dep_populations: dict[str, int]) -> list[ContextRecord]:
    """A digital-fragility index CSV: code,score[,year], one score (0–100) per département or
    collectivité; several départements of one collectivité give a population-weighted mean."""
    name = str(path)
    _, rows = read_table(path, ["code", "score"], optional=("name", "nom", "year", "annee"))
    numbers = Numbers(name, rows)
    line = _liner(name, "code", codes, deps, None)
    low, high = FRAGILITY_RANGE
    grouped: dict[str, list] = defaultdict(list)
    lines = []
    for row in rows:
        score = numbers.read(row, "score", check=lambda v: low <= v <= high,
                             expected=f"a score between {low} and {high}")
        year_col = "year" if "year" in row.values else "annee"
        year = numbers.read(row, year_col, required=False,
                            check=lambda v: v.is_integer() and 1990 <= v <= 2100, expected="a year")
        item = line(row)
        lines.append(item)
        grouped[item.collectivite].append((item, score, int(year) if year else None))
    _refuse_overlaps(name, "code", lines)
    records = []
    for code, items in sorted(grouped.items()):
        years = {y for _, _, y in items}
        year = years.pop() if len(years) == 1 else None
        covered = set().union(*(item.covers for item, _, _ in items))
        missing = sorted({d for d, c in deps.items() if c == code} - covered)
        absent = f" ({', '.join(missing)} absent du fichier)" if missing else ""
        if len(items) == 1:
            note = f"score de {items[0][0].code} seulement{absent}" if missing else ""
            records.append(ContextRecord(code, year, items[0][1], None, note))
            continue
        weights = [dep_populations.get(item.code, 0) for item, _, _ in items]
        if sum(weights):
            value = sum(w * s for w, (_, s, _) in zip(weights, items, strict=True)) / sum(weights)
        else:
            value = sum(s for _, s, _ in items) / len(items)
        parts = ", ".join(item.code for item, _, _ in items)
        records.append(ContextRecord(code, year, value, None, f"moyenne pondérée par la population de {parts}{absent}"))
    return records


MAX_SITE_NAME = 200  # Collectivite.name max_length (a longer name is refused, never cut)


def parse_sites(path) -> list[SiteRecord]:
    """A sites file: CSV `code,name,url[,hosts][,population]`, hosts space-separated."""
    name = str(path)
    _, rows = read_table(path, ["code", "name", "url"], optional=("hosts", "population"), exact_order=True)
    numbers = Numbers(name, rows)
    seen: dict[str, tuple[int, str]] = {}
    sites = []
    for row in rows:
        code = row.get("code")
        if not SITE_CODE_RE.match(code):
            raise TableError(name, row.line, "code", f"'{code}' is not a valid code (letters, digits, _ . -; at most 32)")
        key = normalize(code)
        if key in seen:
            line, before = seen[key]
            same = "" if before == code else f" as '{before}' (codes are read in capitals)"
            raise TableError(name, row.line, "code", f"'{code}' already used on line {line}{same}")
        seen[key] = (row.line, code)
        site_name = row.get("name")
        if not site_name:
            raise TableError(name, row.line, "name", "empty name")
        if len(site_name) > MAX_SITE_NAME:
            raise TableError(name, row.line, "name", f"name of {len(site_name)} characters (at most {MAX_SITE_NAME})")
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
        population = numbers.read(row, "population", required=False,
                                  check=lambda v: v.is_integer() and 0 < v <= MAX_POPULATION,
                                  expected=f"a whole number of inhabitants, at most {MAX_POPULATION:_}".replace("_", " "))
        sites.append(SiteRecord(code, site_name, url, hosts, int(population) if population else None))
    return sites


def default_sites_source(path: Path | str) -> str:
    return f"sites:{Path(path).name}"
