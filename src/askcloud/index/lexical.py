"""BM25 over French-aware tokens, persisted beside the chunk table so it always matches the dense store."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from askcloud.index.analyzer import tokenize
from askcloud.index.store import Hit


@dataclass
class BM25Index:
    k1: float = 1.2
    b: float = 0.75
    postings: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    lengths: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, texts: dict[str, str]) -> BM25Index:
        index = cls()
        for chunk_id, text in texts.items():
            index.add(chunk_id, tokenize(text))
        return index

    def add(self, chunk_id: str, tokens: list[str]) -> None:
        self.lengths[chunk_id] = len(tokens)
        for term, tf in Counter(tokens).items():
            self.postings[term][chunk_id] = tf

    def search(self, query: str, n: int, allowed: set[str] | None = None) -> list[Hit]:
        if not self.lengths:
            return []
        total = len(self.lengths)
        avg = sum(self.lengths.values()) / total
        scores: dict[str, float] = defaultdict(float)
        for term in set(tokenize(query)):
            docs = self.postings.get(term)
            if not docs:
                continue
            idf = math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            for chunk_id, tf in docs.items():
                if allowed is not None and chunk_id not in allowed:
                    continue
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[chunk_id] / avg)
                scores[chunk_id] += idf * tf * (self.k1 + 1) / norm
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [Hit(chunk_id, score) for chunk_id, score in best]
