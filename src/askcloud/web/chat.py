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
from askcloud.export import record
from askcloud.retrieval.filters import Filters
from askcloud.text import detect_language
from askcloud.web.i18n import t
from askcloud.web.render import answer_html, checking_html, escape, partial_html, trace_markdown
from askcloud.web.runtime import Runtime

log = logging.getLogger(__name__)

Messages = list[dict]  # what the Chatbot shows: {"role", "content"} with rendered HTML
Turn = tuple[Messages, list[dict], str]  # (messages, plain history for the assistant, details markdown)


def respond(runtime: Runtime, question: str, messages: Messages, history: list[dict], topics: list[str] | None,
            lang: str, owner: str | None = None, topic_names: dict[str, dict[str, str]] | None = None,
            browser: str | None = None) -> Iterator[Turn]:
    """Yield the conversation as the turn goes: the question with a "checking…" state, each sentence that has
    passed the fact-check, then the checked answer and its sources. Nothing else of the draft is ever shown.

    `owner`: the key of the user's private collection (searched with the shared corpus for this user only).
    `topic_names`: {language: {topic: label}}; the answer's labels follow the question, the trace the page.
    `browser`: the asking browser's id when the owner is a session, which its private links are bound to.
    The history's assistant turns carry the turn's record (export.record) for the conversation's export."""
    if not (question or "").strip():
        yield messages, history, t(lang, "details_empty")
        return
    asked_in = detect_language(question, default=lang)
    messages = [*messages, {"role": "user", "content": escape(question)},
                {"role": "assistant", "content": checking_html(asked_in)}]
    turn = sum(m["role"] == "user" for m in messages)
    yield messages, history, ""  # the question shows (and the box empties) at once
    try:
        assistant = runtime.assistant_for(owner)
        filters = Filters(topics=runtime.topics_for(owner, topics))
        answer = yield from _stream(assistant, question, messages, history, filters)
    except AskcloudError as exc:
        yield _failed(messages, history, t(asked_in, "error", error=str(exc)), lang)
        return
    except Exception:
        log.exception("the web chat failed on a question")
        if os.environ.get("ASKCLOUD_RAISE_ERRORS") == "1":
            raise
        yield _failed(messages, history, t(asked_in, "internal_error"), lang)
        return
    history = [*history, {"role": "user", "content": question},
               {"role": "assistant", "content": answer.answer, "record": record(answer)}]
    names = topic_names or {}
    link = runtime.originals.links(owner, answer.language, browser)  # each source opens its original where it is quoted
    yield (_with_last(messages, answer_html(answer, turn, names.get(answer.language), link)), history,
           trace_markdown(answer, lang, names.get(lang)))


def _stream(assistant, question: str, messages: Messages, history: list[dict], filters: Filters) -> Iterator[Turn]:
    """Yields partial turns as checked sentences arrive; returns the final Answer (the generator's return value).
    Raw tokens and any other event are never shown."""
    sentences: list[str] = []
    final: Answer | None = None
    plain = [{"role": h["role"], "content": h["content"]} for h in history]
    for kind, payload in assistant.stream(question, plain, filters):
        if kind == "sentence":
            sentences.append(str(payload))
            yield _with_last(messages, partial_html(sentences)), history, ""
        elif kind == "answer":
            final = payload
    if final is None:
        raise RuntimeError("the assistant ended without an answer")
    return final


def records(history: list[dict]) -> list[dict]:
    """The session's turns for export (export.record), in order."""
    return [h["record"] for h in history if h.get("role") == "assistant" and h.get("record")]


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
