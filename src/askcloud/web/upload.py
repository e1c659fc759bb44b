"""Add documents from the browser: strict checks, an atomic copy into the corpus folder, the incremental index.

Anyone with access to the chat can upload, so a file must earn its place: a plain base name, a supported type,
at most 5 MB, readable text. Nothing already in the corpus is ever overwritten.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable, Sequence

from askcloud.corpus.loaders import SUPPORTED, Unreadable, load_text
from askcloud.errors import AskcloudError
from askcloud.web.i18n import t

MAX_BYTES = 5 * 1024 * 1024
MAX_FILES = 10
MAX_CONTROL_SHARE = 100  # at most one control character in this many
_NAME = re.compile(r"^\w[\w .,()'+-]{0,119}$")  # \w includes accented letters
Progress = Callable[[int, int], None]


class Rejected(AskcloudError):
    """One file refused; `key` and `values` give the reason in the interface's language."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values
        super().__init__(t("en", key, **values))

    def reason(self, lang: str) -> str:
        return t(lang, self.key, **self.values)


@dataclass
class Outcome:
    added: list[str] = field(default_factory=list)
    rejected: list[tuple[str, Rejected]] = field(default_factory=list)
    documents: int = 0
    chunks: int = 0
    embedded: int = 0

    def message(self, lang: str, private: bool = False) -> str:
        lines = [t(lang, "rejected", name=name, reason=why.reason(lang)) for name, why in self.rejected]
        if self.added:
            lines.insert(0, t(lang, "added_private" if private else "added", n=len(self.added),
                              names=", ".join(self.added), documents=self.documents, chunks=self.chunks,
                              embedded=self.embedded))
        return "\n".join(lines)


def safe_name(name: str) -> str:
    """The name itself when it is a plain, visible file name; Rejected otherwise (no path, no traversal)."""
    plain = str(name).strip()
    if (not plain or plain != PurePosixPath(plain).name or plain != PureWindowsPath(plain).name
            or plain.startswith(".") or ".." in plain or not _NAME.match(plain)):
        raise Rejected("bad_name")
    return plain


def check(path: Path, name: str, corpus_dir: Path) -> str:
    """Validate one uploaded file (its bytes at `path`, its name as the browser sent it); returns the name."""
    plain = safe_name(name)
    suffix = Path(plain).suffix.lower()
    if suffix not in SUPPORTED:
        raise Rejected("bad_type", suffix=suffix or "(none)", allowed=", ".join(SUPPORTED))
    size = path.stat().st_size
    if size == 0:
        raise Rejected("empty")
    if size > MAX_BYTES:
        raise Rejected("too_big", size=f"{size / 1024 / 1024:.1f}", limit=MAX_BYTES // (1024 * 1024))
    if (corpus_dir / plain).exists():
        raise Rejected("exists")
    return plain


def looks_binary(text: str) -> bool:
    """Control characters anywhere a text would not hold them: a NUL byte past the loader's first 8 KiB, or more
    than one character in a hundred that is neither printable nor a line break or tab (a binary that decodes)."""
    if "\x00" in text:
        return True
    controls = sum(1 for c in text if c not in "\n\r\t\f" and unicodedata.category(c) == "Cc")
    return controls * MAX_CONTROL_SHARE > len(text)


def copy_in(path: Path, name: str, corpus_dir: Path) -> Path:
    """Copy to a hidden temporary file first (the loader skips hidden files), check it reads as text with the
    loader itself, then rename into place: a half-copied or unreadable file is never indexed."""
    fd, tmp = tempfile.mkstemp(dir=corpus_dir, prefix=".upload-", suffix=Path(name).suffix.lower())
    os.close(fd)
    try:
        shutil.copyfile(path, tmp)
        try:
            text = load_text(Path(tmp))
        except Unreadable as exc:
            raise Rejected("unreadable", detail=str(exc)) from exc
        if looks_binary(text):
            raise Rejected("unreadable", detail="looks binary (control characters)")
        target = corpus_dir / name
        if target.exists():  # appeared since `check`
            raise Rejected("exists")
        os.replace(tmp, target)
        return target
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def add_documents(files: Sequence[tuple[Path, str]], settings, retriever, lock: threading.Lock,
                  progress: Progress | None = None, into: Path | None = None) -> Outcome:
    """Check and copy each (path, name) into the corpus (or the folder `into`, inside it), then run the incremental
    index once. Files already copied are removed again if indexing fails, so the corpus never holds unindexed
    uploads."""
    from askcloud.index.indexer import run_index

    outcome = Outcome()
    if len(files) > MAX_FILES:
        raise Rejected("too_many", limit=MAX_FILES)
    with lock:  # one upload at a time: two indexers must not write the same state file
        copied = _copy_all(files, Path(into or settings.corpus_dir), outcome)
        if not copied:
            return outcome
        try:
            report = run_index(settings, retriever.embedder, retriever.store, progress=progress)
        except BaseException:
            for target in copied:
                target.unlink(missing_ok=True)
            raise
    outcome.documents = report.added + report.updated + report.unchanged
    outcome.chunks, outcome.embedded = report.chunks, report.embedded
    return outcome


def _copy_all(files: Sequence[tuple[Path, str]], corpus_dir: Path, outcome: Outcome) -> list[Path]:
    copied = []
    for path, name in files:
        try:
            copied.append(copy_in(Path(path), check(Path(path), name, corpus_dir), corpus_dir))
            outcome.added.append(copied[-1].name)
        except Rejected as exc:
            outcome.rejected.append((str(name)[:120], exc))
        except OSError as exc:  # the upload vanished, or the corpus folder is missing or read-only
            outcome.rejected.append((str(name)[:120], Rejected("unreadable", detail=exc.strerror or str(exc))))
    return copied
