"""The national map: one SVG area per collectivité (its départements' paths), coloured by tier
or by an indicator's classes. The projected paths are computed once per référentiel."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from html import escape

from django.db.models import Count, Max

from barometre.glossary import TIER_COLOURS, TIERS
from barometre.referential.models import Departement
from barometre.typography import number, sort_key

from . import map as geo
from .labels import CLASS_COLOURS, INDICATORS, NOT_MEASURED_COLOUR, NOT_OBSERVED_COLOUR

INSET_NAMES = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
               "976": "Mayotte"}
_lock = threading.Lock()
_cache: dict[str, object] = {}


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    d: str


def areas() -> dict[str, Area]:
    """Collectivité code → its area on the map (computed once per référentiel version)."""
    version = str(Departement.objects.aggregate(n=Count("id"), m=Max("id")))
    with _lock:
        if _cache.get("version") != version:
            deps = list(Departement.objects.select_related("collectivite").order_by("code"))
            paths = geo.layout({d.code: d.geometry for d in deps if d.geometry})
            by_coll: dict[str, list[str]] = {}
            names: dict[str, str] = {}
            for d in deps:
                if d.code in paths:
                    by_coll.setdefault(d.collectivite.code, []).append(paths[d.code])
                    names[d.collectivite.code] = d.collectivite.name
            _cache["areas"] = {code: Area(code, names[code], "".join(ds)) for code, ds in by_coll.items()}
            _cache["version"] = version
        return _cache["areas"]  # type: ignore[return-value]


def classify(value, classes) -> int | None:
    """Index of the first class (label, min, max) holding the value; max is exclusive."""
    if value is None:
        return None
    for i, (_, low, high) in enumerate(classes):
        if (low is None or value >= low) and (high is None or value < high):
            return i
    return None


def legend_and_fill(rows: list[dict], indicator: str | None):
    """(legend entries, {code: (fill, class label)}) for the rows of a campaign."""
    if indicator in INDICATORS:
        labels = [c[0] for c in INDICATORS[indicator]["classes"]]
        index = {r["code"]: classify(r[indicator], INDICATORS[indicator]["classes"]) if r["measured"] else None
                 for r in rows}
        colours = CLASS_COLOURS[:len(labels)] if len(labels) == len(CLASS_COLOURS) else \
            (CLASS_COLOURS[0], CLASS_COLOURS[1], CLASS_COLOURS[2], CLASS_COLOURS[4])
    else:  # tiers, in the glossary's colours
        labels = list(TIERS)
        index = {r["code"]: (TIERS.index(r["tier"]) if r["tier"] in TIERS else None) for r in rows}
        colours = tuple(TIER_COLOURS[t] for t in TIERS)
    fills = {}
    counts = [0] * len(labels)
    not_measured = 0
    for r in rows:
        i = index[r["code"]]
        if i is None:
            fills[r["code"]] = (NOT_MEASURED_COLOUR, "non mesuré")
            not_measured += 1
        else:
            fills[r["code"]] = (colours[i], labels[i])
            counts[i] += 1
    legend = [{"label": label, "colour": colours[i], "count": counts[i]} for i, label in enumerate(labels)]
    legend.append({"label": "non mesuré", "colour": NOT_MEASURED_COLOUR, "count": not_measured})
    return legend, fills


def build(rows: list[dict], indicator: str | None, href) -> dict:
    """Everything the map template draws; `href(code)` links an area to its profile."""
    shapes = areas()
    legend, fills = legend_and_fill(rows, indicator)
    by_code = {r["code"]: r for r in rows}
    drawn = []
    for code, area in sorted(shapes.items(), key=lambda kv: sort_key(kv[1].name)):
        row = by_code.get(code)
        if row is None:
            fill, label = NOT_OBSERVED_COLOUR, "non observée dans cette campagne"
        else:
            fill, label = fills[code]
            if indicator in INDICATORS and row["measured"]:
                label = f"{number(row[indicator], 1 if indicator in ('sdi', 'pqi') else 0)} ({label})"
        drawn.append({"code": code, "d": area.d, "fill": fill, "href": href(code),
                      "label": f"{area.name} ({code})\u00a0: {label}"})
    if any(code not in by_code for code in shapes):
        legend.append({"label": "non observée", "colour": NOT_OBSERVED_COLOUR,
                       "count": sum(1 for code in shapes if code not in by_code)})
    insets = [{"x": x0, "y": y0, "w": x1 - x0, "h": y1 - y0, "label": INSET_NAMES.get(code, code)}
              for code, (x0, y0, x1, y1) in geo.inset_boxes().items()]
    off_map = [r for r in rows if r["code"] not in shapes]
    return {"width": geo.WIDTH, "height": geo.HEIGHT, "areas": drawn, "legend": legend, "insets": insets,
            "off_map": off_map}


def svg(drawn: dict, title: str) -> str:
    """The map `build` gives as a stand-alone SVG (the report's PDF): each area titled with its
    label, the insets framed and named; the legend is drawn beside it from `drawn["legend"]`."""
    width, height = drawn["width"], drawn["height"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
           f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>']
    light = {NOT_OBSERVED_COLOUR, CLASS_COLOURS[-1], TIER_COLOURS[TIERS[-1]]}  # outlined, as on the dashboard
    for area in drawn["areas"]:
        d, fill, label = area["d"], area["fill"], escape(area["label"])
        stroke = "#666666" if fill in light else "#ffffff"
        out.append(f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="0.6"><title>{label}</title></path>')
    for inset in drawn["insets"]:
        x, y, w, h, name = inset["x"], inset["y"], inset["w"], inset["h"], escape(inset["label"])
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" stroke="#929292" stroke-width="0.6"/>'
                   f'<text x="{x}" y="{y + h + 11}" font-size="9">{name}</text>')
    out.append("</svg>")
    return "".join(out)
