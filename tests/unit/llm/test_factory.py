"""The chat model factory: one setting chooses the backend; nothing loads until it is used."""

from __future__ import annotations

import pytest

from askcloud.errors import BackendUnavailable, ConfigError
from askcloud.llm.factory import make_chat_model
from askcloud.llm.fake import FakeChatModel

pytestmark = pytest.mark.unit


def test_extractive_has_no_model(settings):
    assert make_chat_model(settings.model_copy(update={"llm_backend": "extractive"})) is None


def test_fake_backend_refuses_by_default(settings):
    chat = make_chat_model(settings)
    assert isinstance(chat, FakeChatModel)
    assert chat.invoke("q").content == "Les documents ne le disent pas."


def test_openai_without_base_url_is_a_config_error(settings):
    with pytest.raises(ConfigError, match="ASKCLOUD_LLM_BASE_URL"):
        make_chat_model(settings.model_copy(update={"llm_backend": "openai", "llm_base_url": None}))


def test_unknown_backend_is_a_config_error(settings):
    with pytest.raises(ConfigError, match="unknown LLM backend"):
        make_chat_model(settings.model_copy(update={"llm_backend": "gpt-zero"}))


def test_llamacpp_with_a_missing_file_fails_clearly_on_first_use(settings, tmp_path):
    missing = tmp_path / "missing.gguf"
    chat = make_chat_model(settings.model_copy(update={"llm_backend": "llamacpp", "llm_model_path": missing}))
    assert chat.model_path == str(missing)  # built lazily: nothing loaded yet
    with pytest.raises(BackendUnavailable, match="model file not found"):
        chat.invoke("q")
