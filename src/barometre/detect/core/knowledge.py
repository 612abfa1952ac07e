"""Load and validate the detection knowledge (versioned YAML files), once.

Knowledge is data: improving detection means editing ``detect/knowledge/*.yaml``.
Every file carries a ``version``; a schema check at load names the file and the
entry at fault so that a bad edit fails loudly instead of silently degrading.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from barometre import glossary

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"

THEMES = glossary.THEME_IDS  # what a service's theme may be: the seven and "autre"
RELAYS = glossary.RELAYS
PLATFORMS = glossary.PLATFORMS
LEVELS = glossary.LEVELS[1:]  # a detected service is at least information
# core: a legal competence every Département exercises; shared: optional (culture, sport,
# tourism, economic support...); regional: moved to the Régions (loi NOTRe).
SCOPES = ("core", "shared", "regional")
FILES = ("catalogue", "themes", "relays", "platforms", "cues", "page_kinds")
PAGE_KIND_MATCHES = ("title_exact", "title_start", "title_any", "url_segment", "fields", "contact_fields",
                     "entry_titles")


class KnowledgeError(ValueError):
    """A knowledge file is missing, unreadable or does not follow its schema."""


@dataclass(frozen=True)
class CatalogueEntry:
    id: str
    label: str
    theme: str
    synonyms: tuple[str, ...]
    competence: str | None = None
    default_relay: str | None = None
    scope: str = "core"  # core: every Département must offer it (level 0 when absent)


@dataclass(frozen=True, eq=False)  # identity hash: used as a cache key
class Knowledge:
    versions: MappingProxyType
    catalogue: tuple[CatalogueEntry, ...]
    theme_keywords: MappingProxyType  # theme -> {keyword: weight}
    relay_hosts: MappingProxyType  # host or registrable domain -> relay
    relay_text_cues: MappingProxyType  # relay -> (cue, ...)
    platforms: MappingProxyType  # platform -> {fingerprint kind: (pattern, ...)}
    franceconnect: MappingProxyType  # {"hosts": (...), "text_cues": (...), "class_cues": (...)}
    cues: MappingProxyType  # group -> (cue, ...) ; level groups are "level_1".."level_4"
    teleservice_links: MappingProxyType  # {"host_starts", "domain_label_ends", "url_paths", "query_cues"}
    page_kinds: MappingProxyType  # kind -> {match: (cue, ...), min_fields, max_chars}


class _Checker:
    def __init__(self, filename: str):
        self.filename = filename

    def fail(self, where: str, message: str) -> KnowledgeError:
        return KnowledgeError(f"{self.filename}: {where}: {message}")

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        return value

    def strings(self, value: Any, where: str, allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(where, "expected a list of non-empty strings")
        if not value and not allow_empty:
            raise self.fail(where, "list must not be empty")
        return tuple(value)

    def text(self, entry: dict, key: str, where: str, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"missing or empty field '{key}'")
        return value

    def member(self, value: Any, allowed: tuple, where: str, what: str) -> None:
        if value not in allowed:
            raise self.fail(where, f"unknown {what} {value!r} (allowed: {', '.join(map(str, allowed))})")


def _read(directory: Path, name: str) -> tuple[dict, _Checker]:
    path = directory / f"{name}.yaml"
    check = _Checker(path.name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"{path.name}: file not found in {directory}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path.name}: invalid YAML: {exc}") from exc
    data = check.mapping(data, "top level")
    if "version" not in data or not isinstance(data["version"], (str, int, float)):
        raise check.fail("top level", "missing field 'version'")
    return data, check


def _catalogue(data: dict, check: _Checker) -> tuple[CatalogueEntry, ...]:
    services = data.get("services")
    if not isinstance(services, list) or not services:
        raise check.fail("top level", "missing list 'services'")
    seen: set[str] = set()
    entries = []
    for index, raw in enumerate(services):
        where = f"entry #{index + 1}"
        raw = check.mapping(raw, where)
        sid = check.text(raw, "id", where)
        where = f"entry '{sid}'"
        if sid in seen:
            raise check.fail(where, "duplicate id")
        seen.add(sid)
        label = check.text(raw, "label", where)
        theme = check.text(raw, "theme", where)
        check.member(theme, THEMES, where, "theme")
        if "synonyms" not in raw:
            raise check.fail(where, "missing field 'synonyms'")
        synonyms = check.strings(raw["synonyms"], f"{where} synonyms")
        relay = raw.get("default_relay")
        if relay is not None:
            check.member(relay, RELAYS, where, "default_relay")
        scope = raw.get("scope", "core")
        check.member(scope, SCOPES, where, "scope")
        unknown = set(raw) - {"id", "label", "theme", "synonyms", "competence", "default_relay", "scope"}
        if unknown:
            raise check.fail(where, f"unknown field(s) {sorted(unknown)}")
        competence = check.text(raw, "competence", where, required=False)
        entries.append(CatalogueEntry(sid, label, theme, synonyms, competence, relay, scope))
    return tuple(entries)


def _themes(data: dict, check: _Checker) -> dict[str, dict[str, float]]:
    themes = check.mapping(data.get("themes"), "themes")
    out = {}
    for theme, spec in themes.items():
        where = f"theme '{theme}'"
        check.member(theme, THEMES, where, "theme")
        keywords = check.mapping(check.mapping(spec, where).get("keywords"), f"{where} keywords")
        for kw, weight in keywords.items():
            if not isinstance(kw, str) or not isinstance(weight, (int, float)) or weight <= 0:
                raise check.fail(where, f"keyword {kw!r} needs a positive numeric weight")
        out[theme] = dict(keywords)
    return out


def _relays(data: dict, check: _Checker) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    relays = check.mapping(data.get("relays"), "relays")
    hosts: dict[str, str] = {}
    cues: dict[str, tuple[str, ...]] = {}
    for relay, spec in relays.items():
        where = f"relay '{relay}'"
        check.member(relay, RELAYS, where, "relay")
        spec = check.mapping(spec, where)
        for host in check.strings(spec.get("hosts"), f"{where} hosts"):
            hosts[host.lower()] = relay
        cues[relay] = check.strings(spec.get("text_cues", []), f"{where} text_cues", True)
    sample = check.mapping(data.get("sample_web", {}), "sample_web")
    for host, relay in sample.items():
        check.member(relay, RELAYS, f"sample_web host '{host}'", "relay")
        hosts[str(host).lower()] = relay
    return hosts, cues


_PLATFORM_KINDS = ("hosts", "host_prefixes", "url_paths", "generators", "asset_paths", "html_cues", "text_cues")


def _platforms(data: dict, check: _Checker) -> tuple[dict, dict, dict]:
    platforms = check.mapping(data.get("platforms"), "platforms")
    out = {}
    for platform, spec in platforms.items():
        where = f"platform '{platform}'"
        check.member(platform, PLATFORMS, where, "platform")
        spec = check.mapping(spec, where)
        unknown = set(spec) - set(_PLATFORM_KINDS) - {"label"}
        if unknown:
            raise check.fail(where, f"unknown fingerprint kind(s) {sorted(unknown)}")
        out[platform] = {k: check.strings(spec.get(k, []), f"{where} {k}", True) for k in _PLATFORM_KINDS}
    sample = check.mapping(data.get("sample_web", {}), "sample_web")
    for platform, hosts in sample.items():
        check.member(platform, PLATFORMS, f"sample_web '{platform}'", "platform")
        extra = check.strings(hosts, f"sample_web '{platform}'")
        out[platform]["hosts"] = out[platform]["hosts"] + extra
    fc = check.mapping(data.get("franceconnect"), "franceconnect")
    fc_out = {k: check.strings(fc.get(k), f"franceconnect {k}") for k in ("hosts", "text_cues", "class_cues")}
    tl = check.mapping(data.get("teleservice_links"), "teleservice_links")
    tl_out = {k: tuple(v.lower() for v in check.strings(tl.get(k), f"teleservice_links {k}"))
              for k in ("host_starts", "domain_label_ends", "url_paths", "query_cues")}
    return out, fc_out, tl_out


def _cues(data: dict, check: _Checker) -> dict[str, tuple[str, ...]]:
    out = {}
    levels = check.mapping(data.get("levels"), "levels")
    for level in LEVELS:
        if level not in levels and str(level) not in levels:
            raise check.fail("levels", f"missing level {level}")
    for level, cues in levels.items():
        check.member(int(level), LEVELS, f"levels '{level}'", "level")
        out[f"level_{int(level)}"] = check.strings(cues, f"levels '{level}'")
    for group in ("offline_documents", "offline_alternative", "service_page", "non_service_page", "non_service_title",
                  "online_form", "online_documents", "online_follow_up", "service_url", "non_service_url",
                  "form_documents", "related_block", "offline_procedure", "sub_page_title", "news_pointer"):
        out[group] = check.strings(data.get(group), group)
    return out


def _page_kinds(data: dict, check: _Checker) -> dict[str, dict]:
    out = {}
    for kind, spec in check.mapping(data.get("kinds"), "kinds").items():
        where = f"kind '{kind}'"
        spec = check.mapping(spec, where)
        for key in spec:
            if key not in (*PAGE_KIND_MATCHES, "min_score", "max_chars"):
                raise check.fail(where, f"unknown field {key!r} (allowed: {', '.join(PAGE_KIND_MATCHES)}, "
                                        "min_score, max_chars)")
        entry = {m: check.strings(spec[m], f"{where} {m}") for m in PAGE_KIND_MATCHES if m in spec}
        if "fields" in entry:
            for key in ("min_score", "max_chars"):
                if not isinstance(spec.get(key), int) or spec[key] < 1:
                    raise check.fail(where, f"{key} must be a positive integer")
                entry[key] = spec[key]
        out[kind] = entry
    return out


def _frozen(mapping: dict) -> MappingProxyType:
    return MappingProxyType({k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in mapping.items()})


def load_knowledge_from(directory: Path | str) -> Knowledge:
    """Read and validate all knowledge files of a directory (uncached; for tests and tools)."""
    directory = Path(directory)
    raw = {name: _read(directory, name) for name in FILES}
    versions = {f"{name}.yaml": str(data["version"]) for name, (data, _) in raw.items()}
    catalogue = _catalogue(*raw["catalogue"])
    themes = _themes(*raw["themes"])
    relay_hosts, relay_cues = _relays(*raw["relays"])
    platforms, fc, teleservice_links = _platforms(*raw["platforms"])
    cues = _cues(*raw["cues"])
    page_kinds = _page_kinds(*raw["page_kinds"])
    for entry in catalogue:
        if entry.theme not in themes and entry.theme != "autre":
            raise KnowledgeError(f"catalogue.yaml: entry '{entry.id}': theme {entry.theme!r} has no keywords in themes.yaml")
    return Knowledge(
        versions=MappingProxyType(versions),
        catalogue=catalogue,
        theme_keywords=_frozen(themes),
        relay_hosts=MappingProxyType(relay_hosts),
        relay_text_cues=MappingProxyType(relay_cues),
        platforms=_frozen(platforms),
        franceconnect=MappingProxyType(fc),
        teleservice_links=MappingProxyType(teleservice_links),
        cues=MappingProxyType(cues),
        page_kinds=_frozen(page_kinds),
    )


@lru_cache(maxsize=4)
def load_knowledge(directory: str | None = None) -> Knowledge:
    """The knowledge shipped with the package (or another directory), loaded once."""
    return load_knowledge_from(directory or KNOWLEDGE_DIR)
