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

Here: the state, where its files are, loading and committing it. The files' layout and the lazy sources that read
them are in stored.py; the tables of entries held or linked to such a source, in table.py.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from askcloud.corpus.models import Chunk
from askcloud.errors import IndexNotBuilt
from askcloud.index.lexical import BM25Index
from askcloud.index.stored import (DOCS_FILE, FORMAT, SCHEMA, ChunkSource, TokenSource, dump_chunk, open_db,
                                   read_doc_of)
from askcloud.index.table import Table, held_table

log = logging.getLogger(__name__)


@dataclass(eq=False)
class IndexState:
    fingerprint: dict = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)  # doc_id -> {hash, source, title, date, kind, topics}
    chunks: MutableMapping[str, Chunk] = field(default_factory=lambda: Table())
    tokens: MutableMapping[str, list[str]] = field(default_factory=lambda: Table())  # a bag per chunk
    lexical: BM25Index | None = None  # the lexical index read with this state, None for a new one
    _by_doc: tuple[int, dict[str, list[str]]] | None = None  # (len(chunks) when built, chunk ids by document)

    def __post_init__(self) -> None:
        if not isinstance(self.chunks, Table):
            self.chunks = held_table(self.chunks)
        if not isinstance(self.tokens, Table):
            self.tokens = held_table(self.tokens)

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


def state_path(data_dir: Path, collection: str) -> Path:
    return data_dir / "index" / f"{collection}.sqlite3"


def lexical_dir(path: Path) -> Path:
    return path.with_suffix(".bm25")


def legacy_path(path: Path) -> Path:
    return path.with_suffix(".json")


def load_state(path: Path) -> IndexState:
    """The committed state; an index of an older format is converted (legacy JSON) or dropped, with a notice."""
    _migrate_legacy(path)
    if not path.exists():
        return IndexState()
    try:
        db = open_db(path, readonly=True)
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
        doc_of = read_doc_of(folder, lexical.ids)
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IndexNotBuilt(f"the index state {path} is unreadable ({exc}): run `askcloud index --rebuild`") from exc
    state = IndexState(json.loads(meta["fingerprint"]), documents, Table(ChunkSource(path, doc_of), doc_of),
                       Table(TokenSource(lexical), lexical.ids), lexical)
    return state


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


def _write_doc_of(folder: Path, ids: list[str], state: IndexState) -> None:
    source = state.chunks._source
    doc_of = source.doc_of if isinstance(source, ChunkSource) else {}
    linked, held = state.chunks._linked, state.chunks._held
    numbers: dict[str, int] = {}
    rows = [numbers.setdefault(held[c].doc_id if c in held else doc_of[c] if c in doc_of and c in linked
                               else state.chunks[c].doc_id, len(numbers)) for c in ids]
    with open(folder / DOCS_FILE, "w", encoding="utf-8") as out:
        out.write(json.dumps({"documents": list(numbers), "rows": rows}, ensure_ascii=False))  # dump() is slower
        out.flush()
        os.fsync(out.fileno())


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
    token_source = state.tokens._source if isinstance(state.tokens._source, TokenSource) else None
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
    db = open_db(path)
    try:
        db.executescript(SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        existing = {cid for (cid,) in db.execute("SELECT id FROM chunks")}
        same_file = isinstance(state.chunks._source, ChunkSource) and state.chunks._source.path == path
        linked, held = state.chunks.linked_to(state.chunks._source) if same_file else ([], dict(state.chunks.items()))
        missing = [c for c in linked if c not in existing]  # linked to rows a concurrent run removed: unlikely
        held.update(state.chunks._source.read_many(missing) if missing else {})
        stale = existing.difference(linked, held)
        db.executemany("DELETE FROM chunks WHERE id = ?", ((c,) for c in stale))
        db.executemany("INSERT OR REPLACE INTO chunks (id, doc_id, data) VALUES (?, ?, ?)",
                       ((c.id, c.doc_id, dump_chunk(c)) for c in held.values()))
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


def _drop_old_generations(folder: Path, keep: str) -> None:
    """Keep the new lexical folder and the one before it (a reader may be opening it right now)."""
    generations = sorted(p for p in folder.iterdir() if p.is_dir())  # names: creation times, in hexadecimal
    for old in generations[:-2]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)
