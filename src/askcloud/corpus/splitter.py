"""Structure-aware splitting: sections from headings, chunks of whole sentences (or whole list items, table rows
and code blocks), exact offsets into the document's text.

A document whose loader found its structure (HTML, PDF) is read from its blocks; a plain text file's headings are
guessed from its lines (a short line without end punctuation followed by a longer one).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from askcloud.corpus.models import Block, Chunk, Document
from askcloud.corpus.sentences import Span, sentences, trim

_HEADING_MAX = 80
_PATH = " › "  # between the headings of a section's path ("Options › Canal")


@dataclass(frozen=True)
class Section:
    title: str  # the heading path its first sentence stands under
    sentences: list[Span]
    heads: tuple[tuple[int, str], ...] = ()  # (index in `sentences` of a heading line, the path it opens)

    def path_at(self, index: int) -> str:
        """The heading path sentence `index` stands under (a folded section holds several headings)."""
        return next((path for at, path in reversed(self.heads) if at <= index), self.title)

    def then(self, other: Section) -> Section:
        """This section followed by `other`, under this one's title, each heading kept where it stands."""
        shift = len(self.sentences)
        return Section(self.title, self.sentences + other.sentences,
                       self.heads + tuple((at + shift, path) for at, path in other.heads))


def chunk_id(doc_id: str, start: int, text: str) -> str:
    """Stable across runs: the same text at the same place of the same document gets the same id."""
    return hashlib.sha256(f"{doc_id}\x00{start}\x00{text}".encode()).hexdigest()[:24]


def split_document(doc: Document, chunk_size: int = 600, overlap: int = 1, min_section: int = 200) -> list[Chunk]:
    chunks: list[Chunk] = []
    found = block_sections(doc.text, doc.blocks, doc.title, chunk_size) if doc.blocks else sections(doc.text, doc.title)
    for section in fold_small(found, min_section):
        heads = frozenset(at for at, _ in section.heads)
        for first, last in _pack(section.sentences, chunk_size, overlap, heads):
            start, end = section.sentences[first].start, section.sentences[last].end
            text = doc.text[start:end]
            inner = tuple((section.sentences[at].start - start, path)
                          for at, path in section.heads if first < at <= last)
            chunks.append(Chunk(
                id=chunk_id(doc.doc_id, start, text), doc_id=doc.doc_id, text=text, start=start, end=end,
                section=section.path_at(first), title=doc.title, source=doc.source, date=doc.date,
                topics=doc.topics, page=doc.page_at(start), ocr=doc.recognised(start, end), headings=inner,
                code=_within(doc, start, end, "code"), captions=_within(doc, start, end, "caption"),
            ))
    return chunks


def _within(doc: Document, start: int, end: int, kind: str) -> tuple[tuple[int, int], ...]:
    """The parts of the document's blocks of this kind that stand between `start` and `end`, as offsets from
    `start`."""
    return tuple((max(b.start, start) - start, min(b.end, end) - start) for b in doc.blocks
                 if b.kind == kind and b.start < end and b.end > start)


def block_sections(text: str, blocks: tuple[Block, ...], default_title: str, size: int) -> list[Section]:
    """Sections from the loader's headings (and definition terms, one level below them), each a list of units:
    the sentences of its paragraphs, its list items and table rows whole, its code blocks whole (cut at line
    breaks only when longer than a chunk). A section's title is its heading path under the document's title."""
    result: list[Section] = []
    path: list[tuple[int, str]] = []
    spans: list[Span] = []
    heads: tuple[tuple[int, str], ...] = ()
    title = default_title
    for block in blocks:
        if block.kind in ("heading", "term"):
            if spans:
                result.append(Section(title, spans, heads))
            level = block.level if block.kind == "heading" else 7
            path = [(lvl, name) for lvl, name in path if lvl < level] + [(level, _one_line(text, block))]
            title = _PATH.join(name for _, name in path if name != _flat(default_title)) or default_title
            spans, heads = [trim(text, block.start, block.end)], ((0, title),)
        else:
            spans.extend(_units(text, block, size))
    if spans:
        result.append(Section(title, spans, heads))
    return result


def _one_line(text: str, block: Block) -> str:
    return _flat(text[block.start:block.end])


def _flat(text: str) -> str:
    return " ".join(text.split())  # no-break spaces too: "3.4.\u00a0Remplissage" names the same heading


def _units(text: str, block: Block, size: int) -> list[Span]:
    if block.kind == "code":
        return [Span(block.start, block.end)] if block.end - block.start <= size else _code_lines(text, block, size)
    if block.kind in ("item", "row") and block.end - block.start <= size:
        return [trim(text, block.start, block.end)]
    return sentences(text, block.start, block.end)


