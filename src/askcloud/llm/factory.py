"""One factory for every chat model backend. `extractive` has no model: the writer composes from evidence."""

from __future__ import annotations

from langchain_core.language_models.chat_models import BaseChatModel

from askcloud.errors import BackendUnavailable, ConfigError


def make_chat_model(settings) -> BaseChatModel | None:
    backend = settings.llm_backend
    if backend == "extractive":
        return None
    if backend == "fake":
        from askcloud.llm.fake import FakeChatModel

        return FakeChatModel(default="Les documents ne le disent pas.")
    if backend == "llamacpp":
        return _llamacpp(settings)
    if not settings.llm_base_url and backend == "openai":
        raise ConfigError("the openai backend needs ASKCLOUD_LLM_BASE_URL (an OpenAI-compatible /v1 endpoint)")
    if backend == "openai":
        from langchain_openai import ChatOpenAI

        from askcloud.settings import reveal

        return ChatOpenAI(base_url=settings.llm_base_url, api_key=reveal(settings.llm_api_key) or "not-needed",
                          model=settings.llm_model, temperature=settings.llm_temperature,
                          max_tokens=settings.llm_max_tokens, timeout=settings.llm_timeout_s, max_retries=0,
                          stream_usage=True)
    if backend == "ollama":
        from langchain_ollama import ChatOllama

        return ChatOllama(base_url=settings.llm_base_url or "http://127.0.0.1:11434", model=settings.llm_model,
                          temperature=settings.llm_temperature, num_predict=settings.llm_max_tokens,
                          client_kwargs={"timeout": settings.llm_timeout_s})
    raise ConfigError(f"unknown LLM backend {backend!r}")


def _llamacpp(settings) -> BaseChatModel:
    from askcloud.llm.llamacpp import LlamaCppChat
    from askcloud.llm.model_file import default_model_path, ensure_model_file

    path = settings.llm_model_path
    if path is None:
        path = default_model_path(settings.data_dir)
        if not path.exists():
            try:
                path = ensure_model_file(settings.data_dir)
            except OSError as exc:
                raise BackendUnavailable(f"cannot assemble the local model: {exc}") from exc
    return LlamaCppChat(model_path=str(path), n_ctx=settings.llm_context, n_threads=settings.llm_threads,
                        max_tokens=settings.llm_max_tokens, temperature=settings.llm_temperature,
                        timeout_s=settings.llm_timeout_s)
