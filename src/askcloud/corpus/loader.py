"""Walk a corpus folder into Documents, skipping (and naming) what cannot be read.

`scan_corpus` can leave unchanged files unopened: given what an earlier run recorded of each file (`FileRecord`:
its size, modification and change times and inode, the loading code it was read with, and what was read), a file
whose record still matches is described again from the record (`Unopened`) without reading or parsing it. Any
doubt reads the file as before: no record, another loading code or parser version, other OCR settings, a file
touched, rewritten or replaced, a file modified so recently that a later write could leave its times unchanged
(`SETTLE_NS`), a file read only in part. The caller also says (`keep`) whether the document itself is unchanged
(its catalog entry may have changed while its file did not); when it is not, the file is read (`read_document`).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from askcloud.corpus.catalog import CATALOG_FILE, Catalog, Entry, infer_entry, load_catalog
from askcloud.corpus.loaders import SUPPORTED, Ocr, Unreadable, load
from askcloud.corpus.models import Document, Extracted, Skipped, content_hash
from askcloud.corpus.topics import topics_of_file
from askcloud.errors import CorpusError

log = logging.getLogger(__name__)

# A file modified less than this before it was read may be written again within the same tick of its file system's
# clock, its times unchanged: its record is not kept (the next run reads it). Whole-second modification times
# suggest a file system that keeps no finer ones (FAT keeps 2 s).
SETTLE_NS = 100_000_000
SETTLE_COARSE_NS = 2_000_000_000
# What else the extracted text depends on: the parsers' own versions, and askcloud's (its loaders' source is hashed
# too: an installation without it still tells a new release).
PARSERS = ("askcloud", "beautifulsoup4", "charset-normalizer", "lxml", "markdown-it-py", "mdit-py-plugins",
           "pdfminer.six", "pypdfium2", "python-docx", "python-pptx", "PyYAML")


@dataclass(frozen=True)
class FileRecord:
    """What a run read from a file, enough to describe its document again without opening it."""

    stamp: tuple[int, ...]  # size, modification time, change time (ns) and inode when it was read
    reader: str  # reader_key() then
    text_hash: str  # content_hash of the extracted text
    pages: tuple[int, ...] = ()
    encoding: str | None = None
    ocr_pages: tuple[int, ...] = ()
    inferred: tuple[str, str | None] = ("", None)  # title and date the file gives itself (no catalog entry)

    def to_dict(self) -> dict:
        return {"stamp": list(self.stamp), "reader": self.reader, "text": self.text_hash, "pages": list(self.pages),
                "encoding": self.encoding, "ocr_pages": list(self.ocr_pages), "inferred": list(self.inferred)}

    @classmethod
    def from_dict(cls, data: object) -> FileRecord | None:
        """The record, or None for anything else (an index written before records were kept, a damaged one)."""
        try:
            title, date = data["inferred"]
            return cls(tuple(int(v) for v in data["stamp"]), str(data["reader"]), str(data["text"]),
                       tuple(int(p) for p in data["pages"]), data["encoding"],
                       tuple(int(p) for p in data["ocr_pages"]), (str(title), date))
        except (TypeError, KeyError, ValueError):
            return None


@dataclass(frozen=True)
class Unopened:
    """A document whose file was not opened: the file has not changed since `record` was taken. Its metadata are
    today's (catalog, path); its text is the one recorded."""

    doc_id: str
    source: str
    title: str
    date: str | None
    kind: str
    topics: tuple[str, ...]
    original_file: str | None
    record: FileRecord

    @property
    def text_hash(self) -> str:
        return self.record.text_hash

    @property
    def pages(self) -> tuple[int, ...]:
        return self.record.pages

    @property
    def encoding(self) -> str | None:
        return self.record.encoding

    @property
    def ocr_pages(self) -> tuple[int, ...]:
        return self.record.ocr_pages


def load_corpus(corpus_dir: Path, catalog: Catalog | None = None,
                ocr: Ocr | None = None) -> tuple[list[Document], list[Skipped]]:
    """All readable documents under corpus_dir, and the files skipped with their reason (a file read but for a
    part, a scanned page without OCR, is both: its document, and the part left out with why)."""
    documents, skipped, _ = scan_corpus(corpus_dir, catalog, ocr)
    return documents, skipped


def scan_corpus(corpus_dir: Path, catalog: Catalog | None = None, ocr: Ocr | None = None,
                known: Mapping[str, FileRecord] | None = None, keep: Callable[[Unopened], bool] | None = None,
                ) -> tuple[list[Document | Unopened], list[Skipped], dict[str, FileRecord]]:
    """As load_corpus, but a file whose record in `known` (by path in the corpus) still matches it, and whose
    document `keep` accepts, is left unopened. With `known` (even empty), also returns the record of each file, to
    keep for the next run (none for a file read in part or modified just before it was read)."""
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus folder not found: {corpus_dir}")
    entries = (catalog or load_catalog(corpus_dir)).entries
    reader = reader_key(ocr) if known else ""
    documents: list[Document | Unopened] = []
    skipped: list[Skipped] = []
    records: dict[str, FileRecord] = {}
    shown = _Shown()
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file() and not _hidden(p, corpus_dir)):
        rel = path.relative_to(corpus_dir).as_posix()
        if rel == CATALOG_FILE:
            continue
        if path.suffix.lower() not in SUPPORTED:
            skipped.append(Skipped(shown(path), f"unsupported type {path.suffix or '(none)'}"))
            continue
        record = known.get(rel) if known else None
        if record is not None and record.reader == reader and _unchanged(path, record):
            entry = entries.get(rel) or Entry(record.inferred[0], record.inferred[1], "article", (), None)
            unopened = Unopened(rel, shown(path), entry.title, entry.date, entry.kind,
                                topics_of_file(rel, entry.topics), entry.original_file or path.name, record)
            if keep is None or keep(unopened):
                documents.append(unopened)
                records[rel] = record
                continue
        document, unread, record = read_document(corpus_dir, path, entries, ocr, shown, known is not None)
        skipped.extend(unread)
        if document is not None:
            documents.append(document)
        if record is not None:
            records[rel] = record
    for item in skipped:
        log.warning("skipped %s: %s", item.path, item.reason)
    return documents, skipped, records


