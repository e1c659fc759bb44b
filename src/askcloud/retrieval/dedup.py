"""Repeated text fills one slot: a passage near-identical to a better-ranked one is folded into it after fusion.

A footer or a navigation bar kept on every page, a paragraph repeated through a long file: each copy matches a
question as well as the others, so without this the top k can be k copies of one text and what else the documents
say is never seen. Two passages are near-identical when their sets of word trigrams (case, accents and punctuation
folded) overlap by at least `policy.duplicate_similarity` (Jaccard: shared trigrams / all trigrams of either).
A handful of candidates per query is compared pairwise; no index is worth it at that size.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from askcloud.retrieval.passage import Passage
from askcloud.textnorm import normalize

_WORD = re.compile(r"\w+")
_SHINGLE = 3  # words per shingle: short enough for a one-word change to leave most shingles alike


@lru_cache(maxsize=4096)
def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The text's word trigrams, folded; a text of fewer words is its one shingle."""
    words = _WORD.findall(normalize(text))
    if len(words) <= _SHINGLE:
        return frozenset([tuple(words)])
    return frozenset(tuple(words[i:i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' word trigrams (1.0: the same words in the same order)."""
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y) if x or y else 1.0


def distinct(passages: list[Passage], threshold: float) -> list[Passage]:
    """The passages in their order, each one near-identical (similarity >= threshold) to one before it left out and
    counted in that one's `duplicates`."""
    kept: list[Passage] = []
    for passage in passages:
        twin = next((i for i, k in enumerate(kept) if similarity(k.chunk.text, passage.chunk.text) >= threshold),
                    None)
        if twin is None:
            kept.append(passage)
        else:
            kept[twin] = replace(kept[twin], duplicates=kept[twin].duplicates + 1 + passage.duplicates)
    return kept
