"""The corpus as indexed, kept in the data dir: each document's extracted text (what offsets and quotes refer to),
its page offsets and encoding, and the corpus's topics and example questions.

    <data_dir>/texts/<sha256 of the text>.txt   one file per distinct text
    <data_dir>/corpus.json                       {"topics": [...], "examples": [...], "documents": {doc_id: {...}}}

Written by `askcloud index` after the index state; read by `askcloud show`, the CLI's --topic check, the router's
fallback and the web chat's topic boxes and examples.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from askcloud.corpus.models import Document, content_hash
from askcloud.corpus.topics import Topic
from askcloud.errors import CorpusError

if TYPE_CHECKING:
    from askcloud.corpus.loader import Unopened

MANIFEST = "corpus.json"
TEXTS = "texts"


@dataclass(frozen=True)
class KeptCorpus:
    topics: list[Topic] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    documents: dict[str, dict] = field(default_factory=dict)  # doc_id -> {text, source, title, pages, encoding}

    @property
    def topic_names(self) -> list[str]:
        return [t.name for t in self.topics]


def keep_corpus(data_dir: Path, documents: list[Document | Unopened], topics: list[Topic],
                examples: tuple[str, ...]) -> None:
    """Keep each document's text (an unopened one's is kept already: the indexer checks it is) and the manifest."""
    folder = data_dir / TEXTS
    folder.mkdir(parents=True, exist_ok=True)
    entries = {}
    for doc in documents:
        if not isinstance(doc, Document):  # Unopened (not imported here: the loaders would come with it)
            digest = doc.text_hash
        else:
            digest = content_hash(doc.text)
            path = folder / f"{digest}.txt"
            if not path.exists():
                _atomic_write(path, doc.text)
        entries[doc.doc_id] = {"text": digest, "source": doc.source, "title": doc.title, "pages": list(doc.pages),
                               "encoding": doc.encoding, "ocr_pages": list(doc.ocr_pages)}
    manifest = {"topics": [{"name": t.name, "labels": t.labels} for t in topics], "examples": list(examples),
                "documents": entries}
    _atomic_write(data_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    for stale in set(folder.glob("*.txt")) - {folder / f"{e['text']}.txt" for e in entries.values()}:
        stale.unlink(missing_ok=True)


def text_path(data_dir: Path, digest: str) -> Path:
    """Where the text of this content hash is kept."""
    return data_dir / TEXTS / f"{digest}.txt"


def read_kept(data_dir: Path) -> KeptCorpus | None:
    """The corpus as last indexed, or None before the first `askcloud index`."""
    path = data_dir / MANIFEST
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        topics = [Topic(t["name"], dict(t.get("labels") or {})) for t in raw.get("topics", [])]
        return KeptCorpus(topics, [str(e) for e in raw.get("examples", [])], dict(raw.get("documents", {})))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CorpusError(f"{path} is unreadable ({exc}): run `askcloud index`") from exc


def kept_text(data_dir: Path, entry: dict) -> str:
    try:
        return (data_dir / TEXTS / f"{entry['text']}.txt").read_text(encoding="utf-8")
    except OSError as exc:
        raise CorpusError(f"the extracted text of {entry.get('source')} is missing: run `askcloud index`") from exc


def _atomic_write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def check_topics(data_dir: Path, asked: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """The topics asked for, once checked against the index's; a topic the index does not have is an error that
    names the ones it has. Before the first `askcloud index` nothing can be checked: the topics pass as given."""
    asked = tuple(asked or ())
    kept = read_kept(data_dir) if asked else None
    if kept is None:
        return asked
    unknown = [t for t in asked if t not in kept.topic_names]
    if unknown:
        raise CorpusError(f"unknown topic {', '.join(map(repr, unknown))}: the index has "
                          f"{', '.join(kept.topic_names) or 'no topic'}")
    return asked
