"""Run aggregates: latency and token percentiles, the error count, and any metric broken down by question kind.

They decide how a run's timings and failures are summed up rather than whether an item is right: percentiles by
linear interpolation (as numpy's default), items that raised left out of the timings, kinds in sorted order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from askcloud.evaluation.scoring import Item, Metric, mean_metric


# ------------------------------------------------------------------ latency and tokens

def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks, as numpy's default."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _numbers(items: Sequence[Item], field: str, key: str) -> list[float]:
    values = ((item.get(field) or {}).get(key) for item in items if not item.get("error"))
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]


def latency(items: Sequence[Item]) -> dict[str, float]:
    """p50/p95 of timings_ms first_token (the draft's), first_sentence (the first checked sentence shown, measured
    from the writer's start) and total, mean/p50 of prompt tokens; absent measures are left out."""
    first, total = _numbers(items, "timings_ms", "first_token"), _numbers(items, "timings_ms", "total")
    checked = _numbers(items, "timings_ms", "first_sentence")
    tokens = _numbers(items, "usage", "input_tokens")
    values = {
        "first_token_p50_ms": percentile(first, 50), "first_token_p95_ms": percentile(first, 95),
        "first_sentence_p50_ms": percentile(checked, 50), "first_sentence_p95_ms": percentile(checked, 95),
        "total_p50_ms": percentile(total, 50), "total_p95_ms": percentile(total, 95),
        "prompt_tokens_mean": sum(tokens) / len(tokens) if tokens else None,
        "prompt_tokens_p50": percentile(tokens, 50),
    }
    return {name: value for name, value in values.items() if value is not None}


def errors(items: Sequence[Item]) -> float:
    """How many items raised instead of answering."""
    return float(sum(1 for item in items if item.get("error")))


def by_kind(items: Sequence[Item], metric: Metric) -> dict[str, float | None]:
    """The metric's mean per question kind, over the items it applies to."""
    kinds = sorted({item.get("kind", "") for item in items})
    return {kind: mean_metric({i["id"]: metric.per_item.get(i["id"]) for i in items if i.get("kind") == kind}).score
            for kind in kinds}
