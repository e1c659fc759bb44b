"""The hash embedder and the SQLite cache that makes sure no text is embedded twice."""

from __future__ import annotations

import numpy as np
import pytest

from askcloud.index.embeddings import CachedEmbedder, HashEmbedder, make_embedder

pytestmark = pytest.mark.unit


class CountingEmbedder(HashEmbedder):
    """A hash embedder that records every text it is really asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.query_calls = 0

    def embed_passages(self, texts):
        self.seen.extend(texts)
        return super().embed_passages(texts)

    def embed_query(self, text):
        self.query_calls += 1
        return super().embed_query(text)


def test_hash_embedder_is_deterministic_and_normalised():
    a, b = HashEmbedder(), HashEmbedder()
    texts = ["Le Salon du Cloud à Lyon", "Plus de 1 500 visiteurs."]
    first = a.embed_passages(texts)
    assert first.shape == (2, 256) and first.dtype == np.float32
    assert np.array_equal(first, b.embed_passages(texts))
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0)
    assert np.array_equal(a.embed_query(texts[0]), first[0])


def test_hash_embedder_neighbours_share_words():
    e = HashEmbedder()
    q = e.embed_query("visiteurs du salon")
    near, far = e.embed_passages(["Les visiteurs du salon.", "La neutralité du Net et Netflix."])
    assert float(q @ near) > float(q @ far)
    assert np.allclose(e.embed_query("Événement"), e.embed_query("evenement"))  # folded like the analyzer


def test_hash_embedder_edge_cases():
    e = HashEmbedder(dim=32)
    assert e.model_id == "hash-32"
    assert e.embed_passages([]).shape == (0, 32)
    assert not e.embed_query("").any()  # no words: a zero vector, not NaN


def test_cache_never_embeds_a_text_twice(tmp_path):
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path / "cache.sqlite")
    first = cached.embed_passages(["a b", "c d"])
    second = cached.embed_passages(["c d", "e f", "a b"])
    assert inner.seen == ["a b", "c d", "e f"]
    assert cached.embedded == 3
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[2], first[0])
    assert np.allclose(second[1], HashEmbedder().embed_query("e f"))


def test_cache_embeds_a_text_repeated_in_one_call_once(tmp_path):
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path / "cache.sqlite")
    vectors = cached.embed_passages(["même texte", "même texte", "autre"])
    assert np.array_equal(vectors[0], vectors[1])
    assert sorted(inner.seen) == ["autre", "même texte"]
    assert cached.embedded == 2


def test_cache_persists_across_instances(tmp_path):
    path = tmp_path / "sub" / "cache.sqlite"
    first = CachedEmbedder(CountingEmbedder(), path)
    vectors = first.embed_passages(["un", "deux"])
    inner = CountingEmbedder()
    again = CachedEmbedder(inner, path)
    assert np.array_equal(again.embed_passages(["deux", "un"]), vectors[::-1])
    assert inner.seen == [] and again.embedded == 0


def test_cache_is_keyed_by_model(tmp_path):
    path = tmp_path / "cache.sqlite"
    CachedEmbedder(HashEmbedder(dim=8), path).embed_passages(["texte"])
    inner = CountingEmbedder()  # hash-256, another model id
    assert CachedEmbedder(inner, path).embed_passages(["texte"]).shape == (1, 256)
    assert inner.seen == ["texte"]


def test_cache_reports_progress_by_batch(tmp_path):
    ticks = []
    CachedEmbedder(CountingEmbedder(), tmp_path / "c.sqlite").embed_passages(
        [f"texte {i}" for i in range(5)], on_batch=ticks.append, batch_size=2)
    assert ticks == [2, 2, 1]


def test_queries_are_not_cached(tmp_path):
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, tmp_path / "c.sqlite")
    cached.embed_query("q")
    cached.embed_query("q")
    assert inner.query_calls == 2 and inner.seen == []


def test_make_embedder_hash_backend_uses_data_dir(settings):
    embedder = make_embedder(settings)
    assert isinstance(embedder, CachedEmbedder) and isinstance(embedder.inner, HashEmbedder)
    embedder.embed_passages(["x"])
    assert (settings.data_dir / "embeddings.sqlite").is_file()


class FakeOpenMP:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def omp_set_num_threads(self, n: int) -> None:
        self.calls.append(n)


class FakeE5:
    def query(self, texts):
        return [[1.0] + [0.0] * 383 for _ in texts]

    def passage(self, texts):
        return [[0.0, 1.0] + [0.0] * 382 for _ in texts]


def test_e5_queries_run_on_one_thread_and_passages_on_the_setting():
    from askcloud.index.embeddings import E5Embedder, OpenMP

    lib = FakeOpenMP()
    embedder = E5Embedder(passage_threads=3)
    embedder.__dict__.update(_model=FakeE5(), _omp=OpenMP(lib))  # the cached properties, without the engine
    assert embedder.embed_query("q").shape == (384,)
    assert embedder.embed_passages(["a", "b"]).shape == (2, 384)
    assert embedder.embed_passages([]).shape == (0, 384)
    assert lib.calls == [1, 3]


def test_openmp_without_a_runtime_is_a_no_op(tmp_path):
    from askcloud.index.embeddings import OpenMP

    OpenMP(None).set_threads(2)
    assert OpenMP.beside(tmp_path / "nothing") is not None  # falls back to the system runtime, or to nothing
