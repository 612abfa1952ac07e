"""The weights file, loaded once and checked."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from barometre import glossary

DEFAULT = Path(__file__).resolve().parents[1] / "knowledge" / "weights.yaml"
REQUIRED = ("version", "ladder", "theme_covered_level", "end_to_end_bins", "sdi", "pqi",
            "relay_losi_level", "tiers", "population_bands", "urban_density", "divide_risk", "residual_sd",
            "bootstrap", "speed_grades", "statement_status", "pqi_parts",
            "statement_expired_factor", "axe_serious_per_page_zero")


class WeightsError(ValueError):
    pass


@lru_cache(maxsize=4)
def load(path: Path | str = DEFAULT) -> dict:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WeightsError(f"{path}: {exc}") from None
    missing = [k for k in REQUIRED if k not in (data or {})]
    if missing:
        raise WeightsError(f"{path.name}: missing key(s) {', '.join(missing)}")
    data["ladder"] = {int(k): float(v) for k, v in data["ladder"].items()}
    if sorted(data["ladder"]) != [0, 1, 2, 3, 4]:
        raise WeightsError(f"{path.name}: ladder must score levels 0 to 4")
    for block in ("sdi", "pqi"):
        total = sum(data[block].values())
        if abs(total - 1) > 1e-6:
            raise WeightsError(f"{path.name}: {block} weights sum to {total}, expected 1")
    if "themes" in data:
        raise WeightsError(f"{path.name}: themes are the glossary's (barometre/glossary.yaml), not the weights'")
    data["themes"] = glossary.THEMES
    try:
        glossary.check_ids(data["statement_status"], glossary.STATEMENT_STATUSES, path.name, "statement_status")
        glossary.check_ids(data["speed_grades"], glossary.SPEED_GRADES, path.name, "speed_grades")
        glossary.check_ids(data["pqi"], glossary.PQI_DIMENSIONS, path.name, "pqi")
        glossary.check_ids([t.get("label") for t in data["tiers"]], glossary.TIERS, path.name, "tiers", ordered=True)
    except glossary.GlossaryError as exc:
        raise WeightsError(str(exc)) from None
    return data
