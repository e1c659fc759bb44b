"""The chat handlers: a streamed turn for the page, a stateless JSON turn for scripts and load tests.

A session's conversation arrives and leaves as gr.State values, never module state, so two browsers never
see each other's turns. User errors become a readable chat message; bugs are logged (and re-raised under tests).
"""

from __future__ import annotations

import json
import logging
import os
from typing import Iterator

from askcloud.answer import Answer
from askcloud.errors import AskcloudError, BadQuestion
from askcloud.retrieval.filters import Filters
from askcloud.web.i18n import t
from askcloud.web.render import answer_html, escape, streaming_html, trace_markdown
from askcloud.web.runtime import Runtime

log = logging.getLogger(__name__)

Messages = list[dict]  # what the Chatbot shows: {"role", "content"} with rendered HTML
Turn = tuple[Messages, list[dict], str]  # (messages, plain history for the assistant, details markdown)


def respond(runtime: Runtime, question: str, messages: Messages, history: list[dict], topics: list[str] | None,
            lang: str) -> Iterator[Turn]:
    """Yield the conversation after each token, then with the checked answer and its sources."""
    if not (question or "").strip():
        yield messages, history, t(lang, "details_empty")
        return
    messages = [*messages, {"role": "user", "content": escape(question)},
                {"role": "assistant", "content": t(lang, "thinking")}]
    turn = sum(m["role"] == "user" for m in messages)
    yield messages, history, ""  # the question shows (and the box empties) before the first token
    try:
        answer = yield from _stream(runtime, question, messages, history, Filters(topics=tuple(topics or ())))
    except AskcloudError as exc:
        yield _failed(messages, history, t(lang, "error", error=str(exc)), lang)
        return
    except Exception:
        log.exception("the web chat failed on a question")
        if os.environ.get("ASKCLOUD_RAISE_ERRORS") == "1":
            raise
        yield _failed(messages, history, t(lang, "internal_error"), lang)
        return
    history = [*history, {"role": "user", "content": question}, {"role": "assistant", "content": answer.answer}]
    yield _with_last(messages, answer_html(answer, turn)), history, trace_markdown(answer, lang)


def _stream(runtime: Runtime, question: str, messages: Messages, history: list[dict],
            filters: Filters) -> Iterator[Turn]:
    """Yields partial turns while tokens arrive; returns the final Answer (the generator's return value)."""
    partial: list[str] = []
    final: Answer | None = None
    for kind, payload in runtime.assistant().stream(question, history, filters):
        if kind == "token":
            partial.append(payload)
            yield _with_last(messages, streaming_html("".join(partial))), history, ""
        elif kind == "answer":
            final = payload
    if final is None:
        raise RuntimeError("the assistant ended without an answer")
    return final


def _failed(messages: Messages, history: list[dict], text: str, lang: str) -> Turn:
    """The error in place of the answer; the history the assistant sees is left as it was."""
    return _with_last(messages, f'<p class="askcloud-error">{escape(text)}</p>'), history, t(lang, "details_empty")


def _with_last(messages: Messages, content: str) -> Messages:
    """A new list whose last (assistant) message is replaced: yielded values are never mutated afterwards."""
    return [*messages[:-1], {"role": "assistant", "content": content}]


def ask_json(runtime: Runtime, question: str, history_json: str = "[]") -> dict:
    """One stateless turn: the caller sends the history as JSON and gets Contract 1 back."""
    try:
        history = json.loads(history_json or "[]")
    except json.JSONDecodeError as exc:
        raise BadQuestion(f"history_json is not valid JSON: {exc}") from None
    answer = runtime.assistant().ask(question, history)
    return answer.to_contract()
