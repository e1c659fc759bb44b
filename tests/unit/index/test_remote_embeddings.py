"""The openai embedding backend over real HTTP: a small `http.server` on 127.0.0.1 answers `/v1/embeddings` in the
OpenAI format (word-hash vectors, not normalised), or fails in the ways real endpoints fail. The client is the real
`openai` client; nothing is mocked."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from askcloud.errors import AskcloudError, BackendUnavailable, ConfigError
from askcloud.index.embeddings import HashEmbedder, make_embedder
from askcloud.settings import Settings, load_settings

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
KEY = "sk-embed-0123456789-SECRET"


@dataclass
class Endpoint:
    """What the fake endpoint does next (`fail`: a status code, "tokens", "count", "slow") and what it was sent."""

    url: str = ""
    dim: int = 64
    fail: object = None
    requests: list[dict] = field(default_factory=list)


def _handler(endpoint: Endpoint):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            endpoint.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
            texts = [body["input"]] if isinstance(body["input"], str) else body["input"]
            if self.path != "/v1/embeddings":
                return self._send(404, {"error": {"message": "no such route"}})
            if isinstance(endpoint.fail, int):
                return self._send(endpoint.fail, {"error": {"message": f"refused with {endpoint.fail}\nsecond line"}})
            if endpoint.fail == "slow":
                time.sleep(1.5)
            vectors = (3 * HashEmbedder(endpoint.dim).embed_passages(texts)).tolist()  # a norm of 3: rescaled
            if endpoint.fail == "tokens":
                vectors = [[v, v] for v in vectors]  # llama.cpp without pooling: one vector per token
            if endpoint.fail == "count":
                vectors = vectors[:-1]
            data = [{"object": "embedding", "index": i, "embedding": v} for i, v in reversed(list(enumerate(vectors)))]
            self._send(200, {"object": "list", "data": data, "model": body["model"],
                             "usage": {"prompt_tokens": 1, "total_tokens": 1}})

        def _send(self, status: int, payload: dict) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            try:
                self.wfile.write(raw)
            except OSError:  # the client gave up waiting
                pass

    return Handler


@pytest.fixture
def endpoint():
    state = Endpoint()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    yield state
    server.shutdown()
    server.server_close()


def settings_for(endpoint: Endpoint, tmp_path, **extra) -> Settings:
    values = {"embedding_backend": "openai", "embedding_base_url": endpoint.url, "embedding_model": "served-embedder",
              "data_dir": tmp_path / "data", "corpus_dir": tmp_path / "corpus", "prompts_dir": ROOT / "prompts",
              "embedding_timeout_s": 5, **extra}
    return Settings(**values)


def test_vectors_come_from_the_endpoint_normalised_with_prefixes_key_and_model(endpoint, tmp_path):
    settings = settings_for(endpoint, tmp_path, embedding_api_key=KEY, embedding_query_prefix="query: ",
                            embedding_passage_prefix="passage: ")
    embedder = make_embedder(settings)
    passages = embedder.embed_passages(["Le salon a eu lieu à Lyon.", "La facture est payée."])
    query = embedder.embed_query("Où a eu lieu le salon ?")
    assert passages.shape == (2, 64) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0) and np.isclose(np.linalg.norm(query), 1.0)
    assert np.allclose(passages, HashEmbedder(64).embed_passages(["passage: Le salon a eu lieu à Lyon.",
                                                                  "passage: La facture est payée."]))
    assert float(query @ passages[0]) > float(query @ passages[1])
    first, second = endpoint.requests
    assert first["input"] == ["passage: Le salon a eu lieu à Lyon.", "passage: La facture est payée."]
    assert second["input"] == ["query: Où a eu lieu le salon ?"]
    assert {r["model"] for r in endpoint.requests} == {"served-embedder"}
    assert {r["encoding_format"] for r in endpoint.requests} == {"float"}  # no base64 a small server may not speak
    assert {r["auth"] for r in endpoint.requests} == {f"Bearer {KEY}"}


def test_passages_go_in_batches_and_are_never_sent_twice(endpoint, tmp_path):
    embedder = make_embedder(settings_for(endpoint, tmp_path, embedding_batch_size=2))
    texts = [f"passage numéro {i}" for i in range(5)]
    done: list[int] = []
    first = embedder.embed_passages(texts, on_batch=done.append)
    assert [len(r["input"]) for r in endpoint.requests] == [2, 2, 1] and done == [2, 2, 1]
    again = make_embedder(settings_for(endpoint, tmp_path, embedding_batch_size=2)).embed_passages(texts[::-1])
    assert len(endpoint.requests) == 3  # the disk cache answered
    assert np.array_equal(again, first[::-1])


def test_the_model_id_names_the_model_and_changes_with_anything_the_vectors_depend_on(endpoint, tmp_path):
    from askcloud.index.store import ChromaStore

    def model_id(**extra) -> str:
        return make_embedder(settings_for(endpoint, tmp_path, **extra)).model_id

    base = model_id()
    assert base.startswith("openai:") and base.endswith(":served-embedder") and base == model_id()
    others = {model_id(embedding_model="other-embedder"), model_id(embedding_base_url="http://10.0.0.9:8080/v1"),
              model_id(embedding_query_prefix="query: "), model_id(embedding_passage_prefix="passage: ")}
    assert len(others) == 4 and base not in others
    assert model_id(embedding_api_key=KEY, embedding_batch_size=7, embedding_timeout_s=9) == base
    settings = settings_for(endpoint, tmp_path)
    name = ChromaStore(settings, base).name
    assert "served-embedder" in name and name != ChromaStore(settings, model_id(embedding_model="x")).name
    long_name = "intfloat/multilingual-e5-large-instruct-" + "very-long-" * 4
    names = {ChromaStore(settings, model_id(embedding_model=long_name, embedding_base_url=url)).name
             for url in ("http://a:1/v1", "http://b:1/v1")}
    assert len(names) == 2 and all(len(n) <= 60 and n[-1].isalnum() for n in names)  # the digest comes first


def test_a_down_endpoint_is_one_line_and_quick(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free once closed: nothing listens there
    settings = Settings(embedding_backend="openai", embedding_base_url=f"http://127.0.0.1:{port}/v1",
                        embedding_model="m", data_dir=tmp_path)
    started = time.monotonic()
    with pytest.raises(BackendUnavailable, match=r"^the embeddings endpoint at http://127\.0\.0\.1:\d+/v1 cannot be "
                                                 r"reached: .*refused") as info:
        make_embedder(settings).embed_query("bonjour")
    assert "\n" not in str(info.value) and time.monotonic() - started < 15


@pytest.mark.parametrize("fail, kind, words", [
    (401, ConfigError, "refused the API key (401): set ASKCLOUD_EMBEDDING_API_KEY"),
    (403, ConfigError, "refused the API key (403)"),
    (404, ConfigError, "knows no model 'served-embedder' or no /embeddings route (404)"),
    (400, ConfigError, "refused the request (400): refused with 400 second line"),
    (503, BackendUnavailable, "refused the request (503): refused with 503 second line"),
    ("tokens", BackendUnavailable, "one vector per token, not one per text"),
    ("count", BackendUnavailable, "answered 1 vector(s) for 2 text(s)"),
    ("slow", BackendUnavailable, "did not answer within 0.3 s (ASKCLOUD_EMBEDDING_TIMEOUT_S)"),
])
def test_endpoint_failures_are_one_line_errors_that_never_show_the_key(endpoint, tmp_path, fail, kind, words):
    endpoint.fail = fail
    embedder = make_embedder(settings_for(endpoint, tmp_path, embedding_api_key=KEY, embedding_timeout_s=0.3))
    with pytest.raises(kind) as info:
        embedder.embed_passages(["un", "deux"])
    message = str(info.value)
    assert words in message and "\n" not in message and KEY[-12:] not in message
    assert embedder.embedded == 0


def test_a_wrong_route_says_the_url_should_end_in_v1(endpoint, tmp_path):
    settings = settings_for(endpoint, tmp_path, embedding_base_url=endpoint.url.removesuffix("/v1"))
    with pytest.raises(ConfigError, match="that the URL ends in /v1"):
        make_embedder(settings).embed_query("bonjour")


@pytest.mark.parametrize("settings, words", [
    ({"embedding_model": "m"}, "needs ASKCLOUD_EMBEDDING_BASE_URL"),
    ({"embedding_model": "m", "embedding_base_url": "gpu-host:8080"}, "must look like http://host:port/v1"),
    ({"embedding_base_url": "http://gpu-host:8080/v1"}, "needs ASKCLOUD_EMBEDDING_MODEL"),
])
def test_missing_or_wrong_settings_are_named(tmp_path, settings, words):
    with pytest.raises(ConfigError, match=words):
        make_embedder(Settings(embedding_backend="openai", data_dir=tmp_path, **settings))


def test_the_key_is_read_from_the_environment_and_never_shown(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BACKEND", "openai")
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_API_KEY", KEY)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BATCH_SIZE", "0")
    with pytest.raises(AskcloudError, match="embedding_batch_size") as info:
        load_settings()
    assert KEY not in str(info.value)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BATCH_SIZE", "8")
    settings = load_settings()
    assert KEY not in repr(settings) and KEY not in settings.model_dump_json()
    assert settings.embedding_api_key.get_secret_value() == KEY and settings.embedding_batch_size == 8


def test_another_model_behind_the_same_settings_is_refused_not_mixed(endpoint, tmp_path):
    """The endpoint starts giving vectors of another size under the same URL and name: the cache and the index
    refuse them with a one-line message instead of mixing vectors of two models."""
    from askcloud.index.indexer import run_index
    from askcloud.index.store import ChromaStore
    from askcloud.retrieval.hybrid import HybridRetriever

    shutil.copytree(ROOT / "tests" / "stub_data" / "corpus", tmp_path / "corpus")
    settings = settings_for(endpoint, tmp_path, chunk_min_section=0)
    embedder = make_embedder(settings)
    store = ChromaStore(settings, embedder.model_id)
    report = run_index(settings, embedder, store)
    assert report.embedded == report.chunks > 0
    retriever = HybridRetriever(settings, embedder, store, mode="dense")
    assert retriever.search("Salon du Cloud visiteurs", k=3)
    embedder.embed_passages(["un texte déjà vu"])

    endpoint.dim = 96
    with pytest.raises(ConfigError, match=r"holds vectors of 64 dimensions and the embedding model now gives 96"):
        HybridRetriever(settings, embedder, store, mode="dense").search("Salon du Cloud visiteurs", k=3)
    with pytest.raises(ConfigError, match=r"gave vectors of 64 and of 96 dimensions"):
        embedder.embed_passages(["un texte déjà vu", "un texte jamais vu"])
