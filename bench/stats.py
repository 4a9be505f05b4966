"""Small statistics helpers shared by the probes and the report."""

from __future__ import annotations

import math
import statistics


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summarize(times_ms: list[float]) -> dict[str, float]:
    return {
        "runs": len(times_ms),
        "median_ms": statistics.median(times_ms),
        "p99_ms": percentile(times_ms, 0.99),
        "min_ms": min(times_ms),
    }


def ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or reference is None or reference == 0:
        return None
    return value / reference
