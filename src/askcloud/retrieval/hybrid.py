"""Hybrid search: dense (Chroma) and lexical (BM25) candidates fused by weighted reciprocal rank fusion."""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from askcloud.corpus.models import Chunk
from askcloud.errors import IndexNotBuilt
from askcloud.index.lexical import BM25Index
from askcloud.index.state import IndexState, legacy_path, load_state, state_path
from askcloud.retrieval.decompose import decompose
from askcloud.retrieval.dedup import distinct
from askcloud.retrieval.filters import Filters
from askcloud.retrieval.fusion import relative, rrf
from askcloud.retrieval.passage import Passage


@dataclass
class Snapshot:
    state: IndexState
    bm25: BM25Index
    mtime: float
    _folded: str | None = None
    _rows: dict[str, object] | None = None  # language -> mask of the lexical rows in it (row_languages)

    def language_of(self, chunk_id: str, default: str) -> str:
        """The language of the document a passage belongs to, as the indexer recorded it and tokenized the passage
        (index/indexer.py, document_language; the index fingerprint holds the analyzer's version, so every index
        records it); `default` for a passage the index no longer holds."""
        chunk = self.state.chunks.get(chunk_id)
        if chunk is None:
            return default
        return (self.state.documents.get(chunk.doc_id) or {}).get("language", "fr")

    @property
    def row_languages(self) -> dict[str, object]:
        """The lexical index's rows by the language their passages were tokenized in (their document's)."""
        if self._rows is None:
            languages = {doc: (info or {}).get("language", "fr") for doc, info in self.state.documents.items()}
            if all(language == "fr" for language in languages.values()):
                self._rows = {"fr": None}  # one analyzer for every row: nothing to tell apart
            else:
                doc_of = {cid: doc for doc, lang in languages.items() if lang != "fr"
                          for cid in self.state.chunks_of(doc)}
                self._rows = self.bm25.row_languages(lambda cid: languages.get(doc_of.get(cid), "fr"))
        return self._rows

    @property
    def folded_text(self) -> str:
        """All passages with their titles, normalised: to tell whether the corpus mentions a name at all."""
        if self._folded is None:
            from askcloud.textnorm import normalize

            self._folded = normalize("\n".join(c.embed_text for c in self.state.chunks.values()))
        return self._folded


