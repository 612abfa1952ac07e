"""Score an inventory against ground truth (the sample web's truth.json, or any labelled list).

A detected service matches a truth service when their URL sets overlap; the matching is
one-to-one (largest overlaps first), so a service detected twice counts once as right and
once as a false positive, and two truth services merged into one count one miss.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

FIELDS = ("theme", "level", "relay")


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
              "theme_ok": sum(d["theme"] == t["theme"] for d, t in matched),
              "level_ok": sum(d["level"] == t["level"] for d, t in matched)}
    counts["relay_tp"], counts["relay_fp"], counts["relay_fn"] = _relay_counts(
        (t.get("relay"), d.get("relay")) for d, t in matched)
    counts["errors"] = [_error(d, t) for d, t in matched if any(d.get(f) != t.get(f) for f in FIELDS)]
    counts["false_positives"] = [found[i]["page_url"] for i in range(len(found)) if i not in {a for a, _ in pairs}]
    counts["missed"] = [truth[j]["page_url"] for j in range(len(truth)) if j not in {b for _, b in pairs}]
    return {**counts, **scores(counts)}


def _error(d: Mapping[str, Any], t: Mapping[str, Any]) -> dict[str, Any]:
    return {"page_url": t.get("page_url"), "title": t.get("title"),
            **{f: [t.get(f), d.get(f)] for f in FIELDS if d.get(f) != t.get(f)}}


def scores(c: Mapping[str, int]) -> dict[str, float | None]:
    tp, fp, fn = c["relay_tp"], c["relay_fp"], c["relay_fn"]
    return {"precision": _ratio(c["matched"], c["detected"]), "recall": _ratio(c["matched"], c["truth"]),
            "theme_accuracy": _ratio(c["theme_ok"], c["matched"]),
            "level_accuracy": _ratio(c["level_ok"], c["matched"]),
            "relay_f1": _ratio(2 * tp, 2 * tp + fp + fn) if (tp + fp + fn) else 1.0}


def score_inventory(detected_by_code: Mapping[str, Sequence[Mapping[str, Any]]],
                    truth: Mapping[str, Any]) -> dict[str, Any]:
    """Per collectivité and overall scores against a truth.json (reachable collectivités only)."""
    per: dict[str, Any] = {}
    total = dict.fromkeys(("detected", "truth", "matched", "theme_ok", "level_ok",
                           "relay_tp", "relay_fp", "relay_fn"), 0)
    for coll in truth["collectivites"]:
        if not coll.get("reachable", True):
            continue
        result = score_collectivite(detected_by_code.get(coll["code"], []), coll["services"])
        per[coll["code"]] = result
        for key in total:
            total[key] += result[key]
    return {"collectivites": per, "overall": {**total, **scores(total)}}
