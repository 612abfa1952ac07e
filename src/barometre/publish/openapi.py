"""The OpenAPI 3 description of the read-only JSON API (api.py), kept by hand and checked by
a schemathesis run against the live server (tests/publish/test_api.py)."""

from __future__ import annotations

import copy

from barometre import __version__
from barometre.glossary import THEME_LABELS


def _nullable(kind: str, **extra) -> dict:
    return {"type": kind, "nullable": True, **extra}


def _obj(properties: dict, required: list[str] | None = None, closed: bool = True) -> dict:
    out = {"type": "object", "properties": properties, "required": required or list(properties)}
    if closed:
        out["additionalProperties"] = False
    return out


ANY_OBJECT = {"type": "object"}
STRINGS = {"type": "array", "items": {"type": "string"}}
HEADLINE = {
    "measured": {"type": "boolean"}, "not_measured_reason": _nullable("string"),
    "sdi": _nullable("number", minimum=0, maximum=100), "pqi": _nullable("number", minimum=0, maximum=100),
    "tier": _nullable("string"), "end_to_end": {"type": "integer", "minimum": 0},
    "partial": {"type": "integer", "minimum": 0}, "services_found": {"type": "integer", "minimum": 0},
    "themes_covered": {"type": "integer", "minimum": 0, "maximum": 7},
}
SCHEMAS = {
    "Error": _obj({"error": {"type": "string"}}),
    "Campaign": _obj({"name": {"type": "string"}, "date": {"type": "string", "format": "date"},
                      "method_version": {"type": "string"}, "weights_version": {"type": "string"},
                      "frozen": {"type": "boolean"}, "computed_at": {"type": "string", "format": "date-time"}}),
    "CampaignList": _obj({"campaigns": {"type": "array", "items": {"$ref": "#/components/schemas/Campaign"}}}),
    "National": _obj({
        "campaign": {"$ref": "#/components/schemas/Campaign"},
        "values": _obj({"n_measured": {"type": "integer"}, "survey": ANY_OBJECT, "distributions": ANY_OBJECT},
                       ["n_measured"], closed=False),
        "narrative": {"type": "array", "items": _obj({"text": {"type": "string"}, "figures": ANY_OBJECT})},
    }),
    "CollectiviteSummary": _obj({
        "code": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
        "region_name": _nullable("string"), "population": _nullable("integer", minimum=0), **HEADLINE}),
    "CollectiviteList": _obj({"campaign": {"type": "string"}, "collectivites": {
        "type": "array", "items": {"$ref": "#/components/schemas/CollectiviteSummary"}}}),
    "CollectiviteDetail": _obj({
        "campaign": {"type": "string"},
        "collectivite": _obj({"code": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"},
                              "region_name": _nullable("string"), "population": _nullable("integer", minimum=0),
                              "portal_url": _nullable("string"), "departements": STRINGS}),
        "indicators": _obj({**HEADLINE, "values": ANY_OBJECT, "context": ANY_OBJECT,
                            "weights_version": {"type": "string"}, "method_version": {"type": "string"}}),
    }),
    "Service": _obj({
        "name": {"type": "string"}, "theme": {"type": "string", "enum": list(THEME_LABELS)},
        "level": {"type": "integer", "minimum": 0, "maximum": 4}, "relay": _nullable("string"),
        "platform": _nullable("string"), "catalogue_id": _nullable("string"), "page_url": _nullable("string"),
        "entry_url": _nullable("string"), "urls": STRINGS, "franceconnect": {"type": "boolean"},
        "offline_alternative": {"type": "boolean"},
        "evidence": {"type": "array", "items": _obj({"field": {"type": "string"}, "cue": {"type": "string"},
                                                     "url": _nullable("string")}, ["field", "cue"], closed=False)},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
    }),
    "ServiceList": _obj({"campaign": {"type": "string"}, "collectivite": {"type": "string"},
                         "services": {"type": "array", "items": {"$ref": "#/components/schemas/Service"}}}),
    "Audit": _obj({
        "collectivite": _obj({"code": {"type": "string"}, "name": {"type": "string"}}),
        "campaign": {"type": "string"}, "reference_date": {"type": "string", "format": "date"},
        "method_version": {"type": "string"}, "crawl_status": {"type": "string"}, "home_url": {"type": "string"},
        "accessibility_statement": _obj({"status": _nullable("string"), "rate": _nullable("number"),
                                         "date": _nullable("string"), "url": _nullable("string"),
                                         "evidence": STRINGS}, ["status", "rate", "date", "url", "evidence"],
                                        closed=False),
        "viewport_meta": _nullable("boolean"), "franceconnect": _nullable("boolean"),
        "evidence": _obj({"viewport_meta": STRINGS, "franceconnect": STRINGS, "accessibility_statement": STRINGS}),
        "slow_urls": {"type": "array"}, "broken_links": {"type": "array", "items": ANY_OBJECT},
        "error_urls": {"type": "array", "items": ANY_OBJECT},
        "speed": ANY_OBJECT, "accessibility": ANY_OBJECT, "mobile": ANY_OBJECT, "security": ANY_OBJECT,
        "support": ANY_OBJECT, "completeness": ANY_OBJECT, "browser_pages": {"type": "array"},
        "not_measured": {"type": "array", "items": _obj({"measure": {"type": "string"}, "reason": {"type": "string"}},
                                                        closed=False)},
        "knowledge_versions": ANY_OBJECT, "pages": ANY_OBJECT,
    }, closed=False),
}


