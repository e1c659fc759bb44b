"""The local model under concurrent requests (the web chat answers from several workers): loaded once however many
first requests arrive together, one generation at a time, a time limit that covers the wait for the model, and the
model released when a stream ends early. A fake llama_cpp stands in for the real one."""

from __future__ import annotations

import sys
import threading
import time
import types

import pytest
from langchain_core.messages import HumanMessage

pytestmark = pytest.mark.unit


class FakeLlama:
    instances = 0
    created = threading.Lock()

    def __init__(self, **kwargs) -> None:
        time.sleep(0.2)  # loading takes a while: concurrent first requests overlap here
        with FakeLlama.created:
            FakeLlama.instances += 1
        self.n_tokens = 0
        self.delay = 0.0
        self.active = 0
        self.most_active = 0

    def create_chat_completion(self, **kwargs):
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        try:
            for word in ("Plus", " de", " 1 500", " visiteurs", " [1]."):
                time.sleep(self.delay)
                self.n_tokens += 1
                yield {"choices": [{"delta": {"content": word}}]}
        finally:
            self.active -= 1


@pytest.fixture
def model(monkeypatch, tmp_path):
    from askcloud.llm import llamacpp, model_file

    FakeLlama.instances = 0
    monkeypatch.setitem(sys.modules, "llama_cpp", types.SimpleNamespace(Llama=FakeLlama))
    monkeypatch.setattr(model_file, "check_gguf", lambda path: None)
    return llamacpp.LlamaCppChat(model_path=str(tmp_path / "model.gguf"), timeout_s=5)


def test_concurrent_first_requests_load_the_model_once(model):
    barrier = threading.Barrier(8)
    loaded = []

    def first_request():
        barrier.wait()
        loaded.append(model.load())

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert FakeLlama.instances == 1 and len({id(x) for x in loaded}) == 1 and len(loaded) == 8


def test_concurrent_streams_take_turns_and_all_finish(model):
    llama = model.load()
    llama.delay = 0.01
    answers: list[str] = []

    def ask():
        answers.append(model.invoke([HumanMessage("Combien ?")]).content)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert answers == ["Plus de 1 500 visiteurs [1]."] * 6
    assert llama.most_active == 1  # never two generations in one llama.cpp context


def test_the_time_limit_covers_the_wait_for_a_busy_model(model):
    from askcloud.llm.llamacpp import LLMTimeout

    llama = model.load()
    llama.delay = 0.15  # the first question holds the model for 0.75 s
    slow = threading.Thread(target=lambda: model.invoke([HumanMessage("Première question")]))
    slow.start()
    time.sleep(0.1)
    queued = model.model_copy(update={"timeout_s": 0.25})
    queued._llama, queued._lock = model._llama, model._lock  # the same model, shared as in the web chat
    started = time.monotonic()
    with pytest.raises(LLMTimeout, match="busy"):
        queued.invoke([HumanMessage("Deuxième question")])
    assert time.monotonic() - started < 0.6  # told at once, not after the first question is done
    slow.join(10)
    llama.delay = 0.0
    assert model.invoke([HumanMessage("Troisième question")]).content.startswith("Plus de")


def test_a_stream_abandoned_halfway_frees_the_model(model):
    llama = model.load()
    stream = model.stream([HumanMessage("Combien ?")])
    next(stream)
    stream.close()  # the web chat's clear button cancels a turn this way
    assert not model._lock.locked()
    assert llama.active == 0
    assert model.invoke([HumanMessage("Encore ?")]).content.endswith("[1].")
