"""Citations: a passage of this turn and the exact span of its source text that a claim rests on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from askcloud.answer import Citation

if TYPE_CHECKING:
    from askcloud.retrieval.passage import Passage


def cite(n: int, passage: Passage, start: int, end: int) -> Citation:
    """Citation `n` of `passage`, quoting its text[start:end] (offsets within the passage), with offsets into the
    document's text: quote == document.text[citation.start:citation.end]."""
    chunk = passage.chunk
    page = getattr(chunk, "page", None)
    extra = {"page": page} if page is not None and "page" in Citation.__dataclass_fields__ else {}
    section = chunk.section_at(start)  # where the quote stands, under the document's title
    if section and section != chunk.title:
        extra["section"] = section
    if getattr(chunk, "ocr", False):
        extra["ocr"] = True
    return Citation(n=n, chunk_id=chunk.id, doc_id=chunk.doc_id, title=chunk.title, source=chunk.source,
                    quote=chunk.text[start:end], start=chunk.start + start, end=chunk.start + end,
                    score=round(passage.score, 4), date=chunk.date, passage=chunk.text, **extra)
