"""An SVG choropleth of the collectivités, with the overseas départements in insets.

Pure geometry: GeoJSON (WGS84) in, SVG path data out. Metropolitan France uses an
equirectangular projection scaled by cos(46.5°); each overseas département gets its own box.
"""

from __future__ import annotations

import math

WIDTH, HEIGHT = 600, 640
MAIN_BOX = (150, 10, 590, 560)       # x0, y0, x1, y1 for metropolitan France
INSET_SIZE = 84
INSETS = ["971", "972", "973", "974", "976"]   # left column, top to bottom
LAT0 = math.radians(46.5)


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def _project(lon: float, lat: float, cos_lat: float) -> tuple[float, float]:
    return lon * cos_lat, -lat


def _bbox(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _fit(bbox, box):
    x0, y0, x1, y1 = bbox
    bx0, by0, bx1, by1 = box
    scale = min((bx1 - bx0) / (x1 - x0 or 1), (by1 - by0) / (y1 - y0 or 1))
    ox = bx0 + ((bx1 - bx0) - (x1 - x0) * scale) / 2
    oy = by0 + ((by1 - by0) - (y1 - y0) * scale) / 2
    return lambda x, y: (ox + (x - x0) * scale, oy + (y - y0) * scale)


def _path(rings, transform) -> str:
    parts = []
    for ring in rings:
        pts = [transform(x, y) for x, y in ring]
        if len(pts) < 3:
            continue
        parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def inset_boxes() -> dict[str, tuple[float, float, float, float]]:
    boxes = {}
    for i, code in enumerate(INSETS):
        y0 = 20 + i * (INSET_SIZE + 26)
        boxes[code] = (12, y0, 12 + INSET_SIZE, y0 + INSET_SIZE)
    return boxes


def layout(geometries: dict[str, dict]) -> dict[str, str]:
    """Département code → SVG path data, metropolitan France and insets placed."""
    projected = {}
    for code, geometry in geometries.items():
        if geometry is None:
            continue
        cos_lat = math.cos(LAT0) if code not in INSETS else math.cos(math.radians(abs(_centre_lat(geometry))))
        projected[code] = [[_project(lon, lat, cos_lat) for lon, lat in ring] for ring in _rings(geometry)]
    metro = [p for code, rings in projected.items() if code not in INSETS for ring in rings for p in ring]
    paths = {}
    if metro:
        to_main = _fit(_bbox(metro), MAIN_BOX)
        for code, rings in projected.items():
            if code not in INSETS:
                paths[code] = _path(rings, to_main)
    for code, box in inset_boxes().items():
        if code in projected:
            pts = [p for ring in projected[code] for p in ring]
            paths[code] = _path(projected[code], _fit(_bbox(pts), box))
    return paths


def _centre_lat(geometry: dict) -> float:
    lats = [lat for ring in _rings(geometry) for _, lat in ring]
    return (min(lats) + max(lats)) / 2
