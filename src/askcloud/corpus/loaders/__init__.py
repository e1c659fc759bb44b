"""One loader per format, chosen by file suffix. Each turns bytes into the text a user would read and its blocks.

Unreadable files raise `Unreadable` with a one-line reason; nothing else escapes a loader.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from askcloud.corpus.loaders import docx, html, markdown, odt, pdf, pptx, text
from askcloud.corpus.loaders.base import Unreadable
from askcloud.corpus.loaders.ocr import Ocr
from askcloud.corpus.models import Extracted

log = logging.getLogger(__name__)

# Bump when a loader reads a format differently (other text, blocks or title from the same bytes): an index built
# by an older loader then opens every file again instead of carrying what that loader read.
EXTRACTION_VERSION = 3

_REGISTRY: dict[str, Callable[[bytes], Extracted]] = {
    suffix: module.extract for module in (text, markdown, html, pdf, docx, odt, pptx) for suffix in module.SUFFIXES
}
SUPPORTED = tuple(_REGISTRY)

__all__ = ["EXTRACTION_VERSION", "SUPPORTED", "Ocr", "Unreadable", "load", "load_text"]


def load(path: Path, ocr: Ocr | None = None) -> Extracted:
    """The extracted text and structure of one file. Raises Unreadable with a reason a user understands.
    `ocr`: how a PDF's scanned pages are read (default: Tesseract, results not kept)."""
    extract = _REGISTRY.get(path.suffix.lower())
    if extract is None:
        raise Unreadable(f"unsupported type {path.suffix or '(none)'}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot be read ({exc.strerror or exc})") from exc
    try:
        extracted = extract(data, ocr) if extract is pdf.extract else extract(data)
    except Unreadable:
        raise
    except Exception as exc:  # a parser's own failure on a hostile or broken file is a reason, never a crash
        log.debug("loader failed on %s", path, exc_info=True)
        raise Unreadable(f"could not be parsed ({type(exc).__name__}: {exc})".splitlines()[0][:200]) from exc
    if not extracted.text.strip():
        raise Unreadable("is empty")
    return extracted


def load_text(path: Path, ocr: Ocr | None = None) -> str:
    """The document text of one file (what offsets refer to)."""
    return load(path, ocr).text
