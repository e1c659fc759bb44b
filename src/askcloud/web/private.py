"""Each web user's own documents: uploaded into a private folder, indexed apart, searched for that user only.

    <data_dir>/users/<owner hash>/corpus/<PRIVATE_TOPIC>/<file>   the user's files (one topic, so a question can be
                                                                  routed to them like to any topic)
    <data_dir>/users/<owner hash>/index/ …                        their index state, built by the usual indexer
    <data_dir>/users/chroma/                                      one embedded Chroma for every user, a collection each

The owner is the login when the chat has one, else the browser session (its documents go when the tab closes).
The shared corpus is never written here: adding to it is `askcloud index`, or the admin login's explicit choice.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from askcloud.errors import CorpusError
from askcloud.web.upload import Outcome, Progress, add_documents

PRIVATE_TOPIC = "my-documents"
USERS = "users"
MAX_OWNERS = 256  # collections kept open at once; a forgotten one is opened again from disk on its next use


def owner_key(username: str | None, session: str | None) -> str:
    """A stable folder name for a login or a session (never the name itself on disk)."""
    who = f"login:{username}" if username else f"session:{session or 'anonymous'}"
    return hashlib.sha256(who.encode("utf-8")).hexdigest()[:32]


class _UsersStore:
    """The Chroma store of private collections: every user's in one embedded folder (or server), one collection
    per user, so removing a user's last document drops their collection and nothing else."""

    def __init__(self, settings, model_id: str, data_dir: Path) -> None:
        from askcloud.index.store import ChromaStore

        class Store(ChromaStore):
            @property
            def folder(self):
                return data_dir / USERS / "chroma"

            def drop(self) -> None:
                try:
                    self._client.delete_collection(self.name)
                except Exception:  # already gone
                    pass
                self.__dict__.pop("collection", None)

        self.store = Store(settings, model_id)


@dataclass
class PrivateCollection:
    """One owner's documents and index; `retriever` searches them alone (FusedRetriever adds the shared corpus)."""

    key: str
    shared_settings: object
    embedder: object
    lock: threading.Lock

    @property
    def folder(self) -> Path:
        return Path(self.shared_settings.data_dir) / USERS / self.key

    @property
    def corpus(self) -> Path:
        return self.folder / "corpus"

    @property
    def files(self) -> Path:
        return self.corpus / PRIVATE_TOPIC

    @cached_property
    def settings(self):
        return self.shared_settings.model_copy(update={
            "corpus_dir": self.corpus, "data_dir": self.folder, "collection_prefix": f"u{self.key[:20]}"})

    @cached_property
    def store(self):
        return _UsersStore(self.settings, self.embedder.model_id, Path(self.shared_settings.data_dir)).store

    @cached_property
    def retriever(self):
        from askcloud.retrieval.hybrid import HybridRetriever

        return HybridRetriever(self.settings, self.embedder, self.store)

    def names(self) -> list[str]:
        if not self.files.is_dir():
            return []
        return sorted(p.name for p in self.files.iterdir() if p.is_file() and not p.name.startswith("."))

    def add(self, files: list[tuple[Path, str]], progress: Progress | None = None) -> Outcome:
        """Through the same checks as any upload (name, type, size, readable text), into this owner's folder."""
        self.files.mkdir(parents=True, exist_ok=True)
        return add_documents(files, self.settings, self, self.lock, progress, into=self.files)

    def remove(self, names: list[str]) -> list[str]:
        """Remove these documents of the owner and index again; the last one gone, the collection goes too."""
        from askcloud.index.indexer import run_index

        own = set(self.names())
        removed = [n for n in names if n in own]
        with self.lock:
            for name in removed:
                (self.files / name).unlink(missing_ok=True)
            if not self.names():
                self._forget()
            elif removed:
                run_index(self.settings, self.embedder, self.store)
        return removed

    def clear(self) -> None:
        """Everything of this owner (a session's collection when its tab closes)."""
        with self.lock:
            self._forget()

    def _forget(self) -> None:
        try:
            self.store.drop()
        except Exception:  # the store never opened
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


class Collections:
    """Every owner's collection, created on first use; one lock per owner (uploads of two owners never wait on
    each other, two uploads of one owner never index at once)."""

    def __init__(self, settings, embedder_of) -> None:
        self.settings = settings
        self._embedder_of = embedder_of  # () -> the shared embedder (one model in memory for everyone)
        self._open: dict[str, PrivateCollection] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> PrivateCollection:
        with self._lock:
            found = self._open.get(key)
            if found is None:
                if len(self._open) >= MAX_OWNERS:
                    self._open.pop(next(iter(self._open)))
                found = self._open[key] = PrivateCollection(key, self.settings, self._embedder_of(),
                                                            threading.Lock())
            return found

    def has_documents(self, key: str) -> bool:
        return (Path(self.settings.data_dir) / USERS / key / "corpus" / PRIVATE_TOPIC).is_dir()

    def drop(self, key: str) -> None:
        with self._lock:
            found = self._open.pop(key, None)
        (found or PrivateCollection(key, self.settings, None, threading.Lock())).clear()


__all__ = ["Collections", "PrivateCollection", "PRIVATE_TOPIC", "owner_key", "CorpusError"]
