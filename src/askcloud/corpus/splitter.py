"""Structure-aware splitting: sections from heading lines, chunks of whole sentences, exact offsets."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from askcloud.corpus.models import Chunk, Document

# A sentence ends at . ! ? … (optionally followed by closing quotes) before whitespace.
_SENTENCE_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[»”])?[\"’)]*(?=\s|$)|\n")
_HEADING_MAX = 80


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    title: str
    sentences: list[Span]


def chunk_id(doc_id: str, start: int, text: str) -> str:
    """Stable across runs: the same text at the same place of the same document gets the same id."""
    return hashlib.sha256(f"{doc_id}\x00{start}\x00{text}".encode()).hexdigest()[:24]


def split_document(doc: Document, chunk_size: int = 600, overlap: int = 1, min_section: int = 200) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in fold_small(sections(doc.text, doc.title), min_section):
        for first, last in _pack(section.sentences, chunk_size, overlap):
            start, end = section.sentences[first].start, section.sentences[last].end
            text = doc.text[start:end]
            chunks.append(Chunk(
                id=chunk_id(doc.doc_id, start, text), doc_id=doc.doc_id, text=text, start=start, end=end,
                section=section.title, title=doc.title, source=doc.source, date=doc.date, topics=doc.topics,
            ))
    return chunks


def sections(text: str, default_title: str) -> list[Section]:
    """Lines that look like headings open a new section; every other line is split into sentences."""
    result: list[Section] = []
    title, spans = default_title, []
    for line in _lines(text):
        raw = text[line.start:line.end]
        if _is_heading(raw, text, line.end):
            if spans:
                result.append(Section(title, spans))
            title, spans = raw.strip(), []
            spans.append(line)  # the heading stays in the text so that offsets cover it
        else:
            spans.extend(_sentences(text, line))
    if spans:
        result.append(Section(title, spans))
    return result


def fold_small(found: list[Section], min_chars: int) -> list[Section]:
    """A section shorter than `min_chars` (a date line, a lone heading) joins the next one (the last one: the previous).

    Alone it cannot answer anything, yet its text is little more than the document's title, so it would match every
    question about that document and outrank the passage that answers.
    """
    result: list[Section] = []
    pending: Section | None = None  # keeps the first title: a lone heading names what follows it
    for section in found:
        if pending is not None:
            section = Section(pending.title, pending.sentences + section.sentences)
        spans = section.sentences
        if spans[-1].end - spans[0].start < min_chars:
            pending = section
            continue
        result.append(section)
        pending = None
    if pending is not None:
        if result:
            last = result.pop()
            pending = Section(last.title, last.sentences + pending.sentences)
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
    spans, start = [], line.start
    for match in _SENTENCE_END.finditer(text, line.start, line.end):
        end = match.end()
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = end
    if text[start:line.end].strip():
        spans.append(_trim(text, start, line.end))
    return spans


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _pack(sentences: list[Span], size: int, overlap: int) -> list[tuple[int, int]]:
    """Groups of consecutive sentences up to `size` characters, each repeating `overlap` sentences."""
    groups, first = [], 0
    while first < len(sentences):
        last = first
        while last + 1 < len(sentences) and sentences[last + 1].end - sentences[first].start <= size:
            last += 1
        groups.append((first, last))
        if last + 1 >= len(sentences):
            break
        nxt = max(first + 1, last + 1 - overlap)
        # When the next sentence does not fit beside the overlap, the group would add nothing new: no overlap then.
        if sentences[last + 1].end - sentences[nxt].start > size:
            nxt = last + 1
        first = nxt
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
