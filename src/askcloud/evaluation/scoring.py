"""Scoring primitives shared by every metric: the item, the Metric (one score and per-item scores) and the text
matching that decides a hit.

An item carries the question fields (`id`, `kind`, `lang`, `answerable`, `answer_all`, `evidence`) and what the run
produced (`retrieved`, and for full runs `answer`, `abstained`, `citations`, `timings_ms`, `trace`, `usage`). A
per-item value of None means "does not apply to this item"; a metric whose items all are None has score None.
This module decides what counts as a match (a number is not part of a longer number, a passage is relevant when it
holds one evidence string, an answer is correct when it holds one variant of every group) and how per-item values
make a score (their mean over the items they apply to).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from askcloud.textnorm import normalize

Item = dict


@dataclass
class Metric:
    score: float | None  # mean over the items it applies to; None when it applies to none
    per_item: dict[str, float | None]


def mean_metric(per_item: dict[str, float | None]) -> Metric:
    values = [v for v in per_item.values() if v is not None]
    return Metric(sum(values) / len(values) if values else None, per_item)


def per_item_metric(items: Iterable[Item], score: Callable[[Item], float | None]) -> Metric:
    return mean_metric({item["id"]: score(item) for item in items})


def has_evidence(item: Item) -> bool:
    """An answerable item whose question names its evidence: the items retrieval and citations are scored on."""
    return bool(item.get("answerable")) and bool(item.get("evidence"))


# ------------------------------------------------------------------ text matching

def occurs(haystack: str, needle: str) -> bool:
    """`needle` in `haystack` after normalisation; a number must not be part of a longer number ("50" ∉ "500")."""
    text, pattern = normalize(haystack), normalize(needle)
    if not pattern:
        return False
    head = r"(?<!\d)" if pattern[0].isdigit() else ""
    tail = r"(?!\d)" if pattern[-1].isdigit() else ""
    return re.search(head + re.escape(pattern) + tail, text) is not None


def is_relevant(text: str, evidence: Sequence[str]) -> bool:
    """A passage is relevant when it contains one evidence string, after normalisation."""
    return any(normalize(e) in normalize(text) for e in evidence if e.strip())


def is_correct(answer: str, answer_all: Sequence[Sequence[str]]) -> bool:
    """Contract 2: every group of `answer_all` has one variant in the answer."""
    return all(any(occurs(answer, variant) for variant in group) for group in answer_all)

