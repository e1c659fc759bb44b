"""The committed index: documents, chunks and their lexical index, written after the vectors are stored.

On disk, beside the Chroma collection:
  index/<collection>.sqlite3      documents and chunks (SQLite), and which lexical index goes with them
  index/<collection>.bm25/<gen>/  that lexical index (lexical.py: bm25s's files plus the term counts)
A run writes a new lexical folder, then commits the SQLite transaction that names it: readers see the old index or
the new one, whole. Only the chunks of changed documents are written; the others stay where they are. Reading is
lazy: ids and documents at once, a chunk's text when it is asked for, so the first query after `askcloud index`
does not wait for 100k passages to load.

The state is the source of truth. The Chroma collection may briefly hold more (a crash after an upsert); searches
keep only chunk ids present here, and the next `askcloud index` removes the rest.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from askcloud.corpus.models import Chunk
from askcloud.errors import IndexNotBuilt
from askcloud.index.lexical import BM25Index

FORMAT = 2  # 1: one JSON file with every chunk and its tokens. Bump when the layout changes: the index is rebuilt.
DOCS_FILE = "askcloud-docs.json"  # in the lexical folder: the document of each row
log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (doc_id TEXT PRIMARY KEY, info TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_by_doc ON chunks (doc_id);
"""


class _Table(MutableMapping):
    """A dict whose entries are either held here or linked to a stored source and read on first access.

    Carrying an unchanged document to the next state links its entries (`link`) without reading them."""

    def __init__(self, source=None, linked: Iterable[str] = ()) -> None:
        self._held: dict = {}
        self._source = source
        self._linked: dict[str, None] = dict.fromkeys(linked)

    def __getitem__(self, key):
        if key in self._held:
            return self._held[key]
        if key in self._linked:
            return self._source.read(key)
        raise KeyError(key)

    def __setitem__(self, key, value) -> None:
        self._linked.pop(key, None)
        self._held[key] = value

    def __delitem__(self, key) -> None:
        if key in self._held:
            del self._held[key]
        else:
            del self._linked[key]

    def __contains__(self, key) -> bool:
        return key in self._held or key in self._linked

    def __iter__(self) -> Iterator[str]:
        yield from self._linked
        yield from self._held

    def __len__(self) -> int:
        return len(self._held) + len(self._linked)

    def values(self):
        return [v for _, v in self.items()]

    def items(self):
        """Every entry, the linked ones read in one go."""
        read = self._source.read_many(list(self._linked)) if self._linked else {}
        return [(k, read[k]) for k in self._linked] + list(self._held.items())

    def link(self, other, keys: Iterable[str]) -> None:
        """Take these entries of `other` over as they are: still linked if they were."""
        if not isinstance(other, _Table):
            self.update((k, other[k]) for k in keys)
            return
        keys = list(keys)
        if other._held:
            for key in keys:
                if key in other._held:
                    self[key] = other._held[key]
            keys = [k for k in keys if k not in other._held]
        if not keys:
            return
        if self._source is not None and self._source is not other._source:
            for key in keys:
                self[key] = other[key]
            return
        self._source = other._source
        self._linked.update(dict.fromkeys(keys))  # in bulk: a run links every unchanged chunk
        if self._held:
            for key in keys:
                self._held.pop(key, None)

    def linked_to(self, source) -> tuple[list[str], dict]:
        """(keys linked to `source`, every other entry read)."""
        if self._source is source:
            return list(self._linked), dict(self._held)
        return [], dict(self.items())


@dataclass(eq=False)
class IndexState:
    fingerprint: dict = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)  # doc_id -> {hash, source, title, date, kind, topics}
    chunks: MutableMapping[str, Chunk] = field(default_factory=lambda: _Table())
    tokens: MutableMapping[str, list[str]] = field(default_factory=lambda: _Table())  # a bag per chunk
    lexical: BM25Index | None = None  # the lexical index read with this state, None for a new one
    _by_doc: tuple[int, dict[str, list[str]]] | None = None  # (len(chunks) when built, chunk ids by document)

    def __post_init__(self) -> None:
        if not isinstance(self.chunks, _Table):
            self.chunks = _held(self.chunks)
        if not isinstance(self.tokens, _Table):
            self.tokens = _held(self.tokens)

    def __eq__(self, other) -> bool:
        if not isinstance(other, IndexState):
            return NotImplemented
        return (self.fingerprint, self.documents, dict(self.chunks.items())) == (
            other.fingerprint, other.documents, dict(other.chunks.items())) and (
            {k: sorted(v) for k, v in self.tokens.items()} == {k: sorted(v) for k, v in other.tokens.items()})

    def chunks_of(self, doc_id: str) -> list[str]:
        """The chunk ids of a document, from an index by document built once (not a scan per call)."""
        if self._by_doc is None or self._by_doc[0] != len(self.chunks):
            by_doc: dict[str, list[str]] = {}
            doc_of = getattr(self.chunks._source, "doc_of", {})
            for cid in self.chunks._linked:
                by_doc.setdefault(doc_of.get(cid), []).append(cid)
            for cid, chunk in self.chunks._held.items():
                by_doc.setdefault(chunk.doc_id, []).append(cid)
            self._by_doc = (len(self.chunks), by_doc)
        return list(self._by_doc[1].get(doc_id, ()))

    def carry(self, old: IndexState, doc_id: str) -> None:
        """Take an unchanged document's chunks and tokens over from the previous state, without reading them."""
        ids = old.chunks_of(doc_id)
        self.chunks.link(old.chunks, ids)
        self.tokens.link(old.tokens, ids)
        self._by_doc = None


