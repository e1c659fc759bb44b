"""The agent tests only read the index: build it once per test module instead of once per test.

`settings` and `indexed` override the fixtures of tests/conftest.py (so `make_assistant` uses them too); they hold
the same stub corpus, hash embedder and fake LLM, in a folder shared by the tests of one module.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
STUB_CORPUS = ROOT / "tests" / "stub_data" / "corpus"


@pytest.fixture(scope="module")
def _shared_index(tmp_path_factory):
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore
    from askcloud.settings import Settings

    with pytest.MonkeyPatch.context() as mp:  # the autouse env fixture is function-scoped: clear the same keys here
        for key in ("ASKCLOUD_CHROMA_URL", "ASKCLOUD_LLM_BACKEND", "ASKCLOUD_EMBEDDING_BACKEND", "ASKCLOUD_CONFIG"):
            mp.delenv(key, raising=False)
        root = tmp_path_factory.mktemp("agents")
        shutil.copytree(STUB_CORPUS, root / "corpus")
        settings = Settings(corpus_dir=root / "corpus", data_dir=root / "data", embedding_backend="hash",
                            llm_backend="fake", prompts_dir=ROOT / "prompts", chunk_min_section=0)
        embedder = make_embedder(settings)
        store = ChromaStore(settings, embedder.model_id)
        run_index(settings, embedder, store)
    return settings, embedder, store


@pytest.fixture
def settings(_shared_index):
    return _shared_index[0]


@pytest.fixture
def indexed(_shared_index):
    return _shared_index[1], _shared_index[2]
