"""A passage as a search returns it: the chunk, its fused score and what each search said of it."""

from __future__ import annotations

from dataclasses import dataclass

from askcloud.corpus.models import Chunk


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float  # fused score
    dense: float | None = None  # cosine similarity, when the dense search found it
    lexical: float | None = None  # BM25 score, when the lexical search found it
    duplicates: int = 0  # near-identical passages of lower rank folded into this one (retrieval/dedup.py)
