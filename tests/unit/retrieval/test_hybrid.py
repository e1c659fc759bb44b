"""Hybrid search over the stub corpus: modes, filters, sub-queries, and reloading a rewritten index."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.errors import IndexNotBuilt
from askcloud.index.embeddings import make_embedder
from askcloud.index.indexer import run_index
from askcloud.index.store import ChromaStore
from askcloud.retrieval.filters import Filters
from askcloud.retrieval.hybrid import HybridRetriever

pytestmark = pytest.mark.unit

STUB_CORPUS = Path(__file__).resolve().parents[2] / "stub_data" / "corpus"
SALON = "salon-cloud-2020.txt"
BILLET = "neutralite-billet.txt"


@pytest.fixture(scope="module")
def shared_index(tmp_path_factory):
    """The stub corpus indexed once for the read-only tests of this module."""
    from askcloud.settings import Settings

    root = tmp_path_factory.mktemp("hybrid")
    settings = Settings(corpus_dir=STUB_CORPUS, data_dir=root / "data", embedding_backend="hash", llm_backend="fake",
                        chunk_min_section=0)  # the stub's sections are one or two sentences: kept apart
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    run_index(settings, embedder, store)
    return settings, embedder, store


@pytest.fixture
def retriever(shared_index):
    settings, embedder, store = shared_index
    return lambda mode="hybrid": HybridRetriever(settings, embedder, store, mode=mode)


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
@pytest.mark.parametrize("query, needle", [
    ("Nuagix service de stockage", "Nuagix"),
    ("neutralité du Net opérateurs Netflix Comcast", "Comcast"),
    ("visiteurs conférence d'ouverture Marie Durand", "1 500 visiteurs"),
])
def test_each_mode_finds_the_right_passage_first(retriever, mode, query, needle):
    passages = retriever(mode).search(query, k=3)
    assert needle in passages[0].chunk.text
    assert all(a.score >= b.score for a, b in zip(passages, passages[1:]))


def test_modes_fill_their_own_scores(retriever):
    query = "Nuagix stockage"
    dense = retriever("dense").search(query, k=4)
    lexical = retriever("lexical").search(query, k=4)
    hybrid = retriever("hybrid").search(query, k=4)
    assert dense and all(p.dense is not None and p.lexical is None for p in dense)
    assert lexical and all(p.lexical is not None and p.dense is None for p in lexical)
    top = hybrid[0]
    assert top.dense is not None and top.lexical is not None
    assert len(dense) == 4  # dense search ranks every chunk; BM25 only those sharing a term
    assert len(lexical) < 4


def test_k_limits_the_results(retriever, shared_index):
    assert len(retriever().search("salon", k=1)) == 1
    assert len(retriever().search("salon")) <= shared_index[0].top_k


@pytest.mark.parametrize("filters, docs", [
    (Filters(topics=("net_neutrality",)), {BILLET}),
    (Filters(topics=("events",)), {SALON}),
    (Filters(doc_ids=(BILLET,)), {BILLET}),
    (Filters(date_from="2016"), {SALON}),
    (Filters(date_from="2015"), {SALON, BILLET}),
    (Filters(date_to="2020-05"), {SALON, BILLET}),
    (Filters(date_to="2015-12"), {BILLET}),
])
@pytest.mark.parametrize("mode", ["hybrid", "dense"])
def test_filters_restrict_every_mode(retriever, filters, docs, mode):
    passages = retriever(mode).search("salon visiteurs neutralité opérateurs exposants", k=10, filters=filters)
    assert passages and {p.chunk.doc_id for p in passages} <= docs


def test_filters_that_match_nothing_give_nothing(retriever):
    assert retriever().search("salon", filters=Filters(date_from="2030")) == []


def test_sub_queries_bring_passages_for_each_side(retriever):
    passages = retriever().search("Compare les visiteurs du Salon du Cloud et de la neutralité des tuyaux", k=4)
    assert {p.chunk.doc_id for p in passages} == {SALON, BILLET}
    assert len({p.chunk.id for p in passages}) == len(passages)


def test_timings_are_recorded(retriever):
    timings = {}
    retriever().search("salon", timings=timings)
    assert set(timings) == {"embed_query_and_dense", "lexical"} and all(v >= 0 for v in timings.values())


def test_no_index_is_a_clear_error(settings):
    embedder = make_embedder(settings)
    retriever = HybridRetriever(settings, embedder, ChromaStore(settings, embedder.model_id))
    with pytest.raises(IndexNotBuilt, match="askcloud index"):
        retriever.search("salon")


def test_snapshot_reloads_after_the_state_file_changes(settings, indexed, corpus_dir):
    embedder, store = indexed
    retriever = HybridRetriever(settings, embedder, store)
    before = retriever.snapshot()
    assert retriever.snapshot() is before  # cached while the file is unchanged
    assert all("Zorglub" not in p.chunk.text for p in retriever.search("Zorglub", k=3))

    text = "Zorglub au salon\n\nLe robot Zorglub a accueilli les visiteurs du salon.\n"
    (corpus_dir / "zorglub.txt").write_text(text, encoding="utf-8")
    run_index(settings, embedder, store)

    assert retriever.snapshot() is not before
    assert "Zorglub" in retriever.search("Zorglub", k=3)[0].chunk.text
    (corpus_dir / "zorglub.txt").unlink()
    run_index(settings, embedder, store)
    assert all("Zorglub" not in p.chunk.text for p in retriever.search("Zorglub robot", k=10))


def test_dense_search_with_a_filter_returns_allowed_chunks(settings, corpus_dir):
    """A filtered dense search still fills its list (here from 8 salon-like documents and one billet)."""
    for i in range(8):
        (corpus_dir / f"salon-{i}.txt").write_text(
            f"Salon numéro {i}\n\nLe Salon du Cloud {i} a reçu des visiteurs et des exposants du cloud.\n",
            encoding="utf-8")
    small = settings.model_copy(update={"candidates": 2})
    embedder = make_embedder(small)
    store = ChromaStore(small, embedder.model_id)
    run_index(small, embedder, store)
    retriever = HybridRetriever(small, embedder, store, mode="dense")
    found = retriever.search("Salon du Cloud visiteurs exposants", k=2, filters=Filters(doc_ids=(BILLET,)))
    assert found and {p.chunk.doc_id for p in found} == {BILLET}


def _passages(*ids: str) -> list:
    from askcloud.corpus.models import Chunk
    from askcloud.retrieval.passage import Passage

    return [Passage(Chunk(id=i, doc_id="d.txt", text=i, start=0, end=1, section="", title="", source="d.txt"),
                    1.0 / n) for n, i in enumerate(ids, start=1)]


def test_sub_queries_add_their_best_passage_without_re_ranking_the_question():
    from askcloud.retrieval.hybrid import _merge

    whole = _passages("w1", "w2", "w3", "w4", "w5", "w6")
    part_a = _passages("w3", "a1")  # already in the top k: nothing to add
    part_b = _passages("b1", "w1")
    merged = [p.chunk.id for p in _merge([whole, part_a, part_b], k=5)]
    assert merged == ["w1", "w2", "w3", "w4", "b1"]
    assert [p.chunk.id for p in _merge([whole, _passages("x"), _passages("y")], k=2)] == ["w1", "x"]  # 1 kept for whole


def test_bm25_counts_in_full_only_for_passages_in_the_questions_language(tmp_path, monkeypatch):
    """A French analyzer matches an English passage on little but names and numbers (and the other way round):
    the lexical score of a passage weighs lexical_weight when the passage is in the question's language,
    lexical_weight_other_language otherwise, whatever language the corpus is mostly in."""
    from askcloud.settings import Settings
    import askcloud.retrieval.hybrid as hybrid

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fr.txt").write_text("Le module Quorvex range les fichiers dans des dossiers chiffrés et les "
                                   "partage avec toute une équipe.\n", encoding="utf-8")
    (corpus / "en.txt").write_text("The Quorvex module keeps the files in encrypted folders and shares them with "
                                   "the whole team.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", embedding_backend="hash", llm_backend="fake",
                        lexical_weight=1.0, lexical_weight_other_language=0.25)
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    run_index(settings, embedder, store)
    seen = []
    real = hybrid.relative
    monkeypatch.setattr(hybrid, "relative", lambda lists: seen.append(lists[1][1]) or real(lists))
    retriever = HybridRetriever(settings, embedder, store)
    chunks = retriever.snapshot().state.chunks
    doc_of = {cid: c.doc_id for cid, c in chunks.items()}
    for language, own in (("fr", "fr.txt"), ("en", "en.txt")):
        seen.clear()
        retriever.search("Quorvex", language=language)
        weights = {doc_of[cid]: w for cid, w in seen[0].items()}
        other = ({"fr.txt", "en.txt"} - {own}).pop()
        assert weights == {own: 1.0, other: 0.25}


def test_rrf_fusion_stays_available(shared_index):
    settings, embedder, store = shared_index
    rrf_retriever = HybridRetriever(settings.model_copy(update={"fusion": "rrf"}), embedder, store)
    passages = rrf_retriever.search("Nuagix service de stockage", k=3)
    assert "Nuagix" in passages[0].chunk.text and passages[0].score < 0.1  # 1/(60+1) + 1/(60+1) at most
