"""The dense store in server mode: a real `chroma run` on 127.0.0.1, reached through ASKCLOUD_CHROMA_URL."""

from __future__ import annotations

import shutil
import socket
import threading
import time

import pytest
from askcloud.errors import BackendUnavailable
from conftest import free_port
from it_support import CHROMA, PROMPTS, SALON_Q, STUB_CORPUS, STUB_SPLIT, Server, assert_exact_quotes, cli_env, run_cli

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory):
    """A real Chroma server for this module, stopped (its whole process group) at the end."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    port = free_port()
    root = tmp_path_factory.mktemp("chroma-server")
    server = Server([CHROMA, "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(root / "db")],
                    root / "chroma.log")
    try:
        server.wait_until(lambda: chromadb.HttpClient(
            host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)).heartbeat(),
            timeout=60, what="chroma run")
        yield port
    finally:
        server.stop()


def server_client(port: int):
    """An independent client, to look at what askcloud wrote on the server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False))


def make_settings(tmp_path, prefix: str, **extra):
    from askcloud.settings import Settings

    corpus = tmp_path / "corpus"
    if not corpus.exists():
        shutil.copytree(STUB_CORPUS, corpus)
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data", embedding_backend="hash", llm_backend="fake",
                    prompts_dir=PROMPTS, collection_prefix=prefix, **STUB_SPLIT, **extra)


def build(settings):
    from askcloud.index.embeddings import make_embedder
    from askcloud.index.store import ChromaStore

    embedder = make_embedder(settings)  # a new embedder and store: what a new `askcloud` process would build
    return embedder, ChromaStore(settings, embedder.model_id)


def committed_chunks(settings, store) -> dict:
    from askcloud.index.state import load_state, state_path

    return load_state(state_path(settings.data_dir, store.name)).chunks


def test_index_and_answer_through_the_server(chroma_port, tmp_path):
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant
    from askcloud.index.indexer import run_index
    from askcloud.retrieval.hybrid import HybridRetriever

    settings = make_settings(tmp_path, "it-answer", chroma_url=f"http://127.0.0.1:{chroma_port}")
    embedder, store = build(settings)
    report = run_index(settings, embedder, store)
    assert (report.added, report.unchanged, report.embedded) == (2, 0, report.chunks) and report.chunks >= 3

    # Dense search alone comes from the server's collection: the right passage first.
    for mode in ("dense", "hybrid"):
        first = HybridRetriever(settings, embedder, store, mode=mode).search(SALON_Q, k=3)[0]
        assert first.chunk.doc_id == "salon-cloud-2020.txt" and "1 500 visiteurs" in first.chunk.text, mode

    deps = Deps(settings, HybridRetriever(settings, embedder, store), None)  # the extractive writer, no LLM
    answer = Assistant(settings, deps_override=deps).ask(SALON_Q)
    assert not answer.abstained and "1 500" in answer.answer and "[1]" in answer.answer
    assert answer.citations[0].doc_id == "salon-cloud-2020.txt" and "1 500" in answer.citations[0].quote
    assert_exact_quotes(answer.citations, lambda c: settings.corpus_dir / c["doc_id"])

    # What the server holds is exactly the committed index.
    on_server = server_client(chroma_port).get_collection(store.name)
    assert set(on_server.get(include=[])["ids"]) == set(committed_chunks(settings, store))


def test_reindex_embeds_nothing_and_a_wiped_server_is_refilled(chroma_port, tmp_path):
    from askcloud.index.indexer import run_index

    settings = make_settings(tmp_path, "it-reindex", chroma_url=f"http://127.0.0.1:{chroma_port}")
    first = run_index(settings, *build(settings))
    embedder, store = build(settings)
    again = run_index(settings, embedder, store)
    assert (again.added, again.updated, again.removed, again.unchanged, again.embedded) == (0, 0, 0, 2, 0)
    chunks = committed_chunks(settings, store)
    assert len(chunks) == again.chunks == first.chunks
    client = server_client(chroma_port)
    assert client.get_collection(store.name).count() == len(chunks)

    # The server loses the collection (a wiped or new server): the next run writes every chunk back, from the
    # embedding cache, without embedding anything again.
    client.delete_collection(store.name)
    embedder, store = build(settings)
    refill = run_index(settings, embedder, store)
    assert (refill.unchanged, refill.embedded) == (2, 0)
    assert set(client.get_collection(store.name).get(include=[])["ids"]) == set(chunks)


def test_down_server_is_reported_quickly(tmp_path):
    """A closed port: BackendUnavailable naming the URL within seconds, from the indexer, the assistant and the CLI."""
    from askcloud.agents.deps import Deps
    from askcloud.assistant import Assistant
    from askcloud.index.indexer import run_index
    from askcloud.retrieval.hybrid import HybridRetriever

    url = f"http://127.0.0.1:{free_port()}"  # bound then closed: nothing listens there
    settings = make_settings(tmp_path, "it-down", chroma_url=url)
    started = time.monotonic()
    with pytest.raises(BackendUnavailable, match="127.0.0.1"):
        run_index(settings, *build(settings))
    assert time.monotonic() - started < 15

    # A committed index (built in an embedded store) but the configured server is down: the question fails with
    # the same error instead of hanging or answering from half the evidence.
    local = make_settings(tmp_path, "it-down")
    run_index(local, *build(local))
    embedder, store = build(settings)
    assistant = Assistant(settings, deps_override=Deps(settings, HybridRetriever(settings, embedder, store), None))
    started = time.monotonic()
    with pytest.raises(BackendUnavailable, match="127.0.0.1"):
        assistant.ask(SALON_Q)
    assert time.monotonic() - started < 15

    env = cli_env(ASKCLOUD_CHROMA_URL=url, ASKCLOUD_EMBEDDING_BACKEND="hash", ASKCLOUD_COLLECTION_PREFIX="it-down",
                  ASKCLOUD_CORPUS_DIR=str(settings.corpus_dir), ASKCLOUD_DATA_DIR=str(settings.data_dir))
    del env["ASKCLOUD_RAISE_ERRORS"]  # the user's view: one line and exit code 2
    started = time.monotonic()
    proc = run_cli("--backend", "extractive", "ask", SALON_Q, "--json", cwd=tmp_path, env=env, timeout=60,
                   check=False)
    assert time.monotonic() - started < 15
    assert proc.returncode == 2 and proc.stdout == "", (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stderr.startswith("askcloud: error:") and url in proc.stderr and "Traceback" not in proc.stderr


def test_unresponsive_server_times_out(tmp_path):
    """A port that accepts connections but never answers: BackendUnavailable after about chroma_timeout_s."""
    from askcloud.index.indexer import run_index

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes the handshakes; nobody ever reads or answers
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    settings = make_settings(tmp_path, "it-silent", chroma_url=url, chroma_timeout_s=2)
    outcome: dict = {}

    def index() -> None:
        try:
            run_index(settings, *build(settings))
        except BaseException as exc:  # reported to the test thread
            outcome["error"] = exc

    worker = threading.Thread(target=index, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(30)
    elapsed = time.monotonic() - started
    hung = worker.is_alive()
    silent.close()  # resets the pending connections: a hung worker ends now
    worker.join(10)
    assert not hung, "askcloud was still waiting for the silent Chroma server after 30 s"
    error = outcome.get("error")
    assert isinstance(error, BackendUnavailable), error
    assert "does not answer" in str(error) and elapsed < 15, (str(error), elapsed)
