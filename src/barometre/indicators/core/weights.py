"""The weights file, loaded once and checked."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DEFAULT = Path(__file__).resolve().parents[1] / "knowledge" / "weights.yaml"
REQUIRED = ("version", "themes", "ladder", "theme_covered_level", "end_to_end_bins", "sdi", "pqi",
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
    statuses = set(statement_statuses())
    if set(data["statement_status"]) != statuses:
        raise WeightsError(f"{path.name}: statement_status must weigh exactly the audit's statuses "
                           f"{sorted(statuses)}, not {sorted(data['statement_status'])}")
    return data


def statement_statuses() -> tuple[str, ...]:
    """The accessibility statement statuses the audit emits (its knowledge owns them)."""
    from barometre.audit.knowledge.loader import cues

    return tuple(cues()["statement"]["status_phrases"])
