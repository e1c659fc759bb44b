"""How the committed index sits on disk and is read back: the SQLite file's schema and connection, a chunk's row,
the document of each lexical row kept beside the lexical index, and the sources a state's tables read lazily from
(chunks from SQLite, tokens from the lexical index's term counts). FORMAT names this layout."""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import fields
from pathlib import Path

from askcloud.corpus.models import Chunk
from askcloud.index.lexical import BM25Index

FORMAT = 2  # 1: one JSON file with every chunk and its tokens. Bump when the layout changes: the index is rebuilt.
DOCS_FILE = "askcloud-docs.json"  # in the lexical folder: the document of each row

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_id);
"""


class ChunkSource:
    """Chunks read from the SQLite file, each decoded once. The doc id of every chunk is read up front."""

    def __init__(self, path: Path, doc_of: dict[str, str]) -> None:
        self.path, self.doc_of = path, doc_of
        self._cache: dict[str, Chunk] = {}
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None

    def read(self, cid: str) -> Chunk:
        chunk = self._cache.get(cid)
        if chunk is None:
            chunk = self.read_many([cid]).get(cid)
            if chunk is None:
                raise KeyError(cid)  # removed by a later `askcloud index`
        return chunk

    def read_many(self, ids: list[str]) -> dict[str, Chunk]:
        missing = [c for c in ids if c not in self._cache]
        if missing:
            with self._lock:
                if self._db is None:
                    self._db = open_db(self.path, readonly=True)
                if len(missing) > 500:
                    rows = self._db.execute("SELECT id, data FROM chunks").fetchall()
                else:
                    marks = ",".join("?" * len(missing))
                    rows = self._db.execute(f"SELECT id, data FROM chunks WHERE id IN ({marks})", missing).fetchall()
            self._cache.update((cid, _chunk(data)) for cid, data in rows)
        return {c: self._cache[c] for c in ids if c in self._cache}


class TokenSource:
    """Tokens of the chunks of a lexical index, as bags rebuilt from its term counts."""

    def __init__(self, lexical: BM25Index) -> None:
        self.lexical = lexical

    def read(self, cid: str) -> list[str]:
        return self.lexical.tokens_of(cid)

    def read_many(self, ids: list[str]) -> dict[str, list[str]]:
        return {c: self.lexical.tokens_of(c) for c in ids}


def read_doc_of(folder: Path, ids: list[str]) -> dict[str, str]:
    """The document of each chunk, kept beside the lexical index (reading 100k rows of SQLite costs more)."""
    raw = json.loads((folder / DOCS_FILE).read_text(encoding="utf-8"))
    docs = raw["documents"]
    if len(raw["rows"]) != len(ids):
        raise ValueError("the lexical index does not match its chunk list")
    return dict(zip(ids, (docs[i] for i in raw["rows"])))


def _chunk(data: str) -> Chunk:
    return Chunk.from_dict(json.loads(data))


def open_db(path: Path, readonly: bool = False) -> sqlite3.Connection:
    target = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    return sqlite3.connect(target, uri=True, timeout=60, isolation_level=None, check_same_thread=False)


def dump_chunk(chunk: Chunk) -> str:
    """Chunk.to_dict without dataclasses.asdict's deep copy (ten times slower on 100k chunks)."""
    data = {f.name: getattr(chunk, f.name) for f in fields(chunk)}
    data["topics"] = list(chunk.topics)
    return json.dumps(data, ensure_ascii=False)
