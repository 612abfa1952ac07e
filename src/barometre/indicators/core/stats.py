"""Small statistics used by the national analysis: distributions, inequality, rank correlation."""

from __future__ import annotations

import math

import numpy as np


def clean(values) -> list[float]:
    return [float(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]


def distribution(values) -> dict:
    """n, min, quartiles, max, mean of the known values (None when there are none)."""
    xs = clean(values)
    if not xs:
        return {"n": 0, "min": None, "q1": None, "median": None, "q3": None, "max": None, "mean": None}
    a = np.asarray(xs)
    q1, med, q3 = np.percentile(a, [25, 50, 75])
    return {"n": len(xs), "min": float(a.min()), "q1": float(q1), "median": float(med), "q3": float(q3),
            "max": float(a.max()), "mean": float(a.mean())}


def gini(values) -> float | None:
    """Gini coefficient of non-negative values (0 = equal, 1 = one holds everything)."""
    xs = sorted(clean(values))
    if not xs or sum(xs) == 0:
        return None if not xs else 0.0
    n = len(xs)
    cum = sum((i + 1) * x for i, x in enumerate(xs))
    return (2 * cum) / (n * sum(xs)) - (n + 1) / n


def ratio_p90_p10(values) -> float | None:
    xs = clean(values)
    if len(xs) < 2:
        return None
    p10, p90 = np.percentile(np.asarray(xs), [10, 90])
    return float(p90 / p10) if p10 > 0 else None


def ranks(values) -> np.ndarray:
    """Ranks from 1, ties sharing their average rank (vectorised: runs inside the bootstrap)."""
    a = np.asarray(values, dtype=float)
    sorter = a.argsort(kind="mergesort")
    inverse = np.empty(len(a), dtype=int)
    inverse[sorter] = np.arange(len(a))
    ordered = a[sorter]
    first = np.r_[True, ordered[1:] != ordered[:-1]]
    dense = first.cumsum()[inverse]
    bounds = np.r_[np.nonzero(first)[0], len(a)]
    return 0.5 * (bounds[dense] + bounds[dense - 1] + 1)


def spearman(x: list[float], y: list[float]) -> float | None:
    if len(x) < 3:
        return None
    rx, ry = ranks(x), ranks(y)
    if rx.std() == 0 or ry.std() == 0:
        return None
    return float(np.corrcoef(rx, ry)[0, 1])


def paired(x, y) -> tuple[list[float], list[float]]:
    """The pairs where both values are known."""
    pairs = [(float(a), float(b)) for a, b in zip(x, y, strict=True) if a is not None and b is not None]
    return [a for a, _ in pairs], [b for _, b in pairs]


def spearman_ci(x, y, samples: int = 2000, seed: int = 2026, confidence: float = 0.95) -> dict:
    """Spearman's rho with a percentile bootstrap confidence interval and the n it rests on."""
    xs, ys = paired(x, y)
    rho = spearman(xs, ys)
    result = {"n": len(xs), "rho": rho, "ci_low": None, "ci_high": None}
    if rho is None:
        return result
    rng = np.random.default_rng(seed)
    n = len(xs)
    ax, ay = np.asarray(xs), np.asarray(ys)
    boots = []
    for _ in range(samples):
        idx = rng.integers(0, n, n)
        r = spearman(ax[idx], ay[idx])
        if r is not None:
            boots.append(r)
    if boots:
        alpha = (1 - confidence) / 2
        lo, hi = np.percentile(boots, [100 * alpha, 100 * (1 - alpha)])
        result.update(ci_low=float(lo), ci_high=float(hi))
    return result


def ols(y: list[float], columns: dict[str, list[float]]) -> dict:
    """Least squares of y on the columns (+ intercept): coefficients, R², residuals."""
    names = list(columns)
    X = np.column_stack([np.ones(len(y)), *[np.asarray(columns[c], dtype=float) for c in names]])
    Y = np.asarray(y, dtype=float)
    coef, *_ = np.linalg.lstsq(X, Y, rcond=None)
    fitted = X @ coef
    resid = Y - fitted
    ss_tot = float(((Y - Y.mean()) ** 2).sum())
    r2 = 1 - float((resid ** 2).sum()) / ss_tot if ss_tot else None
    return {"coefficients": {"intercept": float(coef[0]), **{n: float(c) for n, c in zip(names, coef[1:], strict=True)}},
            "r2": r2, "fitted": fitted.tolist(), "residuals": resid.tolist(), "n": len(y)}
