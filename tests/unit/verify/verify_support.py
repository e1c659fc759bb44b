"""Passages built by hand for the verify/ tests: verify/ needs only chunks with text, title and offsets."""

from __future__ import annotations

from askcloud.corpus.models import Chunk
from askcloud.retrieval.passage import Passage
from askcloud.settings import Policy
from askcloud.verify import Aligner, Evidence


def passage(text: str, title: str = "Notes", doc: str = "notes.txt", start: int = 0, score: float = 0.9) -> Passage:
    chunk = Chunk(id=f"{doc}:{start}", doc_id=doc, text=text, start=start, end=start + len(text), section=title,
                  title=title, source=f"corpus/{doc}")
    return Passage(chunk, score)


def lexical_aligner() -> Aligner:
    return Aligner(Policy())


def evidence(*passages: Passage, shown: int | None = None) -> Evidence:
    return Evidence(list(passages), shown=len(passages) if shown is None else shown)
