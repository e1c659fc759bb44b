"""A fake chat model for tests: a queue of canned replies, streamed word by word, and a record of every call."""

from __future__ import annotations

from typing import Any, Iterator

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field


class FakeChatModel(BaseChatModel):
    replies: list[str] = Field(default_factory=list)
    default: str | None = None  # used when the queue is empty; None makes an empty queue an error
    calls: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "fake"

    def enqueue(self, *replies: str) -> None:
        self.replies.extend(replies)

    def _next(self, messages: list[BaseMessage]) -> str:
        self.calls.append(list(messages))
        if self.replies:
            return self.replies.pop(0)
        if self.default is None:
            raise AssertionError("FakeChatModel called with no reply queued")
        return self.default

    def _generate(self, messages: list[BaseMessage], stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        text = self._next(messages)
        usage = _usage(messages, text)
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text, usage_metadata=usage))])

    def _stream(self, messages: list[BaseMessage], stop=None, run_manager=None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        text = self._next(messages)
        for i, word in enumerate(text.split(" ")):
            piece = word if i == 0 else " " + word
            if run_manager:
                run_manager.on_llm_new_token(piece)
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
        yield ChatGenerationChunk(message=AIMessageChunk(content="", usage_metadata=_usage(messages, text)))


def _usage(messages: list[BaseMessage], text: str) -> dict:
    prompt = sum(len(str(m.content).split()) for m in messages)
    return {"input_tokens": prompt, "output_tokens": len(text.split()), "total_tokens": prompt + len(text.split())}
