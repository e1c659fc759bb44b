"""Prompt files loaded by name and rendered with strict variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from askcloud.errors import ConfigError
from askcloud.prompts import Prompt, load_prompt

pytestmark = pytest.mark.unit

PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


@pytest.mark.parametrize("name", ["write.fr", "write.en"])
def test_write_prompts_render_with_passages_and_question(name):
    prompt = load_prompt(PROMPTS, name)
    assert prompt.variables() == {"passages", "question"}
    system, user = prompt.render(passages="[1] Plus de 1 500 visiteurs.", question="Combien de visiteurs ?")
    assert "[1] Plus de 1 500 visiteurs." in user and "Combien de visiteurs ?" in user
    assert "$" not in system + user
    assert "[1]" in system  # the marker rule is part of the fixed system prompt


@pytest.mark.parametrize("values", [
    {"passages": "[1] x"},
    {"question": "q"},
    {},
    {"passages": "[1] x", "question": "q", "history": "extra"},
])
def test_missing_or_extra_variable_is_a_config_error(values):
    with pytest.raises(ConfigError, match="expected variables"):
        load_prompt(PROMPTS, "write.fr").render(**values)


def test_values_are_not_themselves_templates():
    _, user = load_prompt(PROMPTS, "write.fr").render(passages="[1] coûte $5 ${question}", question="q")
    assert "[1] coûte $5 ${question}" in user


def test_dollar_escape_and_braced_variables():
    prompt = Prompt("t", "Coût : $$5", "Q : ${question} / $question")
    assert prompt.variables() == {"question"}
    assert prompt.render(question="x") == ("Coût : $5", "Q : x / x")


def test_missing_prompt_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read prompt"):
        load_prompt(tmp_path, "write.fr")


@pytest.mark.parametrize("content", ["system: only\n", "system: a\nuser: b\nextra: c\n", "- a list\n",
                                     "a: [unclosed\n"])
def test_malformed_prompt_file(tmp_path, content):
    (tmp_path / "bad.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_prompt(tmp_path, "bad")
