"""Checking the local GGUF model file before llama.cpp sees it."""

from __future__ import annotations

import pytest

from askcloud.errors import BackendUnavailable
from askcloud.llm.model_file import FILE_NAME, check_gguf, default_model_path

pytestmark = pytest.mark.unit


def test_missing_file(tmp_path):
    with pytest.raises(BackendUnavailable, match="model file not found"):
        check_gguf(tmp_path / "model.gguf")


def test_a_folder_is_not_a_model(tmp_path):
    with pytest.raises(BackendUnavailable, match="not found"):
        check_gguf(tmp_path)


@pytest.mark.parametrize("data", [b"", b"GGU", b"PK\x03\x04 a zip file", b"<html>404</html>"])
def test_non_gguf_file(tmp_path, data):
    path = tmp_path / "model.gguf"
    path.write_bytes(data)
    with pytest.raises(BackendUnavailable, match="not a GGUF file"):
        check_gguf(path)


def test_gguf_magic_passes(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF\x03\x00\x00\x00")
    check_gguf(path)


def test_default_path_is_under_the_data_dir(tmp_path):
    assert default_model_path(tmp_path) == tmp_path / "models" / FILE_NAME
