"""The term counts behind the lexical index (lexical.py) and how bm25s scores them: this module decides how
passages' tokens become a sparse count matrix (rows × terms, CSR), how rows of an existing matrix are taken over
without copying them one by one, and how bm25s turns the counts into its BM25 score matrix, through its documented
hook `build_index_from_ids`, with bm25s's own tf and idf functions computed for all passages at once in a few numpy
passes."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache


@dataclass
class Counts:
    """What bm25s's `index` accepts as an already-tokenized corpus: `ids` (here the count matrix) and `vocab`."""

    ids: Matrix
    vocab: dict[str, int]


@dataclass
class Matrix:
    """The term counts by passage (CSR, rows × terms) and by term (CSC, the score matrix's layout), and each
    term's document frequency: computed once, in `BM25Index._set` (lexical.py)."""

    counts: object
    by_term: object
    df: object


def in_columns(counts):
    """The counts in columns (CSC), rows in order within each column: csr_tocsc walks the rows in order."""
    by_term = counts.tocsc()
    by_term.has_sorted_indices = True  # known: no pass to find it out
    return by_term


def row_runs(counts, rows, picked) -> list[tuple]:
    """(data, indices, entries per row) of the rows `rows` (sorted) of a CSR matrix: a view of each run of
    consecutive rows when they are few (one row changed among 100k: two runs), else the entries picked by mask."""
    import numpy as np

    sizes = np.diff(counts.indptr)
    if not len(rows):
        return []
    breaks = np.flatnonzero(np.diff(rows) != 1) + 1
    if len(breaks) > 10_000:
        entries = np.repeat(picked, sizes)
        return [(counts.data[entries], counts.indices[entries], sizes[picked])]
    firsts = rows[np.concatenate([[0], breaks])]
    lasts = rows[np.concatenate([breaks - 1, [len(rows) - 1]])] + 1
    runs = []
    for first, last in zip(firsts, lasts):
        lo, hi = counts.indptr[first], counts.indptr[last]
        runs.append((counts.data[lo:hi], counts.indices[lo:hi], sizes[first:last]))
    return runs


def count_rows(token_lists: Iterable[list[str]], vocab: dict[str, int]):
    """A CSR matrix of term counts, one row per token list; new terms are appended to `vocab`."""
    import numpy as np
    import scipy.sparse as sp

    indptr, indices, data = [0], [], []
    for tokens in token_lists:
        for term, tf in Counter(tokens).items():
            indices.append(vocab.setdefault(term, len(vocab)))
            data.append(tf)
        indptr.append(len(indices))
    return sp.csr_matrix((np.array(data, dtype=np.int32), np.array(indices, dtype=np.int32),
                          np.array(indptr, dtype=np.int64)), shape=(len(indptr) - 1, len(vocab)))


@lru_cache(maxsize=1)
def engine_class():
    """bm25s.BM25 with its documented hook `build_index_from_ids` fed a term-count matrix: the same scores as
    bm25s's own loop (its tf and idf functions), computed for all passages at once."""
    import bm25s
    import numpy as np
    from bm25s.scoring import _select_idf_scorer

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it sets DEBUG on import: one line per index built

    class Okapi(bm25s.BM25):
        def build_index_from_ids(self, unique_token_ids, corpus_token_ids, show_progress=True,
                                 leave_progress=False):
            """bm25s's tf and idf, in a few numpy passes over the (term, passage) pairs, in the score matrix's
            column order: the part of the length normalisation that depends on the passage alone is computed
            per passage, and the result is the same, bit for bit, as scoring each pair then transposing."""
            if self.method != "atire":
                raise ValueError(f"askcloud scores with bm25s's atire term part, not {self.method}")
            counts, csc, df = corpus_token_ids.counts, corpus_token_ids.by_term, corpus_token_ids.df
            n_docs = counts.shape[0]
            sizes = np.diff(counts.indptr)
            lengths = np.zeros(n_docs, dtype=np.int64)
            if counts.nnz:  # reduceat gives an empty row the next entry: rows with entries only
                full = sizes > 0
                lengths[full] = np.add.reduceat(counts.data, counts.indptr[:-1][full], dtype=np.int64)
            lengths = lengths.astype(self.dtype)
            idf_of = _select_idf_scorer(self.idf_method)
            values, inverse = np.unique(df, return_inverse=True)  # a few thousand distinct frequencies
            idf = np.array([idf_of(int(d), N=n_docs) for d in values], dtype=self.dtype)[inverse]
            k1, b = self.k1, self.b
            norm = k1 * (1 - b + b * lengths / lengths.mean())  # per passage, as _score_tfc_atire computes it
            scores = csc.data.astype(self.dtype)  # tf, then tf·(k1+1) / (tf + norm), then × idf, in place
            denominator = norm[csc.indices]
            denominator += scores
            scores *= k1 + 1
            scores /= denominator
            scores *= np.repeat(idf, np.diff(csc.indptr))
            self.nonoccurrence_array = None
            return {"data": scores, "indices": csc.indices.astype(self.int_dtype, copy=False),
                    "indptr": csc.indptr, "num_docs": n_docs}

    return Okapi
