"""The shape of every audit value: the value, the URLs that show it, and why it may be missing."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any


def measure(value: Any, evidence: Iterable[str] = (), **extra: Any) -> dict:
    """A measured value with the URL(s) it was read from."""
    return {"value": value, "evidence": _unique(evidence), "reason": None, **extra}


def not_measurable(reason: str, **extra: Any) -> dict:
    """An explicit "not measurable": the value is None and `reason` says why (never a silent 0)."""
    return {"value": None, "evidence": [], "reason": reason, **extra}


def _unique(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(u for u in urls if u))


def quantile(values: list[float], q: float) -> float:
    """Linear-interpolated quantile (same as numpy's default); `values` must not be empty."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def share(count: int, total: int) -> float | None:
    return round(count / total, 4) if total else None


def median(values: list[float]) -> float:
    return statistics.median(values)
