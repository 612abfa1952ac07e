"""Classify a standalone service record (title, text, links) and score predictions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from barometre.detect.core.catalogue import match_catalogue
from barometre.detect.core.decision import Decision, Evidence
from barometre.detect.core.features import PageFeatures
from barometre.detect.core.knowledge import Knowledge, load_knowledge
from barometre.detect.core.level import Signals, collect_signals, decide
from barometre.detect.core.platform import detect_platform
from barometre.detect.core.relay import as_links, classify_relay
from barometre.detect.core.text import normalise
from barometre.detect.core.theme import classify_theme

FIELDS = ("theme", "level", "relay", "platform")
DEFAULT_RELAY_CONFIDENCE = 0.35
INFORMATION_CONFIDENCE = 0.5


def _pseudo_page(rec: dict[str, Any]) -> PageFeatures:
    text = rec.get("text") or ""
    return PageFeatures(url=rec.get("url") or "", title=rec.get("service") or "", h1=rec.get("service") or "",
                        text=text, norm_text=normalise(text), links=tuple(as_links(rec.get("links"))))


def _has_level_evidence(s: Signals) -> bool:
    return any((s.info, s.download, s.online_form, s.online_documents, s.follow_up, s.relayed))


def _relay(rec: dict[str, Any], page: PageFeatures, k: Knowledge) -> Decision:
    decision = classify_relay(page.links, f"{rec.get('service') or ''} {page.text}", page.url, k)
    if decision.value is not None:
        return decision
    match = match_catalogue(rec.get("service") or "", None, k)
    entry = next((e for e in k.catalogue if match and e.id == match.id), None)
    if entry is not None and entry.default_relay and match.score >= 0.4:
        return Decision(entry.default_relay, DEFAULT_RELAY_CONFIDENCE,
                        (Evidence(f"catalogue '{entry.id}' usually relays to {entry.default_relay}", page.url),))
    return decision


def classify_record(rec: dict[str, Any], knowledge: Knowledge | None = None) -> dict[str, Any]:
    """The record with ``theme``, ``level``, ``relay``, ``platform``, ``catalogue_id``,
    ``confidence`` and ``evidence`` added (level null unless text/links show something)."""
    k = knowledge or load_knowledge()
    page = _pseudo_page(rec)
    title = rec.get("service") or ""
    decisions = {
        "theme": classify_theme(title, rec.get("text"), rec.get("url"), k),
        "relay": _relay(rec, page, k),
        "platform": detect_platform(page, (), k),
    }
    signals = collect_signals(page, (), None, (), k)
    level = decide(signals, page.url, described=False)
    if not _has_level_evidence(signals) and signals.platform is None:
        if rec.get("text") or rec.get("links"):  # described, and nothing to fill in or send online
            level = Decision(1, INFORMATION_CONFIDENCE, (Evidence(
                "the description and links show no form and no teleservice", page.url),))
        else:
            level = Decision(None, 0.0, (Evidence("no level evidence in text or links", page.url),))
    decisions["level"] = level
    match = match_catalogue(title, rec.get("text"), k)
    out = dict(rec)
    for name in FIELDS:
        out[name] = decisions[name].value
    out["catalogue_id"] = match.id if match else None
    out["confidence"] = {name: round(decisions[name].confidence, 3) for name in FIELDS}
    out["evidence"] = {name: [e.as_dict() for e in decisions[name].evidence] for name in FIELDS}
    return out


def label_of(value: Any) -> Any:
    """Canonical label: 'other:xyz' -> 'other'; numbers stay numbers."""
    if isinstance(value, str) and value.startswith("other:"):
        return "other"
    return value


def _scores(pairs: list[tuple[Any, Any]]) -> dict[str, Any]:
    labels = sorted({str(t) for t, _ in pairs} | {str(p) for _, p in pairs})
    confusion = {t: dict.fromkeys(labels, 0) for t in labels}
    for truth, pred in pairs:
        confusion[str(truth)][str(pred)] += 1
    truths = Counter(str(t) for t, _ in pairs)
    per_class, f1s = {}, []
    for label in sorted(truths):
        tp = confusion[label][label]
        predicted = sum(confusion[t][label] for t in labels)
        precision = tp / predicted if predicted else 0.0
        recall = tp / truths[label]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = {"precision": round(precision, 4), "recall": round(recall, 4),
                            "f1": round(f1, 4), "support": truths[label]}
        f1s.append(f1)
    correct = sum(confusion[label][label] for label in labels)
    return {
        "n": len(pairs),
        "accuracy": round(correct / len(pairs), 4) if pairs else None,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else None,
        "per_class": per_class,
        "confusion": {t: {p: c for p, c in row.items() if c} for t, row in confusion.items() if any(row.values())},
    }


def evaluate(records: Iterable[dict[str, Any]], predictions: Iterable[dict[str, Any]] | None = None,
             fields: Iterable[str] = FIELDS, null_as_class: bool = False) -> dict[str, Any]:
    """Per field: accuracy, macro-F1 (over the true classes), per-class P/R/F1, confusion matrix.

    ``records`` carry the gold labels; ``predictions`` default to ``classify_record`` of each
    record. Records whose gold label is null are ignored for that field unless
    ``null_as_class`` (then null is the class "None").
    """
    records = list(records)
    preds = list(predictions) if predictions is not None else [classify_record(r) for r in records]
    report = {}
    for name in fields:
        pairs = [(label_of(r.get(name)), label_of(p.get(name))) for r, p in zip(records, preds, strict=True)
                 if null_as_class or r.get(name) is not None]
        report[name] = _scores(pairs)
    return report
