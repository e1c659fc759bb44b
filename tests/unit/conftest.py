"""Unit tests never load the real local model: a test that forgets `--backend fake|extractive` fails at once, by
name, instead of assembling 1 GB and spending minutes in llama.cpp (the real model runs in tests/integration)."""

from __future__ import annotations

import sys
import types

import pytest


class _NoRealModel:
    def __init__(self, *args, **kwargs) -> None:
        raise AssertionError("a unit test tried to load the real local model: pass the fake or extractive backend, "
                             "or put the test under tests/integration")


@pytest.fixture(autouse=True)
def _no_real_llm(monkeypatch):
    monkeypatch.setitem(sys.modules, "llama_cpp", types.SimpleNamespace(Llama=_NoRealModel))
    from askcloud.llm import model_file

    def refuse(data_dir):
        raise AssertionError(f"a unit test tried to assemble the real local model into {data_dir}")

    monkeypatch.setattr(model_file, "ensure_model_file", refuse)
