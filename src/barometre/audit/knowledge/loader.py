"""Load the audit knowledge files (YAML) once, checking their shape with clear errors."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from barometre import glossary

KNOWLEDGE_DIR = Path(__file__).resolve().parent
CRITERION = re.compile(r"^(1[0-3]|[1-9])\.\d{1,2}$")


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or not shaped as its schema says."""


# A schema is a type, a list [item_schema], a dict {key: schema} (keys ending in "?" are optional),
# or {"*": schema} for a mapping with free keys.
STR_LIST = [str]
NUMBER = (int, float)

SCHEMAS: dict[str, Any] = {
    "thresholds.yaml": {
        "version": str,
        "speed": {"source": str, "good_below": NUMBER, "fair_below": NUMBER, "grade_on": str,
                  "slow_cutoff": NUMBER},
        "statement": {"source": str, "validity_years": int},
        "support": {"source": str, "min_channels": int, "human_channels": STR_LIST,
                    "max_evidence": int},
        "mobile": {"min_maximum_scale": NUMBER},
        "browser": {"source": str, "fcp": {"good_below": NUMBER, "poor_above": NUMBER},
                    "lcp": {"good_below": NUMBER, "poor_above": NUMBER},
                    "cls": {"good_below": NUMBER, "poor_above": NUMBER},
                    "phone_width": int, "phone_height": int, "target_min": NUMBER,
                    "target_comfortable": NUMBER, "max_evidence": int},
    },
    "trackers.yaml": {
        "version": str,
        "trackers": [{"id": str, "name": str, "category": str, "hosts": STR_LIST,
                      "patterns": STR_LIST, "exempt_if_configured?": bool, "note?": str}],
    },
    "rgaa.yaml": {
        "version": str, "referential": str, "total_criteria": int, "note": str,
        "static_checks": {"*": {"criteria": STR_LIST, "title": str}},
        "axe_rules": {"*": STR_LIST},
    },
    "cues.yaml": {
        "version": str,
        "generic_link_texts": STR_LIST,
        "statement": {"*": STR_LIST, "status_phrases": {"*": STR_LIST}},
        "support": {"*": STR_LIST},
        "sample": {"*": STR_LIST},
    },
}
TRACKER_CATEGORIES = {"analytics", "tag_manager", "advertising", "social", "session_replay",
                      "video", "audience_measurement", "consent"}


def _type_name(schema: Any) -> str:
    if isinstance(schema, tuple):
        return " or ".join(t.__name__ for t in schema)
    return schema.__name__


def validate(data: Any, schema: Any, where: str) -> None:
    """Raise KnowledgeError naming the first place where `data` does not follow `schema`."""
    if isinstance(schema, list):
        if not isinstance(data, list):
            raise KnowledgeError(f"{where}: expected a list, got {type(data).__name__}")
        for i, item in enumerate(data):
            validate(item, schema[0], f"{where}[{i}]")
    elif isinstance(schema, dict):
        if not isinstance(data, dict):
            raise KnowledgeError(f"{where}: expected a mapping, got {type(data).__name__}")
        fixed = {k.rstrip("?"): v for k, v in schema.items() if k != "*"}
        for key in schema:
            if key != "*" and not key.endswith("?") and key not in data:
                raise KnowledgeError(f"{where}: missing key '{key}'")
        for key, value in data.items():
            if key in fixed:
                validate(value, fixed[key], f"{where}.{key}")
            elif "*" in schema:
                validate(value, schema["*"], f"{where}.{key}")
            else:
                raise KnowledgeError(f"{where}: unknown key '{key}' (allowed: {sorted(fixed)})")
    elif isinstance(data, bool) and schema is not bool:
        raise KnowledgeError(f"{where}: expected {_type_name(schema)}, got bool")
    elif not isinstance(data, schema):
        raise KnowledgeError(f"{where}: expected {_type_name(schema)}, got {type(data).__name__}")


