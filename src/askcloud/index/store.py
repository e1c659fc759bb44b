"""The dense store: Chroma, embedded (persistent folder) or a server reached with HttpClient."""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

from askcloud.corpus.models import Chunk
from askcloud.errors import BackendUnavailable, ConfigError, IndexNotBuilt, StoreCorrupted

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    score: float


class ChromaStore:
    """One collection per embedding model, so vectors of different sizes never meet.

    Vectors are always given (never computed by Chroma, whose default embedder would try to download a model).
    """

    def __init__(self, settings, model_id: str) -> None:
        self._settings = settings
        safe = "".join(c if c.isascii() and c.isalnum() else "-" for c in model_id).strip("-")
        self.name = f"{settings.collection_prefix}-{safe}"[:60].rstrip("-")  # Chroma: ends with a letter or digit

    @cached_property
    def _client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        url = self._settings.chroma_url
        try:
            if url:
                return _http_client(chromadb, chroma_settings, url, self._settings.chroma_timeout_s)
            self.folder.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.folder), settings=chroma_settings)
        except BackendUnavailable:
            raise
        except Exception as exc:  # chromadb raises many types for a broken folder
            if url:
                raise BackendUnavailable(f"cannot open the Chroma store at {url}: {exc}") from exc
            raise StoreCorrupted(f"cannot open the Chroma store at {self.folder}: {exc}; `askcloud index --rebuild` "
                                 "sets it aside and builds a new one") from exc

    @property
    def folder(self):
        return self._settings.data_dir / "chroma"

    def set_aside(self) -> Path:
        """Move an unreadable embedded folder out of the way, kept for inspection; returns where it went."""
        target = self.folder.with_name(f"chroma.broken-{time.strftime('%Y%m%d-%H%M%S')}")
        n = 1
        while target.exists():
            n += 1
            target = target.with_name(f"{target.name.split('~')[0]}~{n}")
        self.folder.rename(target)
        self.__dict__.pop("_client", None)
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # chromadb keeps one client per path, the broken one included
        return target

    @cached_property
    def collection(self):
        return self._call(lambda: self._client.get_or_create_collection(
            self.name, embedding_function=None, metadata={"hnsw:space": "cosine"}
        ))

    def upsert(self, chunks: list[Chunk], vectors: np.ndarray, batch: int = 1000) -> None:
        for lo in range(0, len(chunks), batch):
            part = chunks[lo:lo + batch]
            self._call(lambda: self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=np.asarray(vectors[lo:lo + batch], np.float32),
                metadatas=[_metadata(c) for c in part],
                documents=[c.text for c in part],
            ))

    def delete(self, ids: list[str], batch: int = 1000) -> None:
        for lo in range(0, len(ids), batch):
            self._call(lambda: self.collection.delete(ids=ids[lo:lo + batch]))

    def ids(self) -> set[str]:
        found: set[str] = set()
        offset, page = 0, 5000
        while True:
            got = self._call(lambda: self.collection.get(include=[], limit=page, offset=offset))["ids"]
            found.update(got)
            if len(got) < page:
                return found
            offset += page

    def count(self) -> int:
        return self._call(lambda: self.collection.count())

    def query(self, vector: np.ndarray, n: int, where: dict | None = None) -> list[Hit]:
        size = self.count()
        if size == 0:
            raise IndexNotBuilt("the index is empty: run `askcloud index`")
        result = self._call(lambda: self.collection.query(
            query_embeddings=[np.asarray(vector, np.float32)], n_results=min(n, size), where=where or None,
            include=["distances"],
        ))
        return [Hit(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

    def _call(self, fn):
        try:
            return fn()
        except (BackendUnavailable, IndexNotBuilt):
            raise
        except Exception as exc:
            if _is_connection_error(exc):
                raise BackendUnavailable(f"the Chroma server at {self._settings.chroma_url} does not answer: {exc}") from exc
            sizes = re.search(r"expecting embedding with dimension of (\d+), got (\d+)", str(exc))
            if sizes:
                raise ConfigError(
                    f"the index's collection {self.name} holds vectors of {sizes[1]} dimensions and the embedding "
                    f"model now gives {sizes[2]}: another model answers under the same settings; give it a model "
                    "name of its own (ASKCLOUD_EMBEDDING_MODEL) and run `askcloud index`") from exc
            raise


def _http_client(chromadb, chroma_settings, url: str, timeout: float):
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise BackendUnavailable(f"ASKCLOUD_CHROMA_URL must look like http://host:port, not {url!r}")
    import httpx

    port = parsed.port or (443 if parsed.scheme == "https" else 8000)
    base = f"{parsed.scheme}://{parsed.hostname}:{port}"
    try:
        # HttpClient() talks to the server at once and its httpx session has no time-out: check first, bounded.
        httpx.get(f"{base}/api/v2/heartbeat", timeout=timeout).raise_for_status()
        client = chromadb.HttpClient(host=parsed.hostname, port=port, ssl=parsed.scheme == "https",
                                     settings=chroma_settings)
    except Exception as exc:
        raise BackendUnavailable(f"the Chroma server at {url} does not answer: {exc}") from exc
    session = getattr(getattr(client, "_server", None), "_session", None)
    if session is not None:  # every later call is bounded too (chromadb leaves it unbounded)
        session.timeout = httpx.Timeout(timeout)
    return client


def _is_connection_error(exc: Exception) -> bool:
    names = {type(e).__name__ for e in _chain(exc)}
    return bool(names & {"ConnectError", "ConnectTimeout", "ReadTimeout", "ConnectionError", "RemoteProtocolError",
                         "TimeoutException", "ConnectionRefusedError"})


def _chain(exc: BaseException):
    while exc is not None:
        yield exc
        exc = exc.__cause__ or exc.__context__


def _metadata(chunk: Chunk) -> dict:
    meta = {"doc_id": chunk.doc_id, "start": chunk.start, "end": chunk.end, "section": chunk.section,
            "title": chunk.title, "source": chunk.source}
    if chunk.date:
        meta["date"] = chunk.date
    for topic in chunk.topics:
        meta[f"topic_{topic}"] = True
    return meta