class HybridRetriever:
    """Reads the committed index state (reloaded when `askcloud index` rewrites it) and searches both ways."""

    def __init__(self, settings, embedder, store, mode: str = "hybrid") -> None:
        self.settings, self.embedder, self.store, self.mode = settings, embedder, store, mode
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._vectors: dict[str, object] = {}  # the route's scout and the specialists embed the same query once

    def _query_vector(self, query: str):
        vector = self._vectors.get(query)
        if vector is None:
            vector = self.embedder.embed_query(query)
            with self._lock:
                if len(self._vectors) >= _VECTOR_CACHE:
                    self._vectors.clear()
                self._vectors[query] = vector
        return vector

    @property
    def path(self) -> Path:
        return state_path(self.settings.data_dir, self.store.name)

    def snapshot(self) -> Snapshot:
        """The committed state and its lexical index (bm25s, memory-mapped: nothing is recomputed here)."""
        if not self.path.exists() and legacy_path(self.path).exists():
            load_state(self.path)  # an index of an older askcloud: converted once, with a notice
        try:
            mtime = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            raise IndexNotBuilt("no index yet: run `askcloud index`") from None
        if self._snapshot is None or self._snapshot.mtime != mtime:
            state = load_state(self.path)
            if not state.chunks or state.lexical is None:
                raise IndexNotBuilt("the index is empty: run `askcloud index`")
            self._snapshot = Snapshot(state, state.lexical, mtime)
        return self._snapshot

    def around(self, chunk: Chunk, n: int) -> list[Chunk]:
        """The n passages before and the n after `chunk` in its document and section, in the document's order
        (the passage itself among them): where a procedure's steps run on."""
        if n <= 0:
            return [chunk]
        same = sorted((c for c in self.snapshot().state.chunks.values()
                       if c.doc_id == chunk.doc_id and c.section == chunk.section), key=lambda c: c.start)
        at = next((i for i, c in enumerate(same) if c.id == chunk.id), None)
        return [chunk] if at is None else same[max(0, at - n):at + n + 1]

    def document(self, doc_id: str) -> list[Chunk]:
        """Every passage of one document, in its order: what a summary of the document reads."""
        return sorted((c for c in self.snapshot().state.chunks.values() if c.doc_id == doc_id), key=lambda c: c.start)

    def vocabulary(self) -> Collection[str]:
        """Every index term of the corpus (BM25's vocabulary): to tell whether any document holds a word at all."""
        return self.snapshot().bm25.terms()

    def search(self, query: str, k: int | None = None, filters: Filters = Filters(),
               timings: dict | None = None, language: str = "fr") -> list[Passage]:
        """Top-k passages for the query and its sub-queries, merged. `language`: the question's (fr, en)."""
        k = k or self.settings.top_k
        queries = decompose(query)
        lists = [self._search_one(q, filters, timings, language, k) for q in queries]
        if len(lists) == 1:
            return lists[0][:k]
        return _merge(lists, k)

    def _search_one(self, query: str, filters: Filters, timings: dict | None, language: str = "fr",
                    k: int = 0) -> list[Passage]:
        """Fused candidates, near-identical ones folded into the best of them (dedup.py). When copies leave fewer
        than k distinct passages, the search looks deeper (up to _DEEPER times the candidates): a text repeated
        on every page must not hide what else the documents say."""
        n, deepest = self.settings.candidates, self.settings.candidates * _DEEPER
        while True:
            fused = self._fused(query, n, filters, timings, language)
            found = distinct(fused, self.settings.policy.duplicate_similarity)
            if len(found) >= k or len(found) == len(fused) or n >= min(deepest, len(self.snapshot().state.chunks)):
                return found
            n *= 4

    def _fused(self, query: str, n: int, filters: Filters, timings: dict | None, language: str) -> list[Passage]:
        snap = self.snapshot()
        chunks = snap.state.chunks
        allowed = None if filters.empty else {cid for cid, c in chunks.items() if filters.accepts(c)}
        started = time.perf_counter()
        dense = self._dense(query, n, allowed, chunks, filters) if self.mode in ("hybrid", "dense") else []
        middle = time.perf_counter()
        lexical = snap.bm25.search(query, n, allowed, snap.row_languages) if self.mode in ("hybrid", "lexical") else []
        if timings is not None:
            timings["embed_query_and_dense"] = timings.get("embed_query_and_dense", 0) + (middle - started) * 1000
            timings["lexical"] = timings.get("lexical", 0) + (time.perf_counter() - middle) * 1000
        dense_scores = {h.chunk_id: h.score for h in dense}
        lexical_scores = {h.chunk_id: h.score for h in lexical}
        fused = self._fuse(dense_scores, lexical_scores, language, snap)
        found = _read(chunks, [cid for cid, _ in fused])  # a chunk a later `askcloud index` removed is left out
        return [Passage(found[cid], score, dense_scores.get(cid), lexical_scores.get(cid))
                for cid, score in fused if cid in found]

    def _fuse(self, dense: dict[str, float], lexical: dict[str, float], language: str,
              snap: Snapshot) -> list[tuple[str, float]]:
        """BM25 counts in full for a passage in the question's language; for a passage in another language it
        matches little but names and numbers, so it weighs lexical_weight_other_language there."""
        settings = self.settings
        lexical_weight = {cid: settings.lexical_weight if snap.language_of(cid, language) == language
                          else settings.lexical_weight_other_language for cid in lexical}
        if settings.fusion == "rrf":  # dicts keep the rank order of the hits
            return rrf([(list(dense), settings.dense_weight), (list(lexical), lexical_weight)], k=settings.rrf_k)
        return relative([(dense, settings.dense_weight), (lexical, lexical_weight)])

    def _dense(self, query: str, n: int, allowed: set[str] | None, chunks: dict[str, Chunk], filters: Filters):
        vector = self._query_vector(query)
        want = n if filters.empty else min(len(chunks), n * 2)  # room for what the date filter drops afterwards
        hits = self.store.query(vector, want, where=filters.where())
        # Only committed chunks count: the store may hold leftovers of an interrupted indexing run.
        return [h for h in hits if h.chunk_id in chunks and (allowed is None or h.chunk_id in allowed)][:n]


_VECTOR_CACHE = 256
_DEEPER = 16  # deepest search, in candidates, when near-identical copies crowd the first ones


def _read(chunks, ids: list[str]) -> dict[str, Chunk]:
    found = {}
    for cid in ids:
        try:
            found[cid] = chunks[cid]
        except KeyError:
            pass
    return found


def _merge(lists: list[list[Passage]], k: int) -> list[Passage]:
    """The whole question's ranking, with room made in its top k for the best passage of each sub-query.

    Sub-queries add the passages a part of the question needs (the second half of a comparison); they do not re-rank
    the whole list: a fused ranking over all lists would reward passages that match every fragment and push the one
    that answers the whole question down.
    """
    whole, parts = lists[0], lists[1:]
    top = {p.chunk.id for p in whole[:k]}
    extra: dict[str, Passage] = {}
    for part in parts:
        best = next((p for p in part if p.chunk.id not in extra), None)
        if best is not None and best.chunk.id not in top:
            extra[best.chunk.id] = best
    added = list(extra.values())[:k - 1]  # the whole question keeps at least its best passage
    taken = {p.chunk.id for p in added}
    return [p for p in whole if p.chunk.id not in taken][:k - len(added)] + added
