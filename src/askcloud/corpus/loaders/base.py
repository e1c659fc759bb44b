"""What every loader shares: the Unreadable error, inline text flattening, and a builder of block-structured text.

Bytes become text in encoding.py."""

from __future__ import annotations

import re

from askcloud.corpus.models import Block, Extracted

_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u202f]*[ \t\r\n\f\v][ \t\r\n\f\v\u00a0\u202f]*|[\u00a0\u202f]{2,}")
_NO_BREAK = re.compile(r"[\u00a0\u202f]")


class Unreadable(Exception):
    """The file cannot be turned into text; the message says why."""


def flatten(text: str) -> str:
    """Inline text as a reader sees it: the source's line wraps and indentation become single spaces (a no-break
    space among them is kept alone: French typography puts one before « : ; ? ! »)."""
    return _SPACES.sub(_one_space, text).strip()


def _one_space(match: re.Match) -> str:
    kept = _NO_BREAK.search(match.group(0))
    return kept.group(0) if kept else " "


class TextBuilder:
    """Blocks appended one after another: a blank line between blocks, a single line break between the items of
    one list or the rows of one table (`tight`). Offsets of each block are recorded as it is added."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.pages: list[int] = []

    def add(self, kind: str, text: str, level: int = 0, tight: bool = False) -> None:
        text = text.strip("\n") if kind == "code" else text.strip()
        if not text.strip():
            return
        if self._parts:
            self._append("\n" if tight else "\n\n")
        start = self._length
        self._append(text)
        self.blocks.append(Block(start, self._length, kind, level))

    def new_page(self) -> None:
        """The next block starts a new page (its offset is recorded even when the page turns out empty)."""
        self.pages.append(self._length + (2 if self._parts else 0))

    def _append(self, piece: str) -> None:
        self._parts.append(piece)
        self._length += len(piece)

    def build(self, encoding: str | None = None, title: str | None = None) -> Extracted:
        text = "".join(self._parts)
        pages = tuple(min(p, len(text)) for p in self.pages)
        return Extracted(text, tuple(self.blocks), pages, encoding, title)
