"""Incremental indexing: counts, what gets embedded, deletions, rebuilds, skipped files and crash safety."""

from __future__ import annotations

import numpy as np
import pytest

from askcloud.corpus.models import Chunk
from askcloud.errors import CorpusError
from askcloud.index.embeddings import CachedEmbedder, HashEmbedder
from askcloud.index.indexer import run_index
from askcloud.index.state import lexical_dir, load_state, state_path
from askcloud.index.store import ChromaStore
from askcloud.retrieval.hybrid import HybridRetriever

pytestmark = pytest.mark.unit

SALON = "salon-cloud-2020.txt"
BILLET = "neutralite-billet.txt"


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def embed_passages(self, texts):
        self.seen.extend(texts)
        return super().embed_passages(texts)


@pytest.fixture
def parts(settings):
    """(inner counting embedder, cached embedder, store) on the settings' tmp data dir."""
    inner = CountingEmbedder()
    embedder = CachedEmbedder(inner, settings.data_dir / "embeddings.sqlite")
    return inner, embedder, ChromaStore(settings, embedder.model_id)


def state_of(settings, store):
    return load_state(state_path(settings.data_dir, store.name))


def chunk_ids_of(settings, store, doc_id: str) -> set[str]:
    return set(state_of(settings, store).chunks_of(doc_id))


def test_first_run_adds_and_embeds_everything(settings, parts):
    inner, embedder, store = parts
    report = run_index(settings, embedder, store)
    state = state_of(settings, store)
    assert (report.added, report.updated, report.removed, report.unchanged) == (2, 0, 0, 0)
    assert report.skipped == []
    assert report.chunks == len(state.chunks) > 0
    assert report.embedded == len(inner.seen) == report.chunks
    assert store.ids() == set(state.chunks)
    assert set(state.documents) == {SALON, BILLET}
    assert report.to_dict() == {"added": 2, "updated": 0, "removed": 0, "unchanged": 0,
                                "embedded": report.chunks, "chunks": report.chunks, "skipped": []}


def test_second_run_embeds_nothing(settings, parts):
    inner, embedder, store = parts
    first = run_index(settings, embedder, store)
    ids = store.ids()
    inner.seen.clear()
    again = run_index(settings, embedder, store)
    assert (again.added, again.updated, again.removed, again.unchanged, again.embedded) == (0, 0, 0, 2, 0)
    assert again.chunks == first.chunks and store.ids() == ids
    assert inner.seen == []


def test_second_run_with_a_new_embedder_instance_embeds_nothing(settings, parts):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    inner = CountingEmbedder()
    fresh = CachedEmbedder(inner, settings.data_dir / "embeddings.sqlite")
    assert run_index(settings, fresh, ChromaStore(settings, fresh.model_id)).embedded == 0
    assert inner.seen == []


def test_modified_file_is_updated_and_only_its_chunks_embedded(settings, parts, corpus_dir):
    inner, embedder, store = parts
    run_index(settings, embedder, store)
    old_salon = chunk_ids_of(settings, store, SALON)
    old_billet = chunk_ids_of(settings, store, BILLET)
    path = corpus_dir / SALON
    path.write_text(path.read_text(encoding="utf-8").replace("120 exposants", "130 exposants"), encoding="utf-8")
    inner.seen.clear()

    report = run_index(settings, embedder, store)

    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 1)
    assert report.embedded == len(inner.seen) >= 1
    assert all(text.startswith("Le Salon du Cloud 2020 à Lyon") for text in inner.seen)
    assert any("130 exposants" in text for text in inner.seen)
    new_salon = chunk_ids_of(settings, store, SALON)
    assert new_salon != old_salon and chunk_ids_of(settings, store, BILLET) == old_billet
    assert store.ids() == new_salon | old_billet  # the replaced chunk is gone from Chroma
    texts = " ".join(c.text for c in state_of(settings, store).chunks.values())
    assert "130 exposants" in texts and "120 exposants" not in texts


def test_deleted_file_is_removed_from_state_and_store(settings, parts, corpus_dir):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    gone = chunk_ids_of(settings, store, BILLET)
    assert gone and gone <= store.ids()
    (corpus_dir / BILLET).unlink()

    report = run_index(settings, embedder, store)

    assert (report.removed, report.unchanged, report.embedded) == (1, 1, 0)
    assert not gone & store.ids()
    state = state_of(settings, store)
    assert BILLET not in state.documents and not gone & set(state.chunks) and not gone & set(state.tokens)


