"""The answer without an LLM: the best evidence sentences, quoted, each with its marker. Fast and deterministic."""

from __future__ import annotations

from collections.abc import Callable

from askcloud.agents.relevance import coverage, ranked_sentences
from askcloud.retrieval.hybrid import Passage

LEADS = {"fr": "D'après les documents : ", "en": "According to the documents: "}
CANDIDATES = 3  # with `accept`, how far down a passage's ranked sentences to look for one it accepts


def compose(question: str, kept: list[Passage], language: str, accept: Callable[[str], bool] | None = None) -> str:
    """The best sentence of the best passage; a second one from another document when it covers as much.

    With `accept`, a passage's best sentence is the first of its CANDIDATES best that `accept` takes (one that gives
    the figure asked for, say), and a passage with none gives nothing.
    """
    picks: list[tuple[int, str, float]] = []
    for i, passage in enumerate(kept, start=1):
        text = passage.chunk.text
        spans = ranked_sentences(question, text)[:CANDIDATES if accept else 1]
        sentences = [text[s.start:s.end] for s in spans]
        if accept is not None:
            sentences = [s for s in sentences if accept(s)]
        if sentences:
            picks.append((i, sentences[0], coverage(question, sentences[0])))
    if not picks:
        return ""
    chosen = [picks[0]]
    others = [p for p in picks[1:] if kept[p[0] - 1].chunk.doc_id != kept[0].chunk.doc_id and p[2] >= picks[0][2]]
    chosen += others[:1]
    quoted = " ".join(f"« {text.rstrip('.')} » [{i}]." for i, text, _ in chosen)
    return LEADS.get(language, LEADS["fr"]) + quoted