def _held(entries) -> _Table:
    table = _Table()
    table._held = dict(entries)
    return table


def state_path(data_dir: Path, collection: str) -> Path:
    return data_dir / "index" / f"{collection}.sqlite3"


def lexical_dir(path: Path) -> Path:
    return path.with_suffix(".bm25")


def legacy_path(path: Path) -> Path:
    return path.with_suffix(".json")


# ---------------------------------------------------------------------------------------------- reading

class _ChunkSource:
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
                    self._db = _open(self.path, readonly=True)
                if len(missing) > 500:
                    rows = self._db.execute("SELECT id, data FROM chunks").fetchall()
                else:
                    marks = ",".join("?" * len(missing))
                    rows = self._db.execute(f"SELECT id, data FROM chunks WHERE id IN ({marks})", missing).fetchall()
            self._cache.update((cid, _chunk(data)) for cid, data in rows)
        return {c: self._cache[c] for c in ids if c in self._cache}


class _TokenSource:
    """Tokens of the chunks of a lexical index, as bags rebuilt from its term counts."""

    def __init__(self, lexical: BM25Index) -> None:
        self.lexical = lexical

    def read(self, cid: str) -> list[str]:
        return self.lexical.tokens_of(cid)

    def read_many(self, ids: list[str]) -> dict[str, list[str]]:
        return {c: self.lexical.tokens_of(c) for c in ids}


def load_state(path: Path) -> IndexState:
    """The committed state; an index of an older format is converted (legacy JSON) or dropped, with a notice."""
    _migrate_legacy(path)
    if not path.exists():
        return IndexState()
    try:
        db = _open(path, readonly=True)
        try:
            db.execute("BEGIN")  # one consistent read, even while `askcloud index` commits
            meta = dict(db.execute("SELECT key, value FROM meta"))
            if meta.get("format") != str(FORMAT):
                log.warning("note: the index in %s has format %s, this askcloud writes %s: it will be rebuilt",
                            path, meta.get("format"), FORMAT)
                return IndexState()
            documents = {d: json.loads(info) for d, info in db.execute("SELECT doc_id, info FROM documents")}
        finally:
            db.close()
        folder = lexical_dir(path) / meta["lexical"]
        lexical = BM25Index.load(folder)
        doc_of = _read_doc_of(folder, lexical.ids)
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IndexNotBuilt(f"the index state {path} is unreadable ({exc}): run `askcloud index --rebuild`") from exc
    state = IndexState(json.loads(meta["fingerprint"]), documents, _Table(_ChunkSource(path, doc_of), doc_of),
                       _Table(_TokenSource(lexical), lexical.ids), lexical)
    return state


def _read_doc_of(folder: Path, ids: list[str]) -> dict[str, str]:
    """The document of each chunk, kept beside the lexical index (reading 100k rows of SQLite costs more)."""
    raw = json.loads((folder / DOCS_FILE).read_text(encoding="utf-8"))
    docs = raw["documents"]
    if len(raw["rows"]) != len(ids):
        raise ValueError("the lexical index does not match its chunk list")
    return dict(zip(ids, (docs[i] for i in raw["rows"])))


def _write_doc_of(folder: Path, ids: list[str], state: IndexState) -> None:
    source = state.chunks._source
    doc_of = source.doc_of if isinstance(source, _ChunkSource) else {}
    linked, held = state.chunks._linked, state.chunks._held
    numbers: dict[str, int] = {}
    rows = [numbers.setdefault(held[c].doc_id if c in held else doc_of[c] if c in doc_of and c in linked
                               else state.chunks[c].doc_id, len(numbers)) for c in ids]
    with open(folder / DOCS_FILE, "w", encoding="utf-8") as out:
        out.write(json.dumps({"documents": list(numbers), "rows": rows}, ensure_ascii=False))  # dump() is slower
        out.flush()
        os.fsync(out.fileno())