def test_rebuild_re_adds_everything(settings, parts, monkeypatch):
    _, embedder, store = parts
    first = run_index(settings, embedder, store)
    written = []
    real_upsert = store.upsert
    monkeypatch.setattr(store, "upsert", lambda chunks, vectors: (written.extend(chunks), real_upsert(chunks, vectors)))

    report = run_index(settings, embedder, store, rebuild=True)

    assert (report.added, report.updated, report.unchanged) == (2, 0, 0)
    assert report.chunks == first.chunks
    assert {c.id for c in written} == store.ids() == set(state_of(settings, store).chunks)


def test_changed_chunk_size_re_splits_every_document(settings, parts):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    smaller = settings.model_copy(update={"chunk_size": 100})
    report = run_index(smaller, embedder, store)
    assert (report.updated, report.unchanged) == (2, 0)
    assert store.ids() == set(state_of(settings, store).chunks)


def test_a_new_way_of_embedding_passages_re_embeds_every_passage(settings, parts, monkeypatch):
    """An index never mixes passages embedded one way with passages embedded another way."""
    from askcloud.corpus import models
    from askcloud.index import indexer

    inner, embedder, store = parts
    first = run_index(settings, embedder, store)
    monkeypatch.setattr(models.Chunk, "embed_text", property(lambda c: f"[{c.section}] {c.text}"))
    monkeypatch.setattr(indexer, "PASSAGE_TEXT_VERSION", models.PASSAGE_TEXT_VERSION + 1)
    inner.seen.clear()
    report = run_index(settings, embedder, store)
    assert (report.updated, report.unchanged) == (2, 0)
    assert report.embedded == first.chunks and sorted(inner.seen) == sorted(
        f"[{c.section}] {c.text}" for c in state_of(settings, store).chunks.values())


def test_a_new_loader_opens_every_file_again_and_embeds_only_what_it_reads_differently(settings, parts, monkeypatch):
    """A file unchanged on disk is not carried from an index an older loader built: what that loader read may be
    wrong (a title, a heading, a word glued to the next). The embedding cache still spares the passages it reads the
    same way."""
    from askcloud.index import indexer

    inner, embedder, store = parts
    run_index(settings, embedder, store)
    monkeypatch.setattr(indexer, "EXTRACTION_VERSION", indexer.EXTRACTION_VERSION + 1)
    inner.seen.clear()
    report = run_index(settings, embedder, store)
    assert (report.updated, report.unchanged, report.embedded) == (2, 0, 0) and inner.seen == []
    assert run_index(settings, embedder, store).unchanged == 2


def test_catalog_change_updates_the_document(settings, parts, corpus_dir):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    catalog = corpus_dir / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("La neutralité des tuyaux", "Les tuyaux"),
                       encoding="utf-8")
    report = run_index(settings, embedder, store)
    assert (report.updated, report.unchanged) == (1, 1)
    assert state_of(settings, store).documents[BILLET]["title"] == "Les tuyaux"


