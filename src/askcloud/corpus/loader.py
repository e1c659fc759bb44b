"""Walk a corpus folder into Documents, skipping (and naming) what cannot be read."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from askcloud.corpus.catalog import CATALOG_FILE, Catalog, Entry, infer_entry, load_catalog
from askcloud.corpus.loaders import SUPPORTED, Ocr, Unreadable, load
from askcloud.corpus.models import Document, Extracted, Skipped
from askcloud.corpus.topics import topics_of_file
from askcloud.errors import CorpusError

log = logging.getLogger(__name__)


def load_corpus(corpus_dir: Path, catalog: Catalog | None = None,
                ocr: Ocr | None = None) -> tuple[list[Document], list[Skipped]]:
    """All readable documents under corpus_dir, and the files skipped with their reason (a file read but for a
    part, a scanned page without OCR, is both: its document, and the part left out with why)."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    entries = (catalog or load_catalog(corpus_dir)).entries
    documents: list[Document] = []
    skipped: list[Skipped] = []
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file() and not _hidden(p, corpus_dir)):
        rel = path.relative_to(corpus_dir).as_posix()
        if rel == CATALOG_FILE:
            continue
        if path.suffix.lower() not in SUPPORTED:
            skipped.append(Skipped(_shown(corpus_dir, path), f"unsupported type {path.suffix or '(none)'}"))
            continue
        try:
            extracted = load(path, ocr)
        except Unreadable as exc:
            skipped.append(Skipped(_shown(corpus_dir, path), str(exc)))
            continue
        entry = entries.get(rel) or _inferred(extracted)
        documents.append(Document(
            doc_id=rel, source=_shown(corpus_dir, path), text=extracted.text, title=entry.title,
            date=entry.date, kind=entry.kind, topics=topics_of_file(rel, entry.topics),
            original_file=entry.original_file or path.name, blocks=extracted.blocks, pages=extracted.pages,
            encoding=extracted.encoding, ocr_pages=extracted.ocr_pages,
        ))
        skipped.extend(Skipped(_shown(corpus_dir, path), line) for line in extracted.unread)
    for item in skipped:
        log.warning("skipped %s: %s", item.path, item.reason)
    return documents, skipped


def _inferred(extracted: Extracted) -> Entry:
    """A file the catalog does not list: the title it states about itself (Markdown front matter), else its first
    line."""
    entry = infer_entry(extracted.text)
    return replace(entry, title=extracted.title) if extracted.title else entry


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _shown(corpus_dir: Path, path: Path) -> str:
    """The path as users see it: relative to the working directory when possible."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