def _chunk(data: str) -> Chunk:
    return Chunk.from_dict(json.loads(data))


def _open(path: Path, readonly: bool = False) -> sqlite3.Connection:
    target = f"file:{path}?mode=ro" if readonly else f"file:{path}"
    return sqlite3.connect(target, uri=True, timeout=60, isolation_level=None, check_same_thread=False)


def _migrate_legacy(path: Path) -> None:
    """Convert the JSON state of askcloud before format 2 (same chunks, same tokens), once, with a notice."""
    old = legacy_path(path)
    if path.exists() or not old.exists():
        return
    try:
        raw = json.loads(old.read_text(encoding="utf-8"))
        if raw.get("format") != 1:
            raise ValueError(f"format {raw.get('format')}")
        chunks = {c["id"]: Chunk.from_dict(c) for c in raw["chunks"]}
        state = IndexState(raw["fingerprint"], raw["documents"], chunks, raw["tokens"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("note: the old index state %s is unreadable (%s); set aside, `askcloud index` rebuilds it",
                    old, exc)
        old.rename(old.with_suffix(".json.unreadable"))
        return
    save_state(path, state)
    old.unlink()
    log.warning("note: converted the index state %s to the new format (%s)", old.name, path.name)


# ---------------------------------------------------------------------------------------------- writing

def save_state(path: Path, state: IndexState) -> None:
    """Write the lexical index to a new folder, then commit the chunks that changed and the folder's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lexical = _lexical_of(state)
    if lexical.folder is not None and lexical.folder.parent == lexical_dir(path) and lexical.folder.exists():
        _commit(path, state, lexical.folder.name)  # the same passages: the lexical index stays as it is
        return
    generation = f"{time.time_ns():x}"
    folder = lexical_dir(path) / generation
    lexical.save(folder)
    try:
        _write_doc_of(folder, lexical.ids, state)
        _commit(path, state, generation)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _drop_old_generations(lexical_dir(path), keep=generation)
    state.lexical = lexical


def _lexical_of(state: IndexState) -> BM25Index:
    """The previous lexical index's rows for carried chunks, new rows for the rest, in chunk order."""
    token_source = state.tokens._source if isinstance(state.tokens._source, _TokenSource) else None
    base = token_source.lexical if token_source is not None else None
    kept, fresh = state.tokens.linked_to(token_source) if base is not None else ([], dict(state.tokens.items()))
    wanted = set(state.chunks)
    kept = [c for c in kept if c in wanted]
    fresh = {c: t for c, t in fresh.items() if c in wanted}
    fresh.update((c, []) for c in wanted.difference(kept, fresh))  # a chunk without tokens is still a row
    if base is not None and not fresh and kept == base.ids:
        return base
    return BM25Index.from_rows(base, kept, fresh)


def _commit(path: Path, state: IndexState, generation: str) -> None:
    db = _open(path)
    try:
        db.executescript(_SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        existing = {cid for (cid,) in db.execute("SELECT id FROM chunks")}
        same_file = isinstance(state.chunks._source, _ChunkSource) and state.chunks._source.path == path
        linked, held = state.chunks.linked_to(state.chunks._source) if same_file else ([], dict(state.chunks.items()))
        missing = [c for c in linked if c not in existing]  # linked to rows a concurrent run removed: unlikely
        held.update(state.chunks._source.read_many(missing) if missing else {})
        stale = existing.difference(linked, held)
        db.executemany("DELETE FROM chunks WHERE id = ?", ((c,) for c in stale))
        db.executemany("INSERT OR REPLACE INTO chunks (id, doc_id, data) VALUES (?, ?, ?)",
                       ((c.id, c.doc_id, _dump(c)) for c in held.values()))
        db.execute("DELETE FROM documents")
        db.executemany("INSERT INTO documents (doc_id, info) VALUES (?, ?)",
                       ((d, json.dumps(info, ensure_ascii=False)) for d, info in state.documents.items()))
        db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [
            ("format", str(FORMAT)), ("fingerprint", json.dumps(state.fingerprint)), ("lexical", generation)])
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()


def _dump(chunk: Chunk) -> str:
    """Chunk.to_dict without dataclasses.asdict's deep copy (ten times slower on 100k chunks)."""
    data = {f.name: getattr(chunk, f.name) for f in fields(chunk)}
    data["topics"] = list(chunk.topics)
    return json.dumps(data, ensure_ascii=False)


def _drop_old_generations(folder: Path, keep: str) -> None:
    """Keep the new lexical folder and the one before it (a reader may be opening it right now)."""
    generations = sorted(p for p in folder.iterdir() if p.is_dir())  # names: creation times, in hexadecimal
    for old in generations[:-2]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