def _code_lines(text: str, block: Block, size: int) -> list[Span]:
    """A long code block in pieces of whole lines, each at most `size` characters when its lines allow."""
    pieces, start, pos = [], block.start, block.start
    for line in text[block.start:block.end].split("\n"):
        end = pos + len(line)
        if end - start > size and pos > start:
            pieces.append(trim(text, start, pos - 1))
            start = pos
        pos = end + 1
    pieces.append(trim(text, start, block.end))
    return [p for p in pieces if p.end > p.start]


def sections(text: str, default_title: str) -> list[Section]:
    """Lines that look like headings open a new section; every other line is split into sentences."""
    result: list[Section] = []
    title, spans, heads = default_title, [], ()
    for line in _lines(text):
        raw = text[line.start:line.end]
        if _is_heading(raw, text, line.end):
            if spans:
                result.append(Section(title, spans, heads))
            title, spans, heads = raw.strip(), [], ((0, raw.strip()),)
            spans.append(line)  # the heading stays in the text so that offsets cover it
        else:
            spans.extend(_sentences(text, line))
    if spans:
        result.append(Section(title, spans, heads))
    return result


def fold_small(found: list[Section], min_chars: int) -> list[Section]:
    """A section shorter than `min_chars` (a date line, a lone heading) joins the next one (the last one: the previous).

    Alone it cannot answer anything, yet its text is little more than the document's title, so it would match every
    question about that document and outrank the passage that answers. Each heading keeps its place in the folded
    section (Section.heads): a passage cut from it stands under the heading above its first sentence.
    """
    result: list[Section] = []
    pending: Section | None = None  # keeps the first title: a lone heading names what follows it
    for section in found:
        if pending is not None:
            section = pending.then(section)
        spans = section.sentences
        if spans[-1].end - spans[0].start < min_chars:
            pending = section
            continue
        result.append(section)
        pending = None
    if pending is not None:
        if result:
            pending = result.pop().then(pending)
        result.append(pending)
    return result


def _lines(text: str) -> list[Span]:
    spans, pos = [], 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            spans.append(Span(pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return spans


def _is_heading(raw: str, text: str, end: int) -> bool:
    line = raw.strip()
    if len(line) > _HEADING_MAX or line[-1] in ".,;:!?…»\"" or line.startswith(("•", "-", "*")):
        return False
    follows = text[end:end + 400].lstrip("\n ")
    return bool(follows) and len(follows.split("\n", 1)[0]) > len(line)


def _sentences(text: str, line: Span) -> list[Span]:
    return sentences(text, line.start, line.end)


def _pack(sentences: list[Span], size: int, overlap: int,
          heads: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Groups of consecutive sentences up to `size` characters, each repeating `overlap` sentences.

    `heads`: indices of heading lines, which go with what they head: a group never ends on one (it opens the next
    group instead), a heading is never alone (it takes the unit after it, even past `size`), and no overlap reaches
    back across a heading (the next group opens on it).
    """
    groups, first, count = [], 0, len(sentences)
    while first < count:
        last = first
        while last + 1 < count and sentences[last + 1].end - sentences[first].start <= size:
            last += 1
        while last > first and last in heads and last + 1 < count:
            last -= 1
        while last in heads and last + 1 < count:
            last += 1
        groups.append((first, last))
        if last + 1 >= count:
            break
        nxt = max(first + 1, last + 1 - overlap)
        # When the next sentence does not fit beside the overlap, the group would add nothing new: no overlap then.
        if sentences[last + 1].end - sentences[nxt].start > size:
            nxt = last + 1
        first = max([nxt, *(at for at in heads if nxt < at <= last + 1)])
    return groups


def sentence_spans(text: str) -> list[Span]:
    """Sentences of any text (a chunk, an answer), with offsets into it."""
    spans: list[Span] = []
    for line in _lines(text):
        spans.extend(_sentences(text, line))
    return spans


def drop_sentences(text: str, drop: Callable[[str], bool]) -> tuple[str, list[str]]:
    """(the text without the sentences `drop` takes, joined by spaces; those sentences). The text itself when none."""
    marked = [(text[s.start:s.end], drop(text[s.start:s.end])) for s in sentence_spans(text)]
    dropped = [sentence for sentence, gone in marked if gone]
    if not dropped:
        return text, []
    return " ".join(sentence for sentence, gone in marked if not gone), dropped
