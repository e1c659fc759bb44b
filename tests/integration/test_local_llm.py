"""The real local model (Qwen2.5-Coder-1.5B, llama.cpp) writing answers: in process on the stub corpus, and through
the real CLI on the project's own index. A handful of LLM calls in all: each costs 5-20 s on 2 cores."""

from __future__ import annotations

import shutil
import time

import pytest
from it_support import (GGUF, OVH_Q, PROMPTS, ROOT, SALON_Q, STUB_CORPUS, STUB_SPLIT, assert_exact_quotes, cli_json,
                        digits, needs_model, project_index)

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(600)]

OFF_TOPIC_Q = "Quelle est la recette de la tarte tatin ?"


@pytest.fixture(scope="module")
def llm_settings(tmp_path_factory):
    """The stub corpus, indexed with the hash embedder in a temporary data dir; the real llama.cpp chat model."""
    needs_model()
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore
    from askcloud.settings import Settings

    root = tmp_path_factory.mktemp("local-llm")
    shutil.copytree(STUB_CORPUS, root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", embedding_backend="hash",
                        llm_backend="llamacpp", llm_model_path=GGUF, prompts_dir=PROMPTS, llm_threads=2, **STUB_SPLIT)
    embedder = make_embedder(settings)
    run_index(settings, embedder, ChromaStore(settings, embedder.model_id))
    return settings


@pytest.fixture(scope="module")
def assistant(llm_settings):
    """Built the way the CLI builds it (factory, embedder, store); the model loads once, on first use."""
    from askcloud.assistant import Assistant

    return Assistant(llm_settings)


@pytest.fixture(scope="module")
def salon_turn(assistant):
    """One streamed turn on the Salon du Cloud question: (events, seconds). Several tests read it."""
    started = time.monotonic()
    events = list(assistant.stream(SALON_Q))
    return events, time.monotonic() - started


def test_answers_the_figure_with_exact_citations(salon_turn, llm_settings):
    events, _ = salon_turn
    kind, answer = events[-1]
    assert kind == "answer"
    assert answer.trace["write"]["mode"] == "llm", answer.trace["write"]  # not the extractive fallback
    assert not answer.abstained, answer.answer
    assert "1500" in digits(answer.answer), answer.answer
    assert answer.language == "fr" and "[1]" in answer.answer
    assert_exact_quotes(answer.citations, lambda c: llm_settings.corpus_dir / c["doc_id"])
    assert any(c.doc_id == "salon-cloud-2020.txt" and "1 500" in c.quote for c in answer.citations)
    assert answer.usage.get("output_tokens", 0) > 0 and answer.timings_ms.get("generate", 0) > 0


def test_streams_checked_sentences_that_open_the_answer(salon_turn):
    events, _ = salon_turn
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "checking" and kinds[-1] == "answer" and "answer" not in kinds[:-1]
    assert "token" not in kinds  # the unchecked draft is never streamed
    sentences = [text for kind, text in events if kind == "sentence"]
    answer = events[-1][1]
    assert sentences and answer.answer.startswith(" ".join(sentences))
    assert answer.trace["factcheck"]["streamed_is_prefix"] is True


def test_off_topic_question_abstains(assistant):
    answer = assistant.ask(OFF_TOPIC_Q)
    assert answer.abstained and answer.citations == []
    assert answer.answer == "Les documents ne permettent pas de répondre à cette question."


def test_corrupt_model_file_is_a_clear_error(tmp_path, llm_settings):
    from askcloud.assistant import Assistant
    from askcloud.errors import BackendUnavailable
    from askcloud.llm.factory import make_chat_model

    junk = tmp_path / "broken.gguf"
    junk.write_bytes(b"this is not a model\n" * 500)
    truncated = tmp_path / "truncated.gguf"
    with GGUF.open("rb") as src:
        truncated.write_bytes(src.read(8 << 20))  # an interrupted copy: a real header, most tensors missing
    for path, reason in ((junk, "not a GGUF file"), (truncated, "cannot load")):
        model = make_chat_model(llm_settings.model_copy(update={"llm_model_path": path}))
        started = time.monotonic()
        with pytest.raises(BackendUnavailable, match=reason) as caught:
            model.invoke("Bonjour")
        assert str(path) in str(caught.value) and time.monotonic() - started < 30

    # Through the assistant, the turn still answers from the evidence (extractive) and says why.
    answer = Assistant(llm_settings.model_copy(update={"llm_model_path": junk})).ask(SALON_Q)
    assert answer.trace["write"]["mode"] == "extractive-fallback"
    assert not answer.abstained and "1 500" in answer.answer
    assert any("not a GGUF file" in notice for notice in answer.notices), answer.notices


def test_cli_ask_on_the_project_index():
    """`askcloud ask --json` in the repository, on the real corpus, its default e5 index and the local model."""
    needs_model()
    report = project_index()  # incremental: builds or refreshes .askcloud/index (CI runs the tests before it)
    assert report["chunks"] > 0 and report["skipped"] == []
    answer = cli_json("ask", OVH_Q, "--json", cwd=ROOT, timeout=600)
    assert set(answer) == {"question", "standalone_question", "language", "answer", "abstained", "topics",
                           "kind", "citations", "timings_ms"}
    assert not answer["abstained"] and "2000" in digits(answer["answer"]), answer["answer"]
    assert answer["timings_ms"].get("generate", 0) > 0  # the model wrote it, not the extractive fallback
    assert_exact_quotes(answer["citations"], lambda c: ROOT / c["source"])
    assert any(c["doc_id"] == "ovh-summit-2014.txt" and "2 000" in c["quote"] for c in answer["citations"])
