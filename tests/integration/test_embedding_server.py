"""The openai embedding backend against a real OpenAI-compatible embeddings server on 127.0.0.1: llama-cpp-python's
server (`python -m llama_cpp.server --embedding true`) serving the packaged local GGUF.

That GGUF is a chat model (Qwen2.5-Coder-1.5B), so it is a poor embedder: its vectors are the mean of its last hidden
states (mean pooling is forced through a GGUF metadata override: the file sets no pooling, and llama.cpp would then
answer one vector per token). What is tested is the backend, not the embedder's quality: real HTTP in the OpenAI
format, vectors of 1,536 dimensions indexed into Chroma, a passage found by its meaning, the disk cache, the
collection named after the served model, and a one-line error when no server answers. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import sqlite3
import sys

import pytest
from conftest import free_port
from it_support import GGUF, Server, cli_env, needs_model, run_cli

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]

SERVED = "local-embedder"
DOCUMENTS = {  # three short notes on unrelated subjects, in words of their own
    "chat.txt": "Le chat de la voisine dort tout l'après-midi sur le rebord de la fenêtre, au soleil.\n",
    "factures.txt": "Les factures du fournisseur d'électricité se règlent par virement avant le dix du mois.\n",
    "train.txt": "Le train de nuit pour Vienne part de la gare de l'Est à vingt heures.\n",
}


@pytest.fixture(scope="module")
def embedding_server(tmp_path_factory):
    """`python -m llama_cpp.server` in embedding mode on a free loopback port; its process group is stopped at the
    end. Yields (base URL, server)."""
    needs_model()
    import httpx

    port = free_port()
    log = tmp_path_factory.mktemp("embedding-server") / "server.log"
    server = Server([sys.executable, "-m", "llama_cpp.server", "--model", str(GGUF), "--embedding", "true",
                     "--kv_overrides", "qwen2.pooling_type=int:1",  # 1: mean pooling, one vector per text
                     "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "512", "--n_threads", "2",
                     "--model_alias", SERVED], log)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        server.wait_until(lambda: httpx.get(f"{base}/models", timeout=5).json()["data"][0]["id"] == SERVED,
                          timeout=180, what="llama_cpp.server --embedding", interval=0.5)
        yield base, server
    finally:
        server.stop()


def embedding_requests(server: Server) -> int:
    """POSTs to /v1/embeddings the server has answered so far (its access log)."""
    return server.log_tail(10_000_000).count('"POST /v1/embeddings HTTP/1.1" 200')


def test_indexes_and_retrieves_by_meaning_through_the_server(embedding_server, tmp_path):
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.indexer import run_index
    from askcloud.index.state import state_path
    from askcloud.index.store import ChromaStore
    from askcloud.retrieval.hybrid import HybridRetriever
    from askcloud.settings import Settings

    base, server = embedding_server
    (tmp_path / "corpus").mkdir()
    for name, text in DOCUMENTS.items():
        (tmp_path / "corpus" / name).write_text(text, encoding="utf-8")
    settings = Settings(corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data", embedding_backend="openai",
                        embedding_base_url=base, embedding_model=SERVED, embedding_timeout_s=300,
                        chunk_min_section=0)
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    assert embedder.model_id.startswith("openai:") and embedder.model_id.endswith(f":{SERVED}")
    assert store.name.startswith("askcloud-openai-") and store.name.endswith(SERVED)

    report = run_index(settings, embedder, store)
    assert report.chunks == report.embedded == len(DOCUMENTS)
    assert store.count() == len(DOCUMENTS) and state_path(settings.data_dir, store.name).exists()
    with sqlite3.connect(settings.data_dir / "embeddings.sqlite") as db:
        sizes = [row[0] for row in db.execute("SELECT length(vector) FROM vectors")]
    assert sizes == [1536 * 4] * len(DOCUMENTS)  # the server's 1,536 float32 dimensions, cached

    sent = embedding_requests(server)
    again = run_index(settings, make_embedder(settings), store, rebuild=True)  # every passage written again...
    assert again.embedded == 0 and embedding_requests(server) == sent  # ...from the cache: nothing sent

    dense = HybridRetriever(settings, embedder, store, mode="dense")  # by meaning alone: no BM25 in the ranking
    for question, expected in (("Quand faut-il payer la note d'énergie ?", "factures.txt"),
                               ("À quelle heure démarre le convoi ferroviaire vers l'Autriche ?", "train.txt")):
        found = dense.search(question, k=3)
        assert found[0].chunk.doc_id == expected, [(p.chunk.doc_id, p.dense) for p in found]
    assert embedding_requests(server) == sent + 2  # one request per question


def test_a_down_embedding_endpoint_is_one_line_from_the_cli(tmp_path):
    """Nothing listens at the configured URL: `askcloud index` exits 2 with one line naming the endpoint."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "note.txt").write_text(DOCUMENTS["train.txt"], encoding="utf-8")
    url = f"http://127.0.0.1:{free_port()}/v1"
    env = cli_env(ASKCLOUD_EMBEDDING_BACKEND="openai", ASKCLOUD_EMBEDDING_BASE_URL=url,
                  ASKCLOUD_EMBEDDING_MODEL=SERVED, ASKCLOUD_DATA_DIR=str(tmp_path / "data"),
                  ASKCLOUD_CORPUS_DIR=str(tmp_path / "corpus"), ASKCLOUD_RAISE_ERRORS="0")
    proc = run_cli("index", cwd=tmp_path, env=env, timeout=120, check=False)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"askcloud: error: the embeddings endpoint at {url} cannot be "
                                                   "reached"), proc.stderr
    assert "Traceback" not in proc.stderr
