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
def store_sites(records, source: str) -> list[Collectivite]:
    """Create or update the sites of a sites file as collectivités of kind 'site'."""
    clashes = Collectivite.objects.filter(code__in=[r.code for r in records]).exclude(kind=Kind.SITE)
    if clashes.exists():
        names = ", ".join(c.code for c in clashes[:5])
        raise SitesConflict(f"{source}: code(s) {names} already belong to the référentiel; use other codes")
    stored = []
    for rec in records:
        coll, _ = Collectivite.objects.update_or_create(
            code=rec.code,
            defaults=dict(name=rec.name, kind=Kind.SITE, portal_url=rec.url, hosts=list(rec.hosts),
                          population=rec.population, source=source, portal_note=""),
        )
        stored.append(coll)
    return stored