def read_document(corpus_dir: Path, path: Path, entries: Mapping[str, Entry], ocr: Ocr | None = None,
                  show: Callable[[Path], str] | None = None, record: bool = True,
                  ) -> tuple[Document | None, list[Skipped], FileRecord | None]:
    """One file read: its document (None when unreadable), what was left out of it, and its record (None when it
    was read in part, or modified so recently that its times may not tell a later write; or not asked for)."""
    rel = path.relative_to(corpus_dir).as_posix()
    shown = (show or _Shown())(path)
    try:
        stamp = file_stamp(path)  # before reading: a write while it is read changes it for the next run
        settled = _settled(stamp)
        extracted = load(path, ocr)
    except (Unreadable, OSError) as exc:
        return None, [Skipped(shown, str(exc) if isinstance(exc, Unreadable) else f"cannot be read ({exc})")], None
    inferred = _inferred(extracted)
    entry = entries.get(rel) or inferred
    document = Document(
        doc_id=rel, source=shown, text=extracted.text, title=entry.title,
        date=entry.date, kind=entry.kind, topics=topics_of_file(rel, entry.topics),
        original_file=entry.original_file or path.name, blocks=extracted.blocks, pages=extracted.pages,
        encoding=extracted.encoding, ocr_pages=extracted.ocr_pages,
    )
    unread = [Skipped(shown, line) for line in extracted.unread]
    if not (record and settled and not unread):
        return document, unread, None
    return document, unread, FileRecord(stamp, reader_key(ocr), content_hash(extracted.text), extracted.pages,
                                        extracted.encoding, extracted.ocr_pages, (inferred.title, inferred.date))


def file_stamp(path: Path) -> tuple[int, ...]:
    """What tells a file was written or replaced: size, modification and change times, inode."""
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


def _unchanged(path: Path, record: FileRecord) -> bool:
    try:
        return record.stamp == file_stamp(path)
    except OSError:
        return False  # gone since the folder was listed: reading it says why


def _settled(stamp: tuple[int, ...]) -> bool:
    """Whether the file's last change is far enough in the past that a later write would show in its times."""
    _, mtime, ctime, _ = stamp
    coarse = mtime % 1_000_000_000 == 0 and ctime % 1_000_000_000 == 0
    return time.time_ns() - max(mtime, ctime) >= (SETTLE_COARSE_NS if coarse else SETTLE_NS)


def reader_key(ocr: Ocr | None = None) -> str:
    """What a file's extracted text depends on besides its bytes: the source of the loading code, the parsers'
    versions, the OCR settings. A record taken with another key is not used."""
    ocr = ocr or Ocr()
    return _code_key() + f"|{ocr.languages}|{ocr.dpi}"


@lru_cache(maxsize=1)
def _code_key() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from askcloud.corpus import catalog, loaders

    digest = hashlib.sha256()
    sources = [Path(__file__), Path(catalog.__file__), *sorted(Path(loaders.__file__).parent.glob("*.py"))]
    for source in sources:
        digest.update(source.name.encode() + b"\x00" + source.read_bytes() + b"\x00")
    for name in PARSERS:
        try:
            digest.update(f"{name}={version(name)}\x00".encode())
        except PackageNotFoundError:
            digest.update(f"{name}=-\x00".encode())
    return digest.hexdigest()[:16]


def _inferred(extracted: Extracted) -> Entry:
    """A file the catalog does not list: the title it states about itself (Markdown front matter), else its first
    line."""
    entry = infer_entry(extracted.text)
    return replace(entry, title=extracted.title) if extracted.title else entry


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _shown(corpus_dir: Path, path: Path) -> str:
    """The path as users see it: relative to the working directory when possible."""
    return _Shown()(path)


class _Shown:
    """_shown for many files: the working directory and each folder are resolved once, and a file that is no
    symbolic link is its resolved folder and its name."""

    def __init__(self) -> None:
        self.cwd = Path.cwd().resolve()
        self.folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        if path.is_symlink():
            resolved = path.resolve()
        else:
            folder = self.folders.get(path.parent)
            if folder is None:
                folder = self.folders[path.parent] = path.parent.resolve()
            resolved = folder / path.name
        try:
            return resolved.relative_to(self.cwd).as_posix()
        except ValueError:
            return path.as_posix()