def test_added_unreadable_file_is_skipped_and_the_rest_indexed(settings, parts, corpus_dir):
    _, embedder, store = parts
    (corpus_dir / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    (corpus_dir / "controls.txt").write_bytes(bytes(range(1, 32)) * 10 + b"\xff")  # no encoding reads it
    report = run_index(settings, embedder, store)
    assert report.added == 2
    assert sorted(s.path.rsplit("/", 1)[-1] for s in report.skipped) == ["broken.txt", "controls.txt"]
    assert all(s.reason for s in report.skipped)
    assert set(state_of(settings, store).documents) == {SALON, BILLET}
    assert [s["path"] for s in report.to_dict()["skipped"]] == [s.path for s in report.skipped]


def test_empty_corpus_is_a_corpus_error(settings, parts, corpus_dir):
    _, embedder, store = parts
    for path in corpus_dir.glob("*.txt"):
        path.unlink()
    with pytest.raises(CorpusError, match="no readable document"):
        run_index(settings, embedder, store)
    (corpus_dir / "empty.txt").write_text("", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"1 file\(s\) skipped"):
        run_index(settings, embedder, store)


def test_progress_reports_done_and_total(settings, parts):
    _, embedder, store = parts
    calls = []
    report = run_index(settings, embedder, store, progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (report.chunks, report.chunks)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_chunks_lost_by_the_store_are_written_again(settings, parts):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    lost = sorted(chunk_ids_of(settings, store, SALON))
    store.delete(lost)
    report = run_index(settings, embedder, store)
    assert report.unchanged == 2 and report.embedded == 0  # vectors come from the cache
    assert set(lost) <= store.ids()


def stray_chunk(text: str) -> Chunk:
    return Chunk(id="stray-chunk-from-a-crash", doc_id=SALON, text=text, start=0, end=len(text), section="",
                 title="Le Salon du Cloud 2020 à Lyon", source=f"corpus/{SALON}", date="2020-05-12", topics=("events",))


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_uncommitted_chunks_in_chroma_are_ignored_then_collected(settings, parts, mode):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    text = "Zorglub Zorglub visiteurs du Salon du Cloud"
    stray = stray_chunk(text)
    store.upsert([stray], HashEmbedder().embed_passages([text]))  # as if a run crashed after its upsert
    assert store.query(HashEmbedder().embed_query(text), 3)[0].chunk_id == stray.id  # the store would return it

    passages = HybridRetriever(settings, embedder, store, mode=mode).search(text, k=10)

    assert passages and stray.id not in {p.chunk.id for p in passages}
    report = run_index(settings, embedder, store)
    assert report.unchanged == 2 and stray.id not in store.ids()


def test_crash_during_upsert_keeps_the_previous_state_searchable(settings, parts, corpus_dir, monkeypatch):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    path = state_path(settings.data_dir, store.name)
    before = path.read_bytes()
    salon = corpus_dir / SALON
    salon.write_text(salon.read_text(encoding="utf-8").replace("120 exposants", "130 exposants"), encoding="utf-8")

    def crash(chunks, vectors):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "upsert", crash)
    with pytest.raises(RuntimeError, match="disk full"):
        run_index(settings, embedder, store)

    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, lexical_dir(path).name])
    assert len(list(lexical_dir(path).iterdir())) == 1  # no half-written lexical index left behind
    found = HybridRetriever(settings, embedder, store).search("exposants hall principal", k=3)
    assert "120 exposants" in found[0].chunk.text

    monkeypatch.undo()
    report = run_index(settings, embedder, store)
    assert report.updated == 1
    assert "130 exposants" in HybridRetriever(settings, embedder, store).search("exposants hall", k=3)[0].chunk.text


def test_state_tokens_match_the_chunks(settings, parts):
    _, embedder, store = parts
    run_index(settings, embedder, store)
    state = state_of(settings, store)
    assert set(state.tokens) == set(state.chunks)
    assert all(state.tokens[cid] for cid in state.chunks)
    assert np.all([c.doc_id in state.documents for c in state.chunks.values()])


def test_each_document_is_tokenized_in_its_own_language(settings, parts, corpus_dir):
    """The indexer records the language a document is written in and gives its passages that language's terms."""
    from askcloud.index.analyzer import tokenize

    (corpus_dir / "manual.txt").write_text("The cropped layers are kept when you crop the whole image with the "
                                           "tool, and they can be moved again later.\n", encoding="utf-8")
    _, embedder, store = parts
    run_index(settings, embedder, store)
    state = state_of(settings, store)
    assert state.documents["manual.txt"]["language"] == "en"
    assert state.documents[SALON]["language"] == "fr"
    for cid in state.chunks_of("manual.txt"):
        assert sorted(state.tokens[cid]) == sorted(tokenize(state.chunks[cid].embed_text, "en"))
    for cid in state.chunks_of(SALON):
        assert sorted(state.tokens[cid]) == sorted(tokenize(state.chunks[cid].embed_text))
    run_index(settings, embedder, store)  # unchanged: the language is carried with the document
    assert state_of(settings, store).documents["manual.txt"]["language"] == "en"


def test_a_document_whose_structure_changes_with_the_same_text_counts_as_changed():
    from askcloud.corpus.models import Block, Document
    from askcloud.index.indexer import document_hash

    text = "Winter care\n\nWater the roses once a week."
    as_paragraph = Document("roses.html", "corpus/roses.html", text, "Roses",
                            blocks=(Block(0, 11, "paragraph"), Block(13, len(text), "paragraph")))
    as_heading = Document("roses.html", "corpus/roses.html", text, "Roses",
                          blocks=(Block(0, 11, "heading", 2), Block(13, len(text), "paragraph")))
    assert document_hash(as_paragraph) != document_hash(as_heading)
    assert document_hash(as_heading) == document_hash(Document("roses.html", "corpus/roses.html", text, "Roses",
                                                               blocks=as_heading.blocks))
