"""FusedRetriever: a user's index searched with the shared one; without one, the shared index alone."""

from types import SimpleNamespace

import pytest

from askcloud.errors import IndexNotBuilt
from askcloud.retrieval.private import FusedRetriever, merge

pytestmark = pytest.mark.unit


def passage(cid: str, score: float, dense: float | None = None):
    return SimpleNamespace(chunk=SimpleNamespace(id=cid), score=score, dense=dense)


class Index:
    def __init__(self, passages=None, built=True, terms=()) -> None:
        self.passages, self.built, self.terms = passages or [], built, set(terms)
        self.settings, self.embedder, self.store = SimpleNamespace(top_k=3), "embedder", "store"

    def snapshot(self):
        if not self.built:
            raise IndexNotBuilt("none")
        return SimpleNamespace(state=SimpleNamespace(documents={}, chunks={}), folded_text="")

    def search(self, query, k=None, filters=None, timings=None, language="fr"):
        return self.passages[:k]

    def vocabulary(self):
        return self.terms


def test_results_are_merged_by_score_once_each():
    shared = [passage("a", 0.9), passage("b", 0.5)]
    own = [passage("u", 0.7), passage("a", 0.9)]
    assert [p.chunk.id for p in merge(shared, own, 3)] == ["a", "u", "b"]


def test_without_a_private_index_the_shared_one_answers_alone():
    shared = Index([passage("a", 1.0)], terms={"nuage"})
    fused = FusedRetriever(shared, Index(built=False))
    assert [p.chunk.id for p in fused.search("q")] == ["a"]
    assert fused.vocabulary() is shared.terms and fused.snapshot() is not None


def test_with_a_private_index_both_are_searched_and_their_words_known():
    fused = FusedRetriever(Index([passage("a", 0.4)], terms={"nuage"}), Index([passage("u", 0.8)], terms={"zorblax"}))
    assert [p.chunk.id for p in fused.search("q")] == ["u", "a"]
    vocabulary = fused.vocabulary()
    assert "zorblax" in vocabulary and "nuage" in vocabulary and set(vocabulary) == {"zorblax", "nuage"}
