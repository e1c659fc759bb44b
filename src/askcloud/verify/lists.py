"""A list split across two passages: "Les marchés naturels sont : 1. … 2." and, in the next chunk, "2. Les
collectivités locales …". The passage announcing the list answers the question; the one ending it holds half the
answer."""

from __future__ import annotations

import re

from askcloud.corpus.models import Chunk

_ITEM = re.compile(r"\s*(?:\d+[.)]|[-•*–])(?:\s|$)")
# Chunks of the same document that follow each other: overlapping (a repeated sentence), or apart by blanks only.
_GAP = 8


def open_list(text: str) -> bool:
    """The text ends inside a list: a line announcing it ("… sont :") is followed, to the end, by items only."""
    lines = [line for line in text.split("\n") if line.strip()]
    for k in range(len(lines) - 1, -1, -1):
        if not _ITEM.match(lines[k]):
            return lines[k].rstrip().endswith(":") and k < len(lines) - 1
    return False


def follows(before: Chunk, after: Chunk) -> bool:
    """`after` is the chunk right after `before` in the same document (no heading or other text between them)."""
    return (after.doc_id == before.doc_id and after.start > before.start and after.end > before.end
            and after.start <= before.end + _GAP)


def continues_list(before: Chunk, after: Chunk) -> bool:
    """`after` goes on with the list `before` leaves open."""
    return follows(before, after) and open_list(before.text) and bool(leading_items(after.text))


def leading_items(text: str) -> list[tuple[int, int]]:
    """Offsets of the list items a text opens with (its first line may be the end of an item, repeated from the
    chunk before)."""
    return _items(text, 0, skip_first=True)


def items_after(text: str, pos: int) -> list[tuple[int, int]]:
    """Offsets of the list items on the lines that follow `pos` (the end of the sentence announcing them)."""
    return _items(text, text.find("\n", pos) + 1, skip_first=False) if "\n" in text[pos:] else []


def _items(text: str, pos: int, skip_first: bool) -> list[tuple[int, int]]:
    items = []
    for k, line in enumerate(text[pos:].split("\n")):
        start, pos = pos, pos + len(line) + 1
        if not line.strip():
            continue
        if _ITEM.match(line):
            items.append((start + len(line) - len(line.lstrip()), start + len(line.rstrip())))
        elif items or k > 0 or not skip_first:
            break
    return items
