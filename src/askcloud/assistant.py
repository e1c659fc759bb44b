"""The assistant as the CLI, the web chat and the evaluation harness use it: one object per configuration."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterator

from askcloud.answer import Answer, Retrieved
from askcloud.errors import BadQuestion
from askcloud.retrieval.filters import Filters

MAX_QUESTION_CHARS = 2000
MAX_HISTORY_TURNS = 20


@dataclass
class Assistant:
    """Builds its heavy parts (embedder, store, chat model, graph) on first use, once."""

    settings: object
    deps_override: object | None = None
    _graph: object | None = field(default=None, init=False, repr=False)

    @cached_property
    def deps(self):
        if self.deps_override is not None:
            return self.deps_override
        from askcloud.agents.deps import Deps
        from askcloud.llm.factory import make_chat_model

        return Deps(self.settings, self.retriever, make_chat_model(self.settings))

    @cached_property
    def retriever(self):
        if self.deps_override is not None:
            return self.deps_override.retriever
        from askcloud.index.embeddings import make_embedder
        from askcloud.index.store import ChromaStore
        from askcloud.retrieval.hybrid import HybridRetriever

        embedder = make_embedder(self.settings)
        return HybridRetriever(self.settings, embedder, ChromaStore(self.settings, embedder.model_id))

    @property
    def graph(self):
        if self._graph is None:
            from askcloud.agents.graph import build_graph

            self._graph = build_graph(self.deps)
        return self._graph

    def retrieve(self, question: str, history: list[dict] | None = None, k: int = 10,
                 filters: Filters = Filters()):
        """Ranked passages for a question, with the follow-up context the graph would use."""
        from askcloud.agents.contextualize import contextualize

        question, history = validate(question, history)
        state = contextualize({"question": question, "history": history, "filters": filters}, self.deps)
        return self.retriever.search(state["search_query"], k=k, filters=filters, language=state["language"])

    def ask(self, question: str, history: list[dict] | None = None, filters: Filters = Filters(),
            on_sentence: Callable[[str], None] | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, filters):
            if event[0] == "sentence" and on_sentence:
                on_sentence(event[1])
            elif event[0] == "answer":
                final = event[1]
        return final

    def stream(self, question: str, history: list[dict] | None = None,
               filters: Filters = Filters()) -> Iterator[tuple[str, object]]:
        """Yields ("checking", None) when the writer starts, ("sentence", text) for each sentence that has passed
        verification (markers numbered as in the final answer, which they open, joined by spaces), then
        ("answer", Answer). The writer's unchecked draft is never yielded."""
        question, history = validate(question, history)
        started = time.perf_counter()
        state: dict = {}
        inputs = {"question": question, "history": history, "filters": filters}
        for mode, payload in self.graph.stream(inputs, stream_mode=["custom", "values"]):
            if mode == "custom" and "sentence" in payload:
                yield "sentence", payload["sentence"]
            elif mode == "custom" and "checking" in payload:
                yield "checking", None
            elif mode == "values":
                state = payload
        yield "answer", to_answer(state, (time.perf_counter() - started) * 1000)


def validate(question: object, history: object) -> tuple[str, list[dict]]:
    if not isinstance(question, str) or not question.strip():
        raise BadQuestion("the question is empty")
    cleaned = "".join(c for c in question if c.isprintable() or c in "\n\t").strip()
    if not cleaned:
        raise BadQuestion("the question holds only control characters")
    if len(cleaned) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"the question is {len(cleaned)} characters long; the limit is {MAX_QUESTION_CHARS}")
    return cleaned, validate_history(history)


def validate_history(history: object) -> list[dict]:
    if history is None:
        return []
    if not isinstance(history, list) or not all(isinstance(t, dict) for t in history):
        raise BadQuestion("the history must be a list of {\"role\": …, \"content\": …} objects")
    for i, turn in enumerate(history):
        if turn.get("role") not in ("user", "assistant") or not isinstance(turn.get("content"), str):
            raise BadQuestion(f"history turn {i + 1} needs a role (user or assistant) and a text content")
    return [{"role": t["role"], "content": t["content"]} for t in history[-MAX_HISTORY_TURNS:]]


def to_answer(state: dict, total_ms: float) -> Answer:
    kept = state.get("kept", [])
    found = [p for key, ps in state.get("found", {}).items() for p in ps]
    ranked = {p.chunk.id: p for p in sorted(found, key=lambda p: -p.score)}
    timings = {k: v for k, v in state.get("timings", {}).items() if v is not None}
    timings["retrieve"] = sum(v for k, v in timings.items() if k.startswith("retrieve_"))
    timings["total"] = total_ms
    return Answer(
        question=state["question"], standalone_question=state.get("standalone", state["question"]),
        language=state.get("language", "fr"), answer=state.get("answer", ""),
        abstained=bool(state.get("abstained", True)), topics=list(state.get("topics", [])),
        citations=list(state.get("citations", [])), timings_ms=timings,
        retrieved=[Retrieved(p.chunk.id, p.chunk.doc_id, p.chunk.text, round(p.score, 4), p.duplicates) for p in
                   (kept + [p for p in ranked.values() if p not in kept])],
        trace=state.get("trace", {}), notices=list(state.get("notices", [])), usage=dict(state.get("usage", {})),
        abstention=state.get("abstention"), kind=state.get("form", "fact"),
    )
