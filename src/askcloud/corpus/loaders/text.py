"""Plain text: the file's own characters once decoded, so that offsets point into the file's text itself."""

from __future__ import annotations

from askcloud.corpus.loaders.encoding import decode
from askcloud.corpus.models import Extracted

SUFFIXES = (".txt",)


def extract(data: bytes) -> Extracted:
    decoded = decode(data)
    return Extracted(decoded.text, encoding=decoded.encoding)
