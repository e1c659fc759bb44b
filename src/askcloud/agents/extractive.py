"""The answer without an LLM: the best evidence sentences, quoted, each with its marker. Fast and deterministic."""

from __future__ import annotations

from askcloud.agents.relevance import coverage, ranked_sentences
from askcloud.retrieval.passage import Passage
from askcloud.text import pack



def compose(question: str, kept: list[Passage], language: str) -> str:
    """The best sentence of the best passage; a second one from another document when it covers as much.

    (When an LLM's draft fails the fact-check, verify/quote.py quotes the sentence that answers.)
    """
    picks: list[tuple[int, str, float]] = []
    for i, passage in enumerate(kept, start=1):
        text = passage.chunk.text
        spans = ranked_sentences(question, text)[:1]
        if spans:
            sentence = text[spans[0].start:spans[0].end]
            picks.append((i, sentence, coverage(question, sentence)))
    if not picks:
        return ""
    chosen = [picks[0]]
    others = [p for p in picks[1:] if kept[p[0] - 1].chunk.doc_id != kept[0].chunk.doc_id and p[2] >= picks[0][2]]
    chosen += others[:1]
    quoted = " ".join(f"« {text.rstrip('.')} » [{i}]." for i, text, _ in chosen)
    return pack(language).message("quoted") + quoted