def _response(ref: str, description: str, not_found: bool = True) -> dict:
    out = {"200": {"description": description,
                   "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}}
    if not_found:
        out["404"] = {"description": "Campagne non publiée ou collectivité inconnue / non observée",
                      "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return out


def _get(operation_id: str, summary: str, ref: str, params: list[str], extra: list | None = None,
         bad_request: bool = False) -> dict:
    op = {"operationId": operation_id, "summary": summary,
          "parameters": [{"$ref": f"#/components/parameters/{p}"} for p in params] + (extra or []),
          "responses": _response(ref, summary, not_found=bool(params))}
    if bad_request:
        op["responses"]["400"] = {"description": "Filtre invalide",
                                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"get": op}


def spec(example_campaign: str | None = None, example_code: str | None = None) -> dict:
    base = "/api/campaigns/{campaign}"
    params = {
        "campaign": {"name": "campaign", "in": "path", "required": True, "description": "Nom de la campagne",
                     "schema": {"type": "string", "minLength": 1}},
        "code": {"name": "code", "in": "path", "required": True,
                 "description": "Code de la collectivité (6AE) ou d'un de ses départements (68)",
                 "schema": {"type": "string", "minLength": 1}},
    }
    if example_campaign:
        params["campaign"]["example"] = example_campaign
    if example_code:
        params["code"]["example"] = example_code
    filters = [{"name": "theme", "in": "query", "required": False,
                "schema": {"type": "string", "enum": list(THEME_LABELS)}},
               {"name": "level", "in": "query", "required": False,
                "schema": {"type": "integer", "minimum": 0, "maximum": 4}}]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Baromètre — API des indicateurs", "version": __version__,
                 "description": "Lecture seule. Données sous Licence Ouverte 2.0.",
                 "license": {"name": "Licence Ouverte 2.0",
                             "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}},
        "paths": {
            "/api/campaigns": _get("listCampaigns", "Campagnes publiées", "CampaignList", []),
            f"{base}/national": _get("getNational", "Chiffres nationaux d'une campagne", "National", ["campaign"]),
            f"{base}/collectivites": _get("listCollectivites", "Collectivités et indicateurs principaux",
                                          "CollectiviteList", ["campaign"]),
            f"{base}/collectivites/{{code}}": _get("getCollectivite", "Indicateurs d'une collectivité",
                                                   "CollectiviteDetail", ["campaign", "code"]),
            f"{base}/collectivites/{{code}}/services": _get(
                "listServices", "Services d'une collectivité", "ServiceList", ["campaign", "code"], filters,
                bad_request=True),
            f"{base}/collectivites/{{code}}/audit": _get("getAudit", "Audit du portail d'une collectivité",
                                                         "Audit", ["campaign", "code"]),
        },
        "components": {"schemas": copy.deepcopy(SCHEMAS), "parameters": params},
    }
