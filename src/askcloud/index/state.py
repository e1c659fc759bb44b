"""The committed index: documents, chunks and their tokens, written atomically after the vectors are stored.

The state file is the source of truth. The Chroma collection may briefly hold more (a crash after an upsert);
searches keep only chunk ids present here, and the next `askcloud index` removes the rest.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from askcloud.corpus.models import Chunk
from askcloud.errors import IndexNotBuilt

FORMAT = 1


@dataclass
class IndexState:
    fingerprint: dict = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)  # doc_id -> {hash, source, title, date, kind, topics}
    chunks: dict[str, Chunk] = field(default_factory=dict)
    tokens: dict[str, list[str]] = field(default_factory=dict)

    def chunks_of(self, doc_id: str) -> list[str]:
        return [cid for cid, c in self.chunks.items() if c.doc_id == doc_id]


def state_path(data_dir: Path, collection: str) -> Path:
    return data_dir / "index" / f"{collection}.json"


def load_state(path: Path) -> IndexState:
    if not path.exists():
        return IndexState()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            raise ValueError(f"format {raw.get('format')}")
        chunks = {c["id"]: Chunk.from_dict(c) for c in raw["chunks"]}
        return IndexState(raw["fingerprint"], raw["documents"], chunks, raw["tokens"])
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexNotBuilt(f"the index state {path} is unreadable ({exc}): run `askcloud index --rebuild`") from exc


def save_state(path: Path, state: IndexState) -> None:
    """Write to a temporary file, fsync, then rename over the old one: readers see the old or the new, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": FORMAT, "fingerprint": state.fingerprint, "documents": state.documents,
        "chunks": [c.to_dict() for c in state.chunks.values()], "tokens": state.tokens,
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(payload, out, ensure_ascii=False)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
