"""Composite score (0–100) and grade (好/较好/一般/差) of a set of KPI values."""

from __future__ import annotations

from collections.abc import Mapping

from console.domain.summary import KpiValue
from console.kpi.config import KpiConfig


def composite_score(values: Mapping[str, KpiValue], config: KpiConfig) -> float | None:
    """Weighted mean of the weighted rates, as 0–100; None when none of them is defined.

    A rate where higher is better counts as itself (capped at 100%), any other as 1 − rate. Weights of
    rates without a value (zero denominator) are left out and the others renormalised, so a worker is
    not marked down for work that never came.
    """
    total = weight_sum = 0.0
    for code, weight in config.weights.items():
        kv = values.get(code)
        if kv is None or kv.value is None or weight == 0:
            continue
        rate = min(max(kv.value, 0.0), 1.0)
        total += weight * (rate if kv.higher_is_better else 1.0 - rate)
        weight_sum += weight
    return None if weight_sum == 0 else round(100.0 * total / weight_sum, 6)


def grade(score: float | None, config: KpiConfig) -> str | None:
    """The first grade whose minimum the score reaches (minimums are inclusive); None without a score."""
    if score is None:
        return None
    for name, minimum in config.grades:
        if score >= minimum:
            return name
    return config.grades[-1][0]
