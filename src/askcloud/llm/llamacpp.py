"""A LangChain chat model over llama-cpp-python, loaded once, streamed, with token counts and a time limit.

llama.cpp keeps the evaluated tokens of the previous call: a prompt that starts with the same fixed system
prompt reuses that prefix instead of processing it again.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Iterator

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from askcloud.errors import BackendUnavailable

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def chat_payload(messages: list[BaseMessage]) -> list[dict]:
    """LangChain messages as llama-cpp-python's chat completion takes them."""
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class LLMTimeout(TimeoutError):
    """The model did not finish within its time limit."""


class LlamaCppChat(BaseChatModel):
    model_path: str
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 256
    temperature: float = 0.0
    timeout_s: float = 120.0
    _llama: Any = PrivateAttr(default=None)
    _lock: Any = PrivateAttr(default_factory=threading.Lock)  # one generation at a time
    _loading: Any = PrivateAttr(default_factory=threading.Lock)  # one load, however many first requests

    @property
    def _llm_type(self) -> str:
        return "llamacpp-local"

    def load(self):
        if self._llama is None:
            with self._loading:  # concurrent first requests (the web chat's workers) must not load it twice
                return self._load_once()
        return self._llama

    def _load_once(self):
        if self._llama is None:
            from pathlib import Path

            from askcloud.llm.model_file import check_gguf

            check_gguf(Path(self.model_path))
            from llama_cpp import Llama

            try:
                self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx, n_threads=self.n_threads,
                                    n_threads_batch=self.n_threads, n_batch=512, seed=0, verbose=False)
            except (ValueError, RuntimeError, OSError) as exc:
                raise BackendUnavailable(f"llama.cpp cannot load {self.model_path}: {exc}") from exc
        return self._llama

    def count_tokens(self, text: str) -> int:
        return len(self.load().tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def completion_kwargs(self, payload: list[dict], stop: list[str] | None = None, **kwargs: Any) -> dict:
        """The arguments of llama-cpp-python's streamed chat completion, in one place (bench/floor.py reuses them)."""
        return {"messages": payload, "max_tokens": kwargs.get("max_tokens", self.max_tokens),
                "temperature": self.temperature, "stop": stop, "stream": True, "seed": 0, "repeat_penalty": 1.1}

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        text, usage = "", {}
        for chunk in self._stream(messages, stop, run_manager, **kwargs):
            text += chunk.message.content
            usage = chunk.message.usage_metadata or usage
        message = AIMessage(content=text, usage_metadata=usage or None)
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        llama = self.load()
        payload = chat_payload(messages)
        deadline = time.monotonic() + self.timeout_s
        # One llama.cpp context serves one request at a time. The time limit covers the wait for it too: a request
        # queued behind others past its limit gets the extractive answer at once instead of waiting, then failing.
        if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise LLMTimeout(f"the local model stayed busy with other questions for {self.timeout_s:.0f} s")
        try:
            stream = llama.create_chat_completion(**self.completion_kwargs(payload, stop, **kwargs))
            produced = 0
            for part in stream:
                delta = part["choices"][0].get("delta", {}).get("content")
                if delta:
                    produced += 1
                    if run_manager:
                        run_manager.on_llm_new_token(delta)
                    yield ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if time.monotonic() > deadline:
                    raise LLMTimeout(f"the local model took longer than {self.timeout_s:.0f} s")
            prompt_tokens = max(0, llama.n_tokens - produced)
        finally:
            self._lock.release()
        usage = {"input_tokens": prompt_tokens, "output_tokens": produced, "total_tokens": prompt_tokens + produced}
        yield ChatGenerationChunk(message=AIMessageChunk(content="", usage_metadata=usage))
