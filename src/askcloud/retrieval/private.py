"""One user's private collection searched together with the shared corpus, for that user only.

`FusedRetriever` offers what the graph asks of a retriever (search, snapshot, vocabulary) over two indexes: the
shared one, never written here, and the user's own small index (built by the same indexer in the user's folder).
A user without an index of their own, or whose last document was removed, searches the shared corpus alone.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from askcloud.errors import IndexNotBuilt
from askcloud.retrieval.filters import Filters


@dataclass(frozen=True)
class _StateView:
    """The two states' documents and chunks, read through (the user's first)."""

    documents: ChainMap
    chunks: ChainMap


class FusedSnapshot:
    def __init__(self, shared, private) -> None:
        self._shared, self._private = shared, private
        self.state = _StateView(ChainMap(private.state.documents, shared.state.documents),
                                ChainMap(private.state.chunks, shared.state.chunks))

    @property
    def folded_text(self) -> str:
        return self._shared.folded_text + "\n" + self._private.folded_text


class _Union(Collection):
    def __init__(self, *parts: Collection[str]) -> None:
        self._parts = parts

    def __contains__(self, item: object) -> bool:
        return any(item in part for part in self._parts)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for part in self._parts:
            for term in part:
                if term not in seen:
                    seen.add(term)
                    yield term

    def __len__(self) -> int:
        return sum(1 for _ in self)


class FusedRetriever:
    """The shared retriever and one user's; results merged by fused score (each list is already fused, dense and
    BM25, on the same scale), a passage found by both kept once."""

    def __init__(self, shared, private) -> None:
        self.shared, self.private = shared, private
        self.settings, self.embedder, self.store = shared.settings, shared.embedder, shared.store

    def _own(self):
        """The user's snapshot, or None while the user has no index (none yet, or every document removed)."""
        try:
            return self.private.snapshot()
        except IndexNotBuilt:
            return None

    def snapshot(self):
        shared = self.shared.snapshot()
        own = self._own()
        return shared if own is None else FusedSnapshot(shared, own)

    def vocabulary(self) -> Collection[str]:
        shared = self.shared.vocabulary()
        return shared if self._own() is None else _Union(self.private.vocabulary(), shared)

    def search(self, query: str, k: int | None = None, filters: Filters = Filters(), timings: dict | None = None,
               language: str = "fr") -> list:
        k = k or self.settings.top_k
        shared = self.shared.search(query, k=k, filters=filters, timings=timings, language=language)
        if self._own() is None:
            return shared
        try:
            own = self.private.search(query, k=k, filters=filters, timings=timings, language=language)
        except IndexNotBuilt:  # removed between the two calls
            return shared
        return merge(shared, own, k)


def merge(shared: list, own: list, k: int) -> list:
    best: dict[str, object] = {}
    for passage in [*own, *shared]:
        if passage.chunk.id not in best:
            best[passage.chunk.id] = passage
    ranked = sorted(best.values(), key=lambda p: (-p.score, -(p.dense or 0.0)))
    return ranked[:k]
