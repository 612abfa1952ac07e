"""Score an inventory against ground truth (the sample web's truth.json, or any labelled list).

A detected service matches a truth service when their URL sets overlap; the matching is
one-to-one (largest overlaps first), so a service detected twice counts once as right and
once as a false positive, and two truth services merged into one count one miss.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

FIELDS = ("theme", "level", "relay")


def truth_normaliser(tracking: Iterable[str] = (), variants: Mapping[str, str] | None = None
                     ) -> Callable[[str], str]:
    """The URL normalisation of a truth file: lower-case host, http, no fragment, no ``;param``
    path segment, no tracking parameter, sorted query, then duplicate → canonical URL."""
    drop = {t.lower() for t in tracking}
    variants = dict(variants or {})

    def normalise(url: str) -> str:
        parts = urlsplit(url.strip())
        path = "/".join(seg.split(";", 1)[0] for seg in parts.path.split("/")) or "/"
        query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if k.lower() not in drop)
        plain = urlunsplit(("http", (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else ""),
                            path, urlencode(query), ""))
        return variants.get(plain, plain)

    return normalise


def load_truth(data: Mapping[str, Any]) -> tuple[dict[str, Any], Callable[[str], str]]:
    """Either truth schema as ``{"collectivites": [{code, reachable, services}]}`` with a URL
    normaliser: the sample web's own, or the evaluation-web schema (``sites[]`` with
    ``departement``, ``aliases``, ``theme_alternatives`` and ``url_variants``)."""
    if "collectivites" in data:
        normalise = truth_normaliser()
        collectivites = [{**c, "services": [{**t, "page_url": normalise(t["page_url"]) if t.get("page_url") else None,
                                             "urls": [normalise(u) for u in t.get("urls") or ()]}
                                            for t in c["services"]]} for c in data["collectivites"]]
        return {**data, "collectivites": collectivites}, normalise
    tracking = data.get("tracking_params") or ()
    first = truth_normaliser(tracking)
    variants: dict[str, str] = {}
    for site in data["sites"]:
        for dup, canonical in ((site.get("pages") or {}).get("url_variants") or {}).items():
            variants[first(dup)] = first(canonical)
        for svc in site["services"]:
            for alias in svc.get("aliases") or ():
                variants[first(alias)] = first(svc["page_url"])
    normalise = truth_normaliser(tracking, variants)
    relays = {"payfip": "dgfip_payfip"}  # the evaluation web's operator ids that are spelt otherwise here
    collectivites = []
    for site in data["sites"]:
        services = [{"page_url": normalise(s["page_url"]), "title": s.get("service"),
                     "urls": sorted({normalise(u) for u in [s["page_url"], *(s.get("urls") or ()),
                                                             *(s.get("aliases") or ())]}),
                     "theme": s["theme"], "theme_alternatives": s.get("theme_alternatives") or [],
                     "level": s["level"], "relay": relays.get(s.get("relay"), s.get("relay")),
                     "platform": s.get("platform_kind")}
                    for s in site["services"]]
        collectivites.append({"code": site["departement"], "reachable": True, "services": services,
                              "hosts": site.get("hosts") or []})
    return {"collectivites": collectivites}, normalise


def match_services(detected: Sequence[Mapping[str, Any]], truth: Sequence[Mapping[str, Any]]
                   ) -> list[tuple[int, int]]:
    """One-to-one (detected index, truth index) pairs whose ``urls`` overlap."""
    owner: dict[str, list[int]] = {}
    for j, t in enumerate(truth):
        for url in set(t.get("urls") or ()) | {t.get("page_url")} - {None, ""}:
            owner.setdefault(url, []).append(j)
    overlaps: dict[tuple[int, int], int] = {}
    for i, d in enumerate(detected):
        for url in set(d.get("urls") or ()) | {d.get("page_url")} - {None, ""}:
            for j in owner.get(url, ()):
                overlaps[(i, j)] = overlaps.get((i, j), 0) + 1
    pairs, used_d, used_t = [], set(), set()
    for (i, j), _ in sorted(overlaps.items(), key=lambda kv: (-kv[1], kv[0])):
        if i not in used_d and j not in used_t:
            pairs.append((i, j))
            used_d.add(i)
            used_t.add(j)
    return sorted(pairs)


def _relay_counts(pairs: Iterable[tuple[Any, Any]]) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for truth, pred in pairs:
        if truth is not None and pred == truth:
            tp += 1
            continue
        if pred is not None:
            fp += 1
        if truth is not None:
            fn += 1
    return tp, fp, fn


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def score_collectivite(detected: Sequence[Mapping[str, Any]], truth: Sequence[Mapping[str, Any]]
                       ) -> dict[str, Any]:
    """Counts and scores of one collectivité (detected rows at level 0 are ignored)."""
    found = [d for d in detected if (d.get("level") or 0) > 0]
    pairs = match_services(found, truth)
    matched = [(found[i], truth[j]) for i, j in pairs]
    counts = {"detected": len(found), "truth": len(truth), "matched": len(pairs),
              "theme_ok": sum(_theme_ok(d, t) for d, t in matched),
              "level_ok": sum(d["level"] == t["level"] for d, t in matched)}
    counts["relay_tp"], counts["relay_fp"], counts["relay_fn"] = _relay_counts(
        (t.get("relay"), d.get("relay")) for d, t in matched)
    counts["errors"] = [_error(d, t) for d, t in matched
                        if not _theme_ok(d, t) or any(d.get(f) != t.get(f) for f in FIELDS[1:])]
    counts["false_positives"] = [found[i]["page_url"] for i in range(len(found)) if i not in {a for a, _ in pairs}]
    counts["missed"] = [truth[j]["page_url"] for j in range(len(truth)) if j not in {b for _, b in pairs}]
    return {**counts, **scores(counts)}


def _theme_ok(d: Mapping[str, Any], t: Mapping[str, Any]) -> bool:
    return d["theme"] == t["theme"] or d["theme"] in (t.get("theme_alternatives") or ())


def _error(d: Mapping[str, Any], t: Mapping[str, Any]) -> dict[str, Any]:
    return {"page_url": t.get("page_url"), "title": t.get("title"),
            **{f: [t.get(f), d.get(f)] for f in FIELDS if d.get(f) != t.get(f)}, "detected_url": d.get("page_url")}


def scores(c: Mapping[str, int]) -> dict[str, float | None]:
    tp, fp, fn = c["relay_tp"], c["relay_fp"], c["relay_fn"]
    return {"precision": _ratio(c["matched"], c["detected"]), "recall": _ratio(c["matched"], c["truth"]),
            "theme_accuracy": _ratio(c["theme_ok"], c["matched"]),
            "level_accuracy": _ratio(c["level_ok"], c["matched"]),
            "relay_f1": _ratio(2 * tp, 2 * tp + fp + fn) if (tp + fp + fn) else 1.0}


def crawl_coverage(truth_services: Sequence[Mapping[str, Any]], fetched: Iterable[str]) -> dict[str, Any]:
    """Share of the truth services' URLs (pages, sub-pages, forms, entry points) the crawl fetched
    (URLs already normalised the truth's way); the missing ones are listed."""
    fetched = set(fetched)
    wanted = sorted({u for t in truth_services for u in (t.get("urls") or [t.get("page_url")]) if u})
    missing = [u for u in wanted if u not in fetched]
    return {"service_urls": len(wanted), "fetched": len(wanted) - len(missing),
            "coverage": _ratio(len(wanted) - len(missing), len(wanted)) if wanted else None,
            "not_fetched": missing}


def score_inventory(detected_by_code: Mapping[str, Sequence[Mapping[str, Any]]],
                    truth: Mapping[str, Any],
                    fetched_by_code: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any]:
    """Per collectivité and overall scores against a truth.json of either schema (reachable
    collectivités only); detected URLs go through the truth's normalisation first."""
    truth, normalise = load_truth(truth)
    detected_by_code = {code: [{**d, "page_url": normalise(d["page_url"]) if d.get("page_url") else None,
                                "urls": [normalise(u) for u in d.get("urls") or ()]} for d in rows]
                        for code, rows in detected_by_code.items()}
    per: dict[str, Any] = {}
    covered = {"service_urls": 0, "fetched": 0}
    total = dict.fromkeys(("detected", "truth", "matched", "theme_ok", "level_ok",
                           "relay_tp", "relay_fp", "relay_fn"), 0)
    for coll in truth["collectivites"]:
        if not coll.get("reachable", True):
            continue
        result = score_collectivite(detected_by_code.get(coll["code"], []), coll["services"])
        if fetched_by_code is not None:
            # a truth service's aliases are not fetched by a good crawl: only its canonical URLs count
            canonical = [{"urls": [u for u in t["urls"] if normalise(u) == u]} for t in coll["services"]]
            result.update(crawl_coverage(canonical, {normalise(u) for u in fetched_by_code.get(coll["code"], ())}))
            covered["service_urls"] += result["service_urls"]
            covered["fetched"] += result["fetched"]
        per[coll["code"]] = result
        for key in total:
            total[key] += result[key]
    overall = {**total, **scores(total)}
    if fetched_by_code is not None:
        overall.update(covered, coverage=_ratio(covered["fetched"], covered["service_urls"]))
    if per:
        worst = min(per, key=lambda c: (per[c]["recall"] or 0, c))
        overall["worst_recall"] = {"collectivite": worst, "recall": per[worst]["recall"]}
    return {"collectivites": per, "overall": overall}
