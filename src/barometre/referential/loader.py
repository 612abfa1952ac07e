"""Write the bundled référentiel into the database (idempotent; context data is kept)."""

from __future__ import annotations

from django.db import transaction

from . import bundled
from .models import REFERENTIEL, Collectivite, ContextValue, Departement, Kind


@transaction.atomic
def load_referential() -> tuple[int, int]:
    """Create or update the collectivités and départements; returns their counts."""
    geometries = bundled.geometries()
    deps = {d.code: d for d in bundled.departements()}
    records = bundled.collectivites()
    for rec in records:
        coll, _ = Collectivite.objects.update_or_create(
            code=rec.code,
            defaults=dict(
                name=rec.name, kind=rec.kind, region_code=rec.region_code,
                region_name=rec.region_name, zone=rec.zone, population=rec.population,
                portal_url=rec.portal_url, portal_note=rec.portal_note, hosts=rec.hosts,
                note=rec.note, source=REFERENTIEL,
            ),
        )
        for code in rec.departements:
            d = deps[code]
            Departement.objects.update_or_create(
                code=code,
                defaults=dict(
                    name=d.name, collectivite=coll, chef_lieu=d.chef_lieu,
                    population=d.population, communes=d.communes,
                    geometry=geometries.get(code),
                ),
            )
    stale = Collectivite.objects.filter(source=REFERENTIEL).exclude(code__in=[r.code for r in records])
    stale.delete()
    return len(records), len(deps)


def ensure_loaded() -> None:
    if not Collectivite.objects.filter(source=REFERENTIEL).exists():
        load_referential()


def code_maps() -> tuple[set[str], dict[str, str]]:
    """Collectivité codes (référentiel and sites files) and département → collectivité."""
    codes = set(Collectivite.objects.values_list("code", flat=True))
    deps = dict(Departement.objects.values_list("code", "collectivite__code"))
    return codes, deps


@transaction.atomic
def store_context(kind: str, records, source: str) -> int:
    """Replace the values of `kind` for the (collectivité, year) pairs in `records`."""
    by_code = {c.code: c for c in Collectivite.objects.filter(code__in={r.collectivite for r in records})}
    for rec in records:
        coll = by_code[rec.collectivite]
        ContextValue.objects.filter(collectivite=coll, kind=kind, year=rec.year).delete()
        ContextValue.objects.create(
            collectivite=coll, kind=kind, year=rec.year, value=rec.value,
            per_inhabitant=rec.per_inhabitant, source=source, note=rec.note,
        )
    return len(records)


class SitesConflict(ValueError):
    pass


@transaction.atomic
def store_sites(records, source: str, referential_codes: bool = False) -> list[Collectivite]:
    """Create or update the sites of a sites file as collectivités of kind 'site'.

    With `referential_codes` (a campaign's sites file), a code of the référentiel (collectivité
    or département code: 33, 2A, 974, 20R, 69M…) designates that collectivité, which is
    returned as it is: its row is never rewritten, the file's URL is the campaign's business.
    Otherwise such a code is refused. The collectivités come back in the order of `records`.
    """
    resolved = _referential_codes(records, source) if referential_codes else {}
    if not referential_codes:
        clashes = Collectivite.objects.filter(code__in=[r.code for r in records]).exclude(kind=Kind.SITE)
        if clashes.exists():
            names = ", ".join(c.code for c in clashes[:5])
            raise SitesConflict(f"{source}: code(s) {names} already belong to the référentiel; use other codes")
    known = {c.code: c for c in Collectivite.objects.filter(code__in=set(resolved.values()))}
    stored = []
    for rec in records:
        if rec.code in resolved:
            stored.append(known[resolved[rec.code]])
            continue
        coll, _ = Collectivite.objects.update_or_create(
            code=rec.code,
            defaults=dict(name=rec.name, kind=Kind.SITE, portal_url=rec.url, hosts=list(rec.hosts),
                          population=rec.population, source=source, portal_note=""),
        )
        stored.append(coll)
    return stored


def _referential_codes(records, source: str) -> dict[str, str]:
    """Sites-file code -> référentiel collectivité code, for the codes that are the référentiel's."""
    from .resolve import AMBIGUOUS, UnknownCode, normalize, resolve_code

    referential = Collectivite.objects.filter(source=REFERENTIEL).exclude(kind=Kind.SITE)
    codes = set(referential.values_list("code", flat=True))
    deps = dict(Departement.objects.filter(collectivite__in=referential).values_list("code", "collectivite__code"))
    resolved, by_target = {}, {}
    for rec in records:
        if normalize(rec.code) in AMBIGUOUS:
            raise SitesConflict(f"{source}: code '{rec.code}' is ambiguous: {AMBIGUOUS[normalize(rec.code)]}")
        try:
            code = resolve_code(rec.code, codes, deps)
        except UnknownCode:
            continue  # not the référentiel's: a site of its own
        if code in by_target:
            raise SitesConflict(f"{source}: codes '{by_target[code]}' and '{rec.code}' both designate "
                                f"the collectivité {code}; keep one line for it")
        resolved[rec.code], by_target[code] = code, rec.code
    return resolved
