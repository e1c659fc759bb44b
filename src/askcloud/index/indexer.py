"""Incremental indexing: embed only what changed, replace changed documents, drop deleted ones."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

from askcloud.corpus.catalog import load_catalog
from askcloud.corpus.kept import keep_corpus, text_path
from askcloud.corpus.loader import FileRecord, Unopened, scan_corpus
from askcloud.corpus.loaders import EXTRACTION_VERSION
from askcloud.corpus.loaders.ocr import Ocr
from askcloud.corpus.models import PASSAGE_TEXT_VERSION, Chunk, Document, Skipped, content_hash
from askcloud.corpus.splitter import split_document
from askcloud.corpus.topics import corpus_topics
from askcloud.errors import CorpusError
from askcloud.index.analyzer import VERSION as ANALYZER_VERSION, tokenize
from askcloud.index.state import IndexState, load_state, save_state, state_path

SPLITTER_VERSION = 6  # bump when chunks change: every document is then split again
Progress = Callable[[int, int], None]  # (done, total) texts embedded


@dataclass
class IndexReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    embedded: int = 0
    chunks: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {k: getattr(self, k) for k in ("added", "updated", "removed", "unchanged", "embedded", "chunks")}
        data["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        return data


def fingerprint(settings, model_id: str) -> dict:
    """What the stored passages, vectors and terms depend on: when any of it changes, every document is indexed
    again (an index never mixes passages embedded one way with passages embedded another way)."""
    return {"model": model_id, "chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap,
            "min_section": settings.chunk_min_section, "splitter": SPLITTER_VERSION, "analyzer": ANALYZER_VERSION,
            "passage_text": PASSAGE_TEXT_VERSION, "loaders": EXTRACTION_VERSION}


def document_language(doc: Document) -> str:
    """The language a document is written in ("fr" or "en", French when its words do not tell): its passages are
    tokenized with that language's analyzer, and a question in another language leans less on BM25 for them. The
    document's, not each passage's: a table row or a sentence left untranslated says less than the whole text."""
    from askcloud.text.packs import detect_language

    return detect_language(f"{doc.title}\n{doc.text}", default="fr")


def document_hash(doc: Document) -> str:
    """What the document's passages are made from: its text, its metadata and its structure as the loader found it
    (headings, lists, pages, recognised pages) — a loader that now finds a heading where it found a paragraph
    changes the passages even when the text is the same."""
    meta = json.dumps([doc.title, doc.date, doc.kind, list(doc.topics), doc.source], ensure_ascii=False)
    structure = json.dumps([[b.start, b.end, b.kind, b.level] for b in doc.blocks] + [list(doc.pages),
                                                                                     list(doc.ocr_pages)])
    return content_hash(doc.text + "\x00" + meta + "\x00" + structure)


def run_index(settings, embedder, store, rebuild: bool = False, progress: Progress | None = None) -> IndexReport:
    catalog = load_catalog(settings.corpus_dir)
    ocr = Ocr(settings.ocr_languages, cache_dir=settings.data_dir / "ocr")  # a page is recognised once
    path = state_path(settings.data_dir, store.name)
    old = IndexState() if rebuild else load_state(path)
    fp = fingerprint(settings, embedder.model_id)
    if old.fingerprint != fp:
        old = IndexState(documents=old.documents, chunks=old.chunks, tokens=old.tokens)  # every doc counts as changed
    # A file unchanged since the last run, whose document is too, is not opened again (its chunks are carried).
    known = _file_records(settings.data_dir, old) if old.fingerprint == fp else {}
    documents, skipped, records = scan_corpus(settings.corpus_dir, catalog, ocr, known,
                                              keep=lambda doc: _same_metadata(old.documents.get(doc.doc_id), doc))
    if not documents:
        detail = f" ({len(skipped)} file(s) skipped)" if skipped else ""
        raise CorpusError(f"no readable document in {settings.corpus_dir}{detail}")
    report = IndexReport(skipped=skipped)
    new = IndexState(fingerprint=fp)
    to_embed: list[Chunk] = []
    for doc in documents:
        previous = old.documents.get(doc.doc_id)
        digest = previous["hash"] if isinstance(doc, Unopened) else document_hash(doc)  # Unopened: the same text
        if previous and previous["hash"] == digest and old.fingerprint == fp:
            report.unchanged += 1
            _carry(old, new, doc.doc_id)
            language = previous.get("language", "fr")
        else:
            report.updated += bool(previous)
            report.added += not previous
            chunks = split_document(doc, settings.chunk_size, settings.chunk_overlap, settings.chunk_min_section)
            to_embed.extend(chunks)
            new.chunks.update({c.id: c for c in chunks})
            language = document_language(doc)
            new.tokens.update({c.id: tokenize(c.embed_text, language) for c in chunks})
        new.documents[doc.doc_id] = {"hash": digest, "source": doc.source, "title": doc.title, "date": doc.date,
                                     "kind": doc.kind, "topics": list(doc.topics), "language": language}
        if doc.doc_id in records:
            new.documents[doc.doc_id]["file"] = records[doc.doc_id].to_dict()
    report.removed = len(set(old.documents) - set(new.documents))
    _write(settings, embedder, store, new, to_embed, rebuild, progress, report)
    save_state(path, new)
    keep_corpus(settings.data_dir, documents, corpus_topics(documents, catalog.topics), catalog.examples)
    _collect_garbage(store, new)
    report.chunks = len(new.chunks)
    return report


def _file_records(data_dir, old: IndexState) -> dict[str, FileRecord]:
    """What the last run recorded of each file, when the text it kept of the file is still there."""
    records = {}
    for doc_id, info in old.documents.items():
        record = FileRecord.from_dict(info.get("file"))
        if record is not None and text_path(data_dir, record.text_hash).exists():
            records[doc_id] = record
    return records


def _same_metadata(previous: dict | None, doc: Unopened) -> bool:
    """Whether an unopened file's document is unchanged: the same metadata as when it was indexed (a catalog entry
    may change while the file does not). Its text is the same: that is what its record says."""
    return previous is not None and "hash" in previous and (
        [previous.get(k) for k in ("title", "date", "kind", "topics", "source")] ==
        [doc.title, doc.date, doc.kind, list(doc.topics), doc.source])


def _carry(old: IndexState, new: IndexState, doc_id: str) -> None:
    new.carry(old, doc_id)  # linked, not read: a run costs the changed documents, not the whole corpus


def _write(settings, embedder, store, new: IndexState, to_embed: list[Chunk], rebuild: bool,
           progress: Progress | None, report: IndexReport) -> None:
    present = set() if rebuild else store.ids()
    queued = {c.id for c in to_embed}
    missing = [new.chunks[cid] for cid in new.chunks if cid not in present and cid not in queued]
    pending = to_embed + missing  # chunks the store lost (a crash, a wiped server) are written again
    before = embedder.embedded
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(pending))

    vectors = embedder.embed_passages([c.embed_text for c in pending], on_batch=tick)
    report.embedded = embedder.embedded - before
    if pending:
        store.upsert(pending, vectors)


def _collect_garbage(store, new: IndexState) -> None:
    stale = sorted(store.ids() - set(new.chunks))
    if stale:
        store.delete(stale)
