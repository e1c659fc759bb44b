"""Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint: a GPU server running TEI, vLLM or Ollama,
llama.cpp's server, or OpenAI itself.

The `openai` client is used directly rather than langchain-openai's OpenAIEmbeddings: that class counts tokens with
tiktoken before sending, and tiktoken downloads its vocabulary files at first use (nothing may download at run
time); with the count switched off (`check_embedding_ctx_length=False`) it adds nothing the client lacks, and its
errors are the client's anyway. The client sends texts as they are, with a time-out and a bounded number of retries,
and raises typed errors that become one-line messages here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlparse

import numpy as np

from askcloud.errors import AskcloudError, BackendUnavailable, ConfigError

RETRIES = 2  # a busy GPU server may drop one request of a long indexing run; a down one costs about 2 s more


@dataclass(frozen=True)
class EndpointConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 60.0
    batch_size: int = 64
    query_prefix: str = ""
    passage_prefix: str = ""

    @classmethod
    def from_settings(cls, settings) -> EndpointConfig:
        from askcloud.settings import reveal

        if not settings.embedding_base_url:
            raise ConfigError("the openai embedding backend needs ASKCLOUD_EMBEDDING_BASE_URL (an OpenAI-compatible "
                              "/v1 endpoint, e.g. http://gpu-host:8080/v1)")
        parsed = urlparse(settings.embedding_base_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"ASKCLOUD_EMBEDDING_BASE_URL must look like http://host:port/v1, not "
                              f"{settings.embedding_base_url!r}")
        if not settings.embedding_model:
            raise ConfigError("the openai embedding backend needs ASKCLOUD_EMBEDDING_MODEL (the model name the "
                              "endpoint serves; any name of your choice for TEI, which serves one model)")
        return cls(settings.embedding_base_url.rstrip("/"), settings.embedding_model,
                   reveal(settings.embedding_api_key), settings.embedding_timeout_s, settings.embedding_batch_size,
                   settings.embedding_query_prefix, settings.embedding_passage_prefix)


class OpenAIEmbedder:
    """One request per batch of texts; vectors L2-normalised (the store and the aligner compare them by dot product).

    `model_id` names the model and a digest of everything its vectors depend on (URL, model name, prefixes): the
    embedding cache and the Chroma collection are keyed by it, so two endpoints, two models or two prefix choices
    never share vectors. Nothing is sent until a text must be embedded.
    """

    def __init__(self, config: EndpointConfig) -> None:
        self.config = config
        self.batch_size = config.batch_size
        identity = json.dumps([config.base_url, config.model, config.query_prefix, config.passage_prefix])
        self.model_id = f"openai:{hashlib.sha256(identity.encode()).hexdigest()[:8]}:{config.model}"

    @cached_property
    def _client(self):
        from openai import OpenAI

        return OpenAI(base_url=self.config.base_url, api_key=self.config.api_key or "not-needed",
                      timeout=self.config.timeout_s, max_retries=RETRIES)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        texts = [self.config.passage_prefix + t for t in texts]
        parts = [self._request(texts[lo:lo + self.batch_size]) for lo in range(0, len(texts), self.batch_size)]
        return np.concatenate(parts) if parts else np.zeros((0, 0), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._request([self.config.query_prefix + text])[0]

    def _request(self, texts: list[str]) -> np.ndarray:
        import openai

        try:
            response = self._client.embeddings.create(model=self.config.model, input=texts, encoding_format="float")
        except openai.OpenAIError as exc:
            raise endpoint_error(exc, self.config) from exc
        return self._vectors(response, len(texts))

    def _vectors(self, response, expected: int) -> np.ndarray:
        where = f"the embeddings endpoint at {self.config.base_url}"
        data = sorted(getattr(response, "data", None) or [], key=lambda d: d.index)
        if len(data) != expected:
            raise BackendUnavailable(f"{where} answered {len(data)} vector(s) for {expected} text(s)")
        try:
            matrix = np.asarray([d.embedding for d in data], dtype=np.float32)
        except (ValueError, TypeError) as exc:
            raise BackendUnavailable(f"{where} answered vectors of different lengths or not numbers") from exc
        if matrix.ndim != 2 or matrix.shape[1] == 0:
            raise BackendUnavailable(
                f"{where} answered one vector per token, not one per text: start it with a pooling method "
                "(llama.cpp: --pooling mean)" if matrix.ndim == 3 else f"{where} answered empty vectors")
        if not np.isfinite(matrix).all():
            raise BackendUnavailable(f"{where} answered vectors with NaN or infinite values")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.where(norms > 0, norms, 1.0)


def endpoint_error(exc: Exception, config: EndpointConfig) -> AskcloudError:
    """The client's error as one line for the user: what failed and the setting that fixes it."""
    import openai

    where = f"the embeddings endpoint at {config.base_url}"
    if isinstance(exc, openai.APITimeoutError):
        return BackendUnavailable(f"{where} did not answer within {config.timeout_s:g} s "
                                  "(ASKCLOUD_EMBEDDING_TIMEOUT_S)")
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__ or exc.__context__
        return BackendUnavailable(f"{where} cannot be reached: {_one_line(cause or exc)}")
    if isinstance(exc, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return ConfigError(f"{where} refused the API key ({exc.status_code}): set ASKCLOUD_EMBEDDING_API_KEY")
    if isinstance(exc, openai.NotFoundError):
        return ConfigError(f"{where} knows no model {config.model!r} or no /embeddings route (404): check "
                           "ASKCLOUD_EMBEDDING_MODEL and that the URL ends in /v1")
    if isinstance(exc, openai.APIStatusError):
        kind = ConfigError if 400 <= exc.status_code < 500 and exc.status_code not in (408, 429) \
            else BackendUnavailable
        return kind(f"{where} refused the request ({exc.status_code}): {_one_line(_message(exc))}")
    if isinstance(exc, openai.APIResponseValidationError):
        return BackendUnavailable(f"{where} answered something that is not an embeddings response")
    return BackendUnavailable(f"{where} failed: {_one_line(exc)}")


def _message(exc) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        found = inner.get("message") if isinstance(inner, dict) else inner
        if found:
            return str(found)
    return str(getattr(exc, "message", exc))


def _one_line(value: object, limit: int = 200) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
