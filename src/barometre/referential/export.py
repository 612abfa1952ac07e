"""The référentiel as plain rows, for `referential export` and the open data."""

from __future__ import annotations

import csv
import io
import json

from .models import Collectivite, ContextKind

COLUMNS = ["code", "name", "kind", "departements", "region_code", "region_name", "zone",
           "population", "portal_url", "portal_note", "hosts", "operating_revenue",
           "operating_revenue_year", "operating_revenue_per_inhabitant", "digital_fragility"]


def rows(queryset=None, geometry: bool = False) -> list[dict]:
    queryset = queryset if queryset is not None else Collectivite.objects.all()
    out = []
    for c in queryset.prefetch_related("departements", "context"):
        revenue = _latest(c, ContextKind.OPERATING_REVENUE)
        fragility = _latest(c, ContextKind.DIGITAL_FRAGILITY)
        row = {
            "code": c.code, "name": c.name, "kind": c.kind,
            "departements": [d.code for d in c.departements.all()],
            "region_code": c.region_code, "region_name": c.region_name, "zone": c.zone,
            "population": c.population, "portal_url": c.portal_url, "portal_note": c.portal_note,
            "hosts": list(c.hosts),
            "operating_revenue": revenue.value if revenue else None,
            "operating_revenue_year": revenue.year if revenue else None,
            "operating_revenue_per_inhabitant": revenue.per_inhabitant if revenue else None,
            "digital_fragility": fragility.value if fragility else None,
        }
        if geometry:
            row["geometry"] = [d.geometry for d in c.departements.all()]
        out.append(row)
    return out


def _latest(coll, kind):
    values = [v for v in coll.context.all() if v.kind == kind]
    return max(values, key=lambda v: v.year or 0) if values else None


def to_csv(data: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in data:
        flat = {k: row[k] for k in COLUMNS}
        flat["departements"] = " ".join(row["departements"])
        flat["hosts"] = " ".join(row["hosts"])
        writer.writerow(flat)
    return buf.getvalue()


def to_json(data: list[dict]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
