"""Repeated text fills one slot of the results: near-identical passages are folded after fusion and counted."""

from __future__ import annotations

import pytest

from askcloud.corpus.models import Chunk
from askcloud.index.embeddings import make_embedder
from askcloud.index.indexer import run_index
from askcloud.index.store import ChromaStore
from askcloud.retrieval import hybrid
from askcloud.retrieval.dedup import distinct, similarity
from askcloud.retrieval.hybrid import HybridRetriever, Passage

pytestmark = pytest.mark.unit

NOTICE = ("Rappel : la piscine municipale ferme ses bassins chaque lundi matin pour le nettoyage. "
          "Les casiers du vestiaire doivent être vidés avant la fermeture du soir.")
LAST = "Depuis mars, la piscine municipale ouvre aussi un bassin pour les bébés nageurs le samedi."


def test_similarity_tells_copies_from_other_text():
    assert similarity(NOTICE, NOTICE) == 1.0
    assert similarity(NOTICE, NOTICE.upper().replace("é", "e")) == 1.0  # case, accents and punctuation folded
    assert similarity(NOTICE, NOTICE.replace("lundi", "mardi")) > 0.7  # one word of 27
    assert similarity(NOTICE, LAST) < 0.2


def _passage(i: int, text: str, score: float) -> Passage:
    chunk = Chunk(id=f"c{i}", doc_id="d.txt", text=text, start=i * 1000, end=i * 1000 + len(text), section="",
                  title="Piscine", source="corpus/d.txt")
    return Passage(chunk, score)


def test_distinct_keeps_the_best_ranked_copy_and_counts_the_others():
    ranked = [_passage(0, NOTICE, 0.9), _passage(1, NOTICE, 0.8), _passage(2, LAST, 0.7),
              _passage(3, NOTICE.replace("chaque", "tous les"), 0.6)]
    kept = distinct(ranked, 0.7)
    assert [p.chunk.id for p in kept] == ["c0", "c2"]
    assert [p.duplicates for p in kept] == [2, 0]
    assert [p.chunk.id for p in distinct(ranked, 1.0)] == ["c0", "c2", "c3"]  # 1: only the very same trigrams


@pytest.fixture
def repetitive(tmp_path):
    """A long page whose notice is pasted again and again, and one different sentence at its very end."""
    from askcloud.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    weeks = [f"Semaine {n}. Les horaires d'été restent affichés à l'accueil.\n\n{NOTICE}" for n in range(12)]
    body = "\n\n".join(weeks)
    (corpus / "piscine.txt").write_text(f"Affichage de la piscine\n\n{body}\n\n{LAST}\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, data_dir=tmp_path / "data", embedding_backend="hash", llm_backend="fake",
                        chunk_size=200)
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    run_index(settings, embedder, store)
    return HybridRetriever(settings, embedder, store)


def test_the_one_different_sentence_is_found_among_repeated_paragraphs(repetitive, monkeypatch):
    question = "Quand la piscine municipale ferme-t-elle ses bassins ?"
    passages = repetitive.search(question, k=5)
    texts = [p.chunk.text for p in passages]
    assert any(LAST in t for t in texts)
    assert sum(NOTICE in t for t in texts) == 1
    assert sum(p.duplicates for p in passages) >= 5  # the copies left out are counted, not lost silently

    monkeypatch.setattr(hybrid, "distinct", lambda found, threshold: found)  # what a search gave before
    before = [p.chunk.text for p in HybridRetriever(repetitive.settings, repetitive.embedder,
                                                    repetitive.store).search(question, k=5)]
    assert not any(LAST in t for t in before)
