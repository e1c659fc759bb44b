"""Reciprocal rank fusion of ranked lists of chunk ids."""

from __future__ import annotations

from collections import defaultdict


def rrf(rankings: list[tuple[list[str], float]], k: int = 60) -> list[tuple[str, float]]:
    """Fuse (ranked ids, weight) lists: score = sum of weight / (k + rank). Ties broken by id for stable output."""
    scores: dict[str, float] = defaultdict(float)
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(ids, start=1):
            scores[chunk_id] += weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