def _check_semantics(name: str, data: dict) -> None:
    if name == "cues.yaml":
        try:
            glossary.check_ids(data["statement"]["status_phrases"], glossary.STATEMENT_STATUSES, name,
                               "statement.status_phrases", ordered=True)
        except glossary.GlossaryError as exc:
            raise KnowledgeError(str(exc)) from None
    elif name == "thresholds.yaml":
        speed = data["speed"]
        if not 0 < speed["good_below"] < speed["fair_below"]:
            raise KnowledgeError(f"{name}: speed.good_below must be > 0 and < speed.fair_below")
        if speed["grade_on"] not in ("median", "p90"):
            raise KnowledgeError(f"{name}: speed.grade_on must be 'median' or 'p90'")
    elif name == "trackers.yaml":
        seen: set[str] = set()
        for i, tracker in enumerate(data["trackers"]):
            if tracker["category"] not in TRACKER_CATEGORIES:
                raise KnowledgeError(f"{name}: trackers[{i}].category '{tracker['category']}' "
                                     f"not in {sorted(TRACKER_CATEGORIES)}")
            if tracker["id"] in seen:
                raise KnowledgeError(f"{name}: trackers[{i}].id '{tracker['id']}' is duplicated")
            seen.add(tracker["id"])
    elif name == "rgaa.yaml":
        lists = [(f"static_checks.{k}", v["criteria"]) for k, v in data["static_checks"].items()]
        lists += [(f"axe_rules.{k}", v) for k, v in data["axe_rules"].items()]
        for where, criteria in lists:
            for criterion in criteria:
                if not CRITERION.match(criterion):
                    raise KnowledgeError(f"{name}: {where}: '{criterion}' is not an RGAA "
                                         "criterion number like '8.3'")


def load(name: str, directory: Path | None = None) -> dict:
    """Read and validate one knowledge file; `directory` lets tests point at other files."""
    return _load(name, str(directory or KNOWLEDGE_DIR))


@lru_cache(maxsize=32)
def _load(name: str, directory: str) -> dict:
    if name not in SCHEMAS:
        raise KnowledgeError(f"{name}: unknown knowledge file (known: {sorted(SCHEMAS)})")
    path = Path(directory) / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: invalid YAML: {exc}") from exc
    validate(data, SCHEMAS[name], name)
    _check_semantics(name, data)
    return data


def thresholds() -> dict:
    return load("thresholds.yaml")


def trackers() -> list[dict]:
    return load("trackers.yaml")["trackers"]


def cues() -> dict:
    return load("cues.yaml")


def franceconnect() -> dict:
    """FranceConnect's hosts, text and class cues: the detection knowledge owns them
    (detect/knowledge/platforms.yaml), so a service and its portal are judged by one list."""
    from barometre.detect.core.knowledge import load_knowledge

    return {k: list(v) for k, v in load_knowledge().franceconnect.items()}


def rgaa() -> dict:
    return load("rgaa.yaml")


def rgaa_touched_criteria(mapping: dict | None = None) -> list[str]:
    """The RGAA criteria that at least one static check or axe-core rule touches, sorted."""
    mapping = mapping or rgaa()
    touched = {c for check in mapping["static_checks"].values() for c in check["criteria"]}
    touched |= {c for criteria in mapping["axe_rules"].values() for c in criteria}
    return sorted(touched, key=lambda c: tuple(int(p) for p in c.split(".")))


def rgaa_coverage() -> dict:
    """How many of the RGAA criteria automated checks reach: {touched, total, criteria, note}."""
    mapping = rgaa()
    touched = rgaa_touched_criteria(mapping)
    return {"touched": len(touched), "total": mapping["total_criteria"], "criteria": touched,
            "note": mapping["note"]}


def axe_rule_criteria(rule_id: str) -> list[str]:
    """RGAA 4.1 criteria an axe-core rule touches ([] for a rule the mapping does not know)."""
    return list(rgaa()["axe_rules"].get(rule_id, []))
