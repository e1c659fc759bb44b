"""BM25 over askcloud's own tokens (analyzer.py), scored and searched by the bm25s library.

bm25s keeps the BM25 score of every (term, passage) pair in a sparse matrix, so a query only adds up the columns of
its terms (numpy) and picks the best rows. Beside bm25s's own files (`BM25.save`: the score matrix, the vocabulary,
the parameters) an index folder holds two things of ours: the chunk id of each row, and each row's term counts.
With the counts the next `askcloud index` recomputes the scores of a changed corpus in a few numpy passes, without
tokenizing the unchanged passages again (bm25s's own `index` loops over every passage in Python).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from askcloud.index.analyzer import tokenize
from askcloud.index.store import Hit
from askcloud.index.term_counts import Counts, Matrix, count_rows, engine_class, in_columns, row_runs

K1 = 1.2  # the usual BM25 constants, as the hand-written index used them: scores are unchanged
B = 0.75
TF_METHOD = "atire"  # tf·(k1+1) / (tf + k1·(1-b+b·len/avg)) ...
IDF_METHOD = "lucene"  # ... times log(1 + (N-df+0.5)/(df+0.5)), never negative
IDS_FILE, COUNTS_FILE = "askcloud-ids.json", "askcloud-counts.npz"
UNUSED_TERMS = 0.1  # share of terms no passage holds any more above which the vocabulary is compacted


@dataclass
class BM25Index:
    """Passages (chunk ids) searchable by BM25. Build it with `build`/`from_rows`, or `add` then search."""

    ids: list[str] = field(default_factory=list)
    _counts: object = None  # scipy CSR matrix, rows × terms, term frequencies
    _terms: list[str] = field(default_factory=list)
    _engine: object = None  # bm25s.BM25 holding the scores
    _pending: dict[str, list[str]] = field(default_factory=dict)
    _rows: dict[str, int] | None = None
    _live: frozenset[str] | None = None  # the terms some row holds (a removed passage may leave unused ones)
    folder: Path | None = None  # where it was saved or read from

    @classmethod
    def build(cls, texts: Mapping[str, str]) -> BM25Index:
        return cls.from_rows(tokens={cid: tokenize(text) for cid, text in texts.items()})

    @classmethod
    def from_rows(cls, base: BM25Index | None = None, keep: Iterable[str] = (),
                  tokens: Mapping[str, list[str]] | None = None) -> BM25Index:
        """The rows `keep` of `base` (counts reused as they are, in the base's order), then one row per entry of
        `tokens`."""
        import numpy as np
        import scipy.sparse as sp

        keep = list(keep)
        tokens = tokens or {}
        vocab = {t: i for i, t in enumerate(base._terms)} if base is not None else {}
        ids: list[str] = []
        arrays: list[tuple] = []  # (data, indices, row lengths in entries) of each part, stacked below
        ordered = True
        if keep:
            rows = base.rows()
            picked = np.zeros(len(base.ids), dtype=bool)
            picked[np.fromiter((rows[c] for c in keep), dtype=np.int64, count=len(keep))] = True
            counts = base.counts()
            ordered = counts.has_sorted_indices
            sizes = np.diff(counts.indptr)
            if picked.all():  # in the base's order: its rows as they are, or taken in one pass
                ids = list(base.ids)
                arrays.append((counts.data, counts.indices, sizes))
            else:
                rows_kept = np.flatnonzero(picked)
                ids = [base.ids[i] for i in rows_kept]
                arrays += row_runs(counts, rows_kept, picked)
        if tokens:
            part = count_rows(tokens.values(), vocab)
            part.sort_indices()
            arrays.append((part.data, part.indices, np.diff(part.indptr)))
            ids += list(tokens)
        terms = list(vocab)
        if len(arrays) == 1:
            data, indices, sizes = arrays[0]
        elif arrays:
            data, indices, sizes = (np.concatenate([a[i] for a in arrays]) for i in range(3))
        else:
            data, indices, sizes = (np.zeros(0, dtype=np.int32),) * 3
        indptr = np.zeros(len(ids) + 1, dtype=np.int64)
        np.cumsum(sizes, out=indptr[1:])
        counts = sp.csr_matrix((data.astype(np.int32, copy=False), indices.astype(np.int32, copy=False), indptr),
                               shape=(len(ids), len(terms)), copy=False)
        counts.has_sorted_indices = ordered  # rows taken whole from a sorted matrix, or sorted above: no pass
        index = cls(ids=ids)
        index._set(counts, terms)
        return index

    def add(self, chunk_id: str, tokens: list[str]) -> None:
        """Queue one passage; the scores are recomputed once, at the next search."""
        self._pending[chunk_id] = tokens

    def search(self, query: str, n: int, allowed: Collection[str] | None = None,
               row_languages: Mapping[str, object] | None = None) -> list[Hit]:
        """The n best passages for the query. Each passage is scored with the query's terms as its own analyzer
        makes them: `row_languages` maps a language to the mask of the rows tokenized in it (index/indexer.py);
        None: every row is French. A passage is never scored with terms of an analyzer it was not tokenized with."""
        self._flush()
        if self._engine is None or not self.ids:
            return []
        vocab = self._engine.vocab_dict
        scores = None
        for language, rows in (row_languages or {"fr": None}).items():
            term_ids = sorted({vocab[t] for t in tokenize(query, language) if t in vocab})
            if not term_ids:
                continue
            part = self._engine.get_scores_from_ids(term_ids)
            if rows is not None and len(row_languages) > 1:
                part = part * rows
            scores = part if scores is None else scores + part
        if scores is None:
            return []
        return self._best(scores, n, allowed)

    def row_languages(self, language_of: Callable[[str], str]) -> dict[str, object]:
        """{language: boolean mask of the rows whose passage `language_of(chunk id)` says is in it}."""
        import numpy as np

        codes = np.array([language_of(cid) for cid in self.ids]) if self.ids else np.array([], dtype=str)
        return {str(lang): codes == lang for lang in np.unique(codes)} or {"fr": None}

    def _best(self, scores, n: int, allowed: Collection[str] | None) -> list[Hit]:
        """The n best rows with a positive score (ties ordered by chunk id, as before). With a filter, the best
        4n are looked at first, then 8 times more until n pass: a few set lookups, not one per allowed chunk."""
        import numpy as np

        hits = np.flatnonzero(scores > 0)
        want = n if allowed is None else 4 * n
        while True:
            pool = hits
            if len(hits) > want:  # keep the ties at the cut
                cut = np.partition(scores[hits], len(hits) - want)[len(hits) - want]
                pool = hits[scores[hits] >= cut]
            ranked = sorted(((float(scores[i]), self.ids[i]) for i in pool), key=lambda sc: (-sc[0], sc[1]))
            if allowed is not None:
                ranked = [sc for sc in ranked if sc[1] in allowed]
            if len(ranked) >= n or len(pool) == len(hits):
                return [Hit(cid, score) for score, cid in ranked[:n]]
            want *= 8

    def terms(self) -> Collection[str]:
        """Every index term some passage holds."""
        import numpy as np

        self._flush()
        if self._live is None:
            df = np.bincount(self._counts.indices, minlength=len(self._terms)) if self._counts.nnz else []
            self._live = frozenset(t for t, d in zip(self._terms, df) if d)
        return self._live

    @property
    def postings(self) -> Mapping[str, object]:
        """Kept for callers of the hand-written index: its keys are the index terms."""
        return dict.fromkeys(self.terms())

    def rows(self) -> dict[str, int]:
        if self._rows is None:
            self._rows = {cid: i for i, cid in enumerate(self.ids)}
        return self._rows

    def counts(self):
        return self._counts

    def tokens_of(self, chunk_id: str) -> list[str]:
        """The passage's terms as a bag (each term repeated by its count, in term order)."""
        self._flush()
        row = self._counts[self.rows()[chunk_id]]
        return [self._terms[t] for t, tf in zip(row.indices, row.data) for _ in range(int(tf))]

    def _set(self, counts, terms: list[str]) -> None:
        """Drop the terms no passage holds any more, then score with bm25s."""
        import numpy as np

        counts.sort_indices()
        by_term = in_columns(counts)
        df = np.diff(by_term.indptr)  # the passages holding each term
        if (df == 0).sum() > len(terms) * UNUSED_TERMS:  # an unused term scores nothing: drop them in bulk only
            used = np.flatnonzero(df)
            counts = counts[:, used]
            counts.sort_indices()
            terms = [terms[i] for i in used]
            by_term, df = in_columns(counts), df[used]
        self._counts, self._terms, self._rows, self._live = counts.astype(np.int32, copy=False), terms, None, None
        if counts.shape[0] and terms:
            engine = engine_class()(k1=K1, b=B, method=TF_METHOD, idf_method=IDF_METHOD)
            engine.index(Counts(Matrix(self._counts, by_term, df), {t: i for i, t in enumerate(terms)}),
                         create_empty_token=False, show_progress=False)
            self._engine = engine
        else:
            self._engine = None

    def _flush(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, {}
            built = BM25Index.from_rows(self if self.ids else None, [c for c in self.ids if c not in pending],
                                        pending)
            self.ids, self._counts, self._terms, self._engine, self._rows, self._live = (
                built.ids, built._counts, built._terms, built._engine, None, None)

    def save(self, folder: Path) -> None:
        """bm25s's files plus ours, each written and flushed to disk."""
        import numpy as np

        self._flush()
        folder.mkdir(parents=True, exist_ok=True)
        if self._engine is not None:
            self._engine.save(str(folder), show_progress=False)
        (folder / IDS_FILE).write_text(json.dumps({"ids": self.ids, "terms": self._terms}, ensure_ascii=False),
                                       encoding="utf-8")
        c = self._counts
        np.savez(folder / COUNTS_FILE, indptr=c.indptr, indices=c.indices, data=c.data,
                 shape=np.array(c.shape, dtype=np.int64))
        for path in folder.iterdir():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
        self.folder = folder

    @classmethod
    def load(cls, folder: Path) -> BM25Index:
        """The saved index, its score matrix memory-mapped (nothing is recomputed)."""
        import numpy as np
        import scipy.sparse as sp

        meta = json.loads((folder / IDS_FILE).read_text(encoding="utf-8"))
        with np.load(folder / COUNTS_FILE) as z:
            counts = sp.csr_matrix((z["data"], z["indices"], z["indptr"]), shape=tuple(z["shape"]))
        index = cls(ids=meta["ids"], _counts=counts, _terms=meta["terms"], folder=folder)
        if index.ids and index._terms:
            index._engine = engine_class().load(str(folder), mmap=True, show_progress=False)
        return index
