"""Shared fixtures: a tiny stub corpus, settings on the hash embedder, and an assistant with a fake chat model."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STUB_CORPUS = Path(__file__).parent / "stub_data" / "corpus"


@pytest.fixture(autouse=True)
def _offline_and_raising(monkeypatch):
    """Errors surface as exceptions in tests; nothing may try the network."""
    monkeypatch.setenv("ASKCLOUD_RAISE_ERRORS", "1")
    for key, value in {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                       "ANONYMIZED_TELEMETRY": "False"}.items():
        monkeypatch.setenv(key, value)
    for key in ("ASKCLOUD_CHROMA_URL", "ASKCLOUD_LLM_BACKEND", "ASKCLOUD_EMBEDDING_BACKEND", "ASKCLOUD_CONFIG"):
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(STUB_CORPUS, target)
    return target


@pytest.fixture
def settings(tmp_path, corpus_dir):
    from askcloud.settings import Settings

    # The stub documents are a few hundred characters, in sections of one or two sentences: kept apart, not folded.
    return Settings(corpus_dir=corpus_dir, data_dir=tmp_path / "data", embedding_backend="hash",
                    llm_backend="fake", prompts_dir=ROOT / "prompts", chunk_min_section=0)


@pytest.fixture
def indexed(settings):
    """The stub corpus indexed with the hash embedder in an embedded Chroma; returns (embedder, store)."""
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore

    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    run_index(settings, embedder, store)
    return embedder, store


@pytest.fixture
def make_assistant(settings, indexed):
    """make_assistant(*replies) -> (assistant, fake chat model). replies=None gives the extractive writer."""
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant
    from askcloud.llm.fake import FakeChatModel
    from askcloud.retrieval.hybrid import HybridRetriever

    def build(*replies: str, extractive: bool = False):
        embedder, store = indexed
        chat = None if extractive else FakeChatModel(replies=list(replies))
        deps = Deps(settings, HybridRetriever(settings, embedder, store), chat)
        return Assistant(settings, deps_override=deps), chat

    return build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
