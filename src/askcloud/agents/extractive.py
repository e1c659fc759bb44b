"""The answer without an LLM: the best evidence sentences, quoted, each with its marker. Fast and deterministic."""

from __future__ import annotations

from askcloud.agents.relevance import best_sentences
from askcloud.retrieval.hybrid import Passage

LEADS = {"fr": "D'après les documents : ", "en": "According to the documents: "}


def compose(question: str, kept: list[Passage], language: str, max_sentences: int = 2) -> str:
    parts = []
    for i, passage in enumerate(kept[:max_sentences], start=1):
        spans = best_sentences(question, passage.chunk.text, limit=1)
        if spans:
            text = passage.chunk.text[spans[0].start:spans[0].end].rstrip(".")
            parts.append(f"« {text} » [{i}].")
    return LEADS.get(language, LEADS["fr"]) + " ".join(parts) if parts else ""
