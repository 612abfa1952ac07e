"""The glossary (glossary.yaml): the one owner of the vocabularies every stage shares.

Themes, levels, tiers, accessibility statement statuses, relays, platforms, contact channels
and speed grades: their ids, order, French labels and colours. Loaded once at import and checked
(unique ids, non-empty labels, levels 0 to 4, colours); a broken file stops every command with a
message naming the file and the entry. Other knowledge files are checked against it (see
`check_ids`), never the reverse.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

import yaml

PATH = Path(__file__).resolve().parent / "glossary.yaml"
_COLOUR = re.compile(r"^#[0-9a-f]{6}$")
_LISTS = {  # section -> the keys every entry must have (the first is its id)
    "themes": ("id", "label", "phrase"), "levels": ("id", "label", "description"),
    "tiers": ("label", "colour"), "statement_statuses": ("id", "label"), "relays": ("id", "label"),
    "platforms": ("id", "label"), "contact_channels": ("id", "label"), "speed_grades": ("id", "label"),
}


class GlossaryError(ValueError):
    """The glossary, or a file checked against it, disagrees with what it must hold."""


def _load(path: Path = PATH) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GlossaryError(f"{path.name}: {exc}") from None
    if not isinstance(data, dict) or not data.get("version"):
        raise GlossaryError(f"{path.name}: a mapping with a version is expected")
    for section, keys in _LISTS.items():
        entries = data.get(section)
        if not isinstance(entries, list) or not entries:
            raise GlossaryError(f"{path.name}: {section}: a non-empty list is expected")
        seen = set()
        for n, entry in enumerate(entries, 1):
            where = f"{path.name}: {section}[{n}]"
            if not isinstance(entry, dict) or set(entry) != set(keys):
                raise GlossaryError(f"{where}: expected exactly the keys {', '.join(keys)}")
            if any(isinstance(entry[k], str) and not entry[k].strip() for k in keys):
                raise GlossaryError(f"{where}: empty value")
            if entry[keys[0]] in seen:
                raise GlossaryError(f"{where}: duplicate {keys[0]} {entry[keys[0]]!r}")
            seen.add(entry[keys[0]])
            if "colour" in entry and not _COLOUR.match(str(entry["colour"])):
                raise GlossaryError(f"{where}: colour must be #rrggbb (lower case), not {entry['colour']!r}")
    if [e["id"] for e in data["levels"]] != [0, 1, 2, 3, 4]:
        raise GlossaryError(f"{path.name}: levels must be 0 to 4, in order")
    other = data.get("other_theme") or {}
    if set(other) != {"id", "label", "phrase"} or other["id"] in {t["id"] for t in data["themes"]}:
        raise GlossaryError(f"{path.name}: other_theme needs an id (not one of the themes), a label and a phrase")
    return data


_DATA = _load()

VERSION: str = _DATA["version"]
THEMES: tuple[str, ...] = tuple(t["id"] for t in _DATA["themes"])  # the seven, in the survey's order
OTHER_THEME: str = _DATA["other_theme"]["id"]
THEME_IDS: tuple[str, ...] = (*THEMES, OTHER_THEME)  # what a service's theme may be
THEME_LABELS = MappingProxyType({t["id"]: t["label"] for t in (*_DATA["themes"], _DATA["other_theme"])})
THEME_PHRASES = MappingProxyType({t["id"]: t["phrase"] for t in (*_DATA["themes"], _DATA["other_theme"])})
LEVELS: tuple[int, ...] = tuple(e["id"] for e in _DATA["levels"])
LEVEL_LABELS = MappingProxyType({e["id"]: e["label"] for e in _DATA["levels"]})
LEVEL_DESCRIPTIONS = MappingProxyType({e["id"]: e["description"] for e in _DATA["levels"]})
TIERS: tuple[str, ...] = tuple(e["label"] for e in _DATA["tiers"])  # best first
TIER_COLOURS = MappingProxyType({e["label"]: e["colour"] for e in _DATA["tiers"]})
STATEMENT_STATUSES: tuple[str, ...] = tuple(e["id"] for e in _DATA["statement_statuses"])
STATEMENT_STATUS_LABELS = MappingProxyType({e["id"]: e["label"] for e in _DATA["statement_statuses"]})
RELAYS: tuple[str, ...] = tuple(e["id"] for e in _DATA["relays"])
RELAY_LABELS = MappingProxyType({e["id"]: e["label"] for e in _DATA["relays"]})
PLATFORMS: tuple[str, ...] = tuple(e["id"] for e in _DATA["platforms"])
PLATFORM_LABELS = MappingProxyType({e["id"]: e["label"] for e in _DATA["platforms"]})
CONTACT_CHANNELS: tuple[str, ...] = tuple(e["id"] for e in _DATA["contact_channels"])
CONTACT_CHANNEL_LABELS = MappingProxyType({e["id"]: e["label"] for e in _DATA["contact_channels"]})
SPEED_GRADES: tuple[str, ...] = tuple(e["id"] for e in _DATA["speed_grades"])
SPEED_GRADE_LABELS = MappingProxyType({e["id"]: e["label"] for e in _DATA["speed_grades"]})
PQI_DIMENSIONS: tuple[str, ...] = tuple(e["id"] for e in _DATA["pqi_dimensions"])
PQI_DIMENSION_LABELS = MappingProxyType({e["id"]: e["label"] for e in _DATA["pqi_dimensions"]})


def check_ids(found, expected, where: str, what: str, *, ordered: bool = False) -> None:
    """Raise GlossaryError unless `found` holds exactly the glossary's `expected` ids (in its
    order when `ordered`): how a knowledge file proves it follows the glossary."""
    found = list(found)
    if ordered and found != list(expected):
        raise GlossaryError(f"{where}: {what} must be the glossary's, in its order: "
                            f"{', '.join(map(str, expected))} (found {', '.join(map(str, found))})")
    if set(found) != set(expected):
        missing, extra = set(expected) - set(found), set(found) - set(expected)
        detail = "; ".join(part for part in (
            f"missing {', '.join(sorted(map(str, missing)))}" if missing else "",
            f"not in the glossary {', '.join(sorted(map(str, extra)))}" if extra else "") if part)
        raise GlossaryError(f"{where}: {what} disagree with the glossary ({detail})")
