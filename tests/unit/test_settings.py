"""One typed Settings: environment variables, an optional TOML file, and user-readable errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.errors import ConfigError
from askcloud.settings import Settings, load_settings

pytestmark = pytest.mark.unit


@pytest.fixture(autouse=True)
def _no_local_toml(tmp_path, monkeypatch):
    """Run from an empty folder so that no ./askcloud.toml of the developer is read."""
    monkeypatch.chdir(tmp_path)


def test_defaults():
    s = Settings()
    assert (s.corpus_dir, s.data_dir, s.chroma_url) == (Path("corpus"), Path(".askcloud"), None)
    assert (s.embedding_backend, s.llm_backend, s.top_k) == ("e5", "llamacpp", 5)
    assert s.resolved_prompts_dir.name == "prompts" and (s.resolved_prompts_dir / "write.fr.yaml").is_file()


def test_every_field_is_described():
    assert [name for name, f in Settings.model_fields.items() if not f.description] == []


def test_environment_variables_are_read(monkeypatch):
    monkeypatch.setenv("ASKCLOUD_CHROMA_URL", "http://127.0.0.1:8000")
    monkeypatch.setenv("ASKCLOUD_TOP_K", "7")
    monkeypatch.setenv("ASKCLOUD_LLM_BACKEND", "extractive")
    s = load_settings()
    assert (s.chroma_url, s.top_k, s.llm_backend) == ("http://127.0.0.1:8000", 7, "extractive")


def test_overrides_beat_the_environment_and_none_is_ignored(monkeypatch):
    monkeypatch.setenv("ASKCLOUD_TOP_K", "7")
    assert load_settings(top_k=3).top_k == 3
    assert load_settings(top_k=None).top_k == 7


@pytest.mark.parametrize("name, value, field", [
    ("ASKCLOUD_TOP_K", "0", "top_k"),
    ("ASKCLOUD_TOP_K", "many", "top_k"),
    ("ASKCLOUD_LLM_BACKEND", "gpt5", "llm_backend"),
    ("ASKCLOUD_EMBEDDING_BACKEND", "word2vec", "embedding_backend"),
    ("ASKCLOUD_CHUNK_SIZE", "10", "chunk_size"),
    ("ASKCLOUD_PORT", "70000", "port"),
])
def test_invalid_environment_value_is_a_config_error(monkeypatch, name, value, field):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"invalid setting {field}"):
        load_settings()


def test_invalid_override_is_a_config_error():
    with pytest.raises(ConfigError, match="invalid setting top_k"):
        load_settings(top_k=0)


def test_toml_file_from_askcloud_config(tmp_path, monkeypatch):
    config = tmp_path / "custom.toml"
    config.write_text('top_k = 9\nllm_backend = "fake"\n', encoding="utf-8")
    monkeypatch.setenv("ASKCLOUD_CONFIG", str(config))
    s = load_settings()
    assert (s.top_k, s.llm_backend) == (9, "fake")
    monkeypatch.setenv("ASKCLOUD_TOP_K", "4")
    assert load_settings().top_k == 4  # the environment beats the file


def test_askcloud_toml_in_the_working_folder(tmp_path):
    (tmp_path / "askcloud.toml").write_text("rrf_k = 10\n", encoding="utf-8")
    assert load_settings().rrf_k == 10


def test_unknown_key_in_toml_is_a_config_error(tmp_path, monkeypatch):
    (tmp_path / "askcloud.toml").write_text("top_kk = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="top_kk"):
        load_settings()


def test_malformed_toml_is_a_config_error(tmp_path):
    (tmp_path / "askcloud.toml").write_text("top_k = = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings()
