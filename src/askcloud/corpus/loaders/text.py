"""Plain text and Markdown: the file's own characters, so that offsets point into the file itself."""

from __future__ import annotations

from askcloud.corpus.loaders.base import decode
from askcloud.corpus.models import Extracted

SUFFIXES = (".txt", ".md", ".markdown")


def extract(data: bytes) -> Extracted:
    return Extracted(decode(data))
