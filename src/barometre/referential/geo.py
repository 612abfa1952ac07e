"""Surface and density of the collectivités, from the départements' geometries of the
référentiel (WGS84 GeoJSON): computed here only, for the indicators' context and peer groups."""

from __future__ import annotations

import math


def area_km2(geometry: dict) -> float:
    """Approximate area of a WGS84 polygon (local equirectangular projection per ring)."""
    total = 0.0
    for polygon in ([geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]):
        for i, ring in enumerate(polygon):
            lat0 = math.radians(sum(lat for _, lat in ring) / len(ring))
            kx, ky = 111.32 * math.cos(lat0), 110.57
            pts = [(lon * kx, lat * ky) for lon, lat in ring]
            twice = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True))
            total += abs(twice) / 2 * (1 if i == 0 else -1)  # inner rings are holes
    return total


def density(collectivite) -> float | None:
    """Inhabitants per km² over the collectivité's départements; None without population or shapes."""
    areas = [area_km2(d.geometry) for d in collectivite.departements.all() if d.geometry]
    return collectivite.population / sum(areas) if collectivite.population and areas and sum(areas) else None
