"""Fusion of ranked result lists: reciprocal rank fusion, or relative score fusion."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

# A list's weight: one number for all its ids, or a weight per id (an id it does not name weighs 1.0).
Weight = float | Mapping[str, float]


def _weight_of(weight: Weight, chunk_id: str) -> float:
    return weight if isinstance(weight, (int, float)) else weight.get(chunk_id, 1.0)


def _nominal(weight: Weight) -> float:
    """What a list weighs in the mean's denominator: its number, or the mean of its ids' weights (1.0 when empty) —
    one id weighing more (a passage in the question's language among others) moves the scale a little, not at once
    from one weight to the other."""
    if isinstance(weight, (int, float)):
        return weight
    return sum(weight.values()) / len(weight) if weight else 1.0


def rrf(rankings: list[tuple[list[str], Weight]], k: int = 60) -> list[tuple[str, float]]:
    """Fuse (ranked ids, weight) lists: score = sum of weight / (k + rank). Ties broken by id for stable output."""
    scores: dict[str, float] = defaultdict(float)
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(ids, start=1):
            scores[chunk_id] += _weight_of(weight, chunk_id) / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def relative(results: list[tuple[dict[str, float], Weight]]) -> list[tuple[str, float]]:
    """Fuse (scores by id, weight) lists: each list's scores min-max scaled to [0, 1], then a weighted mean.

    Unlike RRF it keeps how far ahead a result is: a BM25 hit scoring four times the next one (an exact name) is not
    just "rank 1", and e5's cosine similarities, bunched between 0.80 and 0.90, are spread out before they count.
    A list with a single score (or all equal) gives 1.0 to each of its ids. Ties broken by id for stable output.
    A weight given per id scales that id's share only; the list weighs the mean of its ids' weights in the mean.
    """
    total = sum(_nominal(weight) for scores, weight in results if scores) or 1.0
    fused: dict[str, float] = defaultdict(float)
    for scores, weight in results:
        if not scores:
            continue
        low, high = min(scores.values()), max(scores.values())
        for chunk_id, score in scores.items():
            fused[chunk_id] += _weight_of(weight, chunk_id) / total * ((score - low) / (high - low) if high > low else 1.0)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))
