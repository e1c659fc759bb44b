"""The openai backend against a real OpenAI-compatible server: llama-cpp-python's own server (`python -m
llama_cpp.server`) serving the local model on 127.0.0.1. Also what happens when such an endpoint is unreachable."""

from __future__ import annotations

import shutil
import socket
import sys
import time

import pytest
from conftest import free_port
from it_support import GGUF, PROMPTS, SALON_Q, STUB_CORPUS, STUB_SPLIT, Server, assert_exact_quotes, digits, needs_model

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(600)]



@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    """`python -m llama_cpp.server` on a free loopback port; its process group is stopped at the end."""
    needs_model()
    import httpx

    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    server = Server([sys.executable, "-m", "llama_cpp.server", "--model", str(GGUF), "--host", "127.0.0.1",
                     "--port", str(port), "--n_ctx", "2048", "--n_threads", "2", "--model_alias", "local"], log)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        server.wait_until(lambda: httpx.get(f"{base}/models", timeout=5).json()["data"][0]["id"] == "local",
                          timeout=120, what="llama_cpp.server", interval=0.5)
        yield base
    finally:
        server.stop()


def settings_for(root, base_url: str, **extra):
    """The stub corpus indexed with the hash embedder under `root`, and the openai backend pointed at base_url."""
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore
    from askcloud.settings import Settings

    if not (root / "corpus").exists():
        shutil.copytree(STUB_CORPUS, root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", embedding_backend="hash",
                        llm_backend="openai", llm_base_url=base_url, llm_model="local", prompts_dir=PROMPTS,
                        **STUB_SPLIT, **extra)
    embedder = make_embedder(settings)
    run_index(settings, embedder, ChromaStore(settings, embedder.model_id))
    return settings


def test_answers_through_the_openai_compatible_server(llama_server, tmp_path):
    from askcloud.assistant import Assistant

    settings = settings_for(tmp_path, llama_server)
    events = list(Assistant(settings).stream(SALON_Q))
    kind, answer = events[-1]
    sentences = [text for k, text in events if k == "sentence"]
    assert kind == "answer" and sentences, events[-3:]  # checked sentences stream, the raw draft never does
    assert answer.answer.startswith(" ".join(sentences))
    assert answer.trace["write"]["mode"] == "llm", answer.trace["write"]
    assert not answer.abstained and "1500" in digits(answer.answer), answer.answer
    assert_exact_quotes(answer.citations, lambda c: settings.corpus_dir / c["doc_id"])
    assert any(c.doc_id == "salon-cloud-2020.txt" and "1 500" in c.quote for c in answer.citations)


@pytest.mark.parametrize("endpoint", ["closed port", "silent server"])
def test_unreachable_endpoint_gives_the_extractive_answer(tmp_path, endpoint):
    """No LLM at the URL (nothing listens) or one that never answers (llm_timeout_s=2): the turn still answers
    from the evidence, with a notice, within seconds."""
    from askcloud.assistant import Assistant

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections at the kernel level, never answers
    port = free_port() if endpoint == "closed port" else silent.getsockname()[1]
    try:
        settings = settings_for(tmp_path, f"http://127.0.0.1:{port}/v1", llm_timeout_s=2)
        started = time.monotonic()
        answer = Assistant(settings).ask(SALON_Q)
        assert time.monotonic() - started < 30
    finally:
        silent.close()
    assert answer.trace["write"]["mode"] == "extractive-fallback"
    assert not answer.abstained and "1 500" in answer.answer and answer.notices
    assert_exact_quotes(answer.citations, lambda c: settings.corpus_dir / c["doc_id"])
