"""Retrieval metrics: recall@k, MRR and nDCG@k over the passages each item retrieved.

They decide whether the right passages came back, and how high: a passage counts when it holds one of the item's
evidence strings (scoring.is_relevant). Only answerable items with evidence are scored; the others are None.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from askcloud.evaluation.scoring import Item, Metric, has_evidence, is_relevant, per_item_metric


def _texts(item: Item, k: int | None = None) -> list[str]:
    return [p.get("text", "") for p in (item.get("retrieved") or [])[:k]]


def recall_at_k(items: Sequence[Item], k: int) -> Metric:
    """1 when one of the top-k retrieved passages is relevant; answerable items with evidence only."""
    def score(item: Item) -> float | None:
        if not has_evidence(item):
            return None
        return float(any(is_relevant(t, item["evidence"]) for t in _texts(item, k)))
    return per_item_metric(items, score)


def mrr(items: Sequence[Item]) -> Metric:
    """1 / rank of the first relevant passage (0 when none is retrieved); answerable items with evidence only."""
    def score(item: Item) -> float | None:
        if not has_evidence(item):
            return None
        ranks = [r for r, t in enumerate(_texts(item), 1) if is_relevant(t, item["evidence"])]
        return 1.0 / ranks[0] if ranks else 0.0
    return per_item_metric(items, score)


def ndcg_at_k(items: Sequence[Item], k: int = 10) -> Metric:
    """nDCG@k where each distinct evidence string is one relevant target.

    The gain at rank i is the number of targets the passage covers that no earlier passage covered (a duplicate
    or overlapping chunk earns nothing). The ideal ranking puts one target per rank, so
    IDCG = sum(1 / log2(i + 1) for i in 1..min(targets, k)). A passage covering two targets at once can push
    DCG above IDCG; the score is capped at 1.
    """
    def score(item: Item) -> float | None:
        if not has_evidence(item):
            return None
        targets = list(dict.fromkeys(e for e in item["evidence"] if e.strip()))
        dcg = _dcg(_texts(item, k), targets)
        ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(targets), k) + 1))
        return min(1.0, dcg / ideal) if ideal else None
    return per_item_metric(items, score)


def _dcg(texts: list[str], targets: list[str]) -> float:
    covered: set[str] = set()
    total = 0.0
    for rank, text in enumerate(texts, 1):
        new = {t for t in targets if t not in covered and is_relevant(text, [t])}
        covered |= new
        total += len(new) / math.log2(rank + 1)
    return total

