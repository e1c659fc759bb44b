"""askcloud chat: checked answers in the question's language, and a conversation kept as Markdown or JSON."""

from __future__ import annotations

import json

import pytest

from askcloud.cli.main import OFFLINE, main

pytestmark = pytest.mark.unit

QUESTION = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
CONTRACT = {"question", "standalone_question", "language", "answer", "abstained", "topics", "kind", "citations",
            "timings_ms"}


@pytest.fixture
def chat(tmp_path, monkeypatch, corpus_dir, capsys):
    """chat(*lines, extra=[]) runs `askcloud chat` on the stub corpus with these input lines; returns stdout."""
    monkeypatch.chdir(tmp_path)
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("ASKCLOUD_DATA_DIR", str(tmp_path / "data"))
    assert main(["--corpus", str(corpus_dir), "index", "--json"]) == 0
    capsys.readouterr()

    def run(*lines: str, extra: tuple[str, ...] = ()) -> str:
        feed = iter(lines)
        monkeypatch.setattr("builtins.input", lambda prompt="": next(feed, ""))
        assert main(["--corpus", str(corpus_dir), "--backend", "extractive", "chat", *extra]) == 0
        captured = capsys.readouterr()
        run.err = captured.err
        return captured.out

    return run


def test_export_command_writes_json_contracts_and_markdown_with_full_citations(chat, tmp_path):
    out = chat(QUESTION, "Et combien d'exposants ?", f"/export {tmp_path / 'c.json'}", f"/export {tmp_path / 'c.md'}")
    assert f"Conversation exportée : {tmp_path / 'c.json'}" in out
    turns = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert len(turns) == 2 and all(set(t) == CONTRACT for t in turns)
    assert turns[0]["question"] == QUESTION and turns[0]["citations"][0]["quote"]
    markdown = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert f"## 1. {QUESTION}" in markdown and "## 2. Et combien d'exposants ?" in markdown
    c = turns[0]["citations"][0]
    assert f"`{c['source']}:{c['start']}-{c['end']}`" in markdown and c["quote"].split()[0] in markdown
    assert "**Sources :**" in markdown


def test_export_flag_keeps_the_file_after_every_turn(chat, tmp_path):
    chat(QUESTION, extra=("--export", str(tmp_path / "kept.json")))
    assert len(json.loads((tmp_path / "kept.json").read_text(encoding="utf-8"))) == 1


def test_export_without_a_file_says_how(chat):
    chat("/export")
    assert "/export" in chat.err


def test_english_question_gets_english_labels(chat):
    out = chat("How many visitors attended the opening conference of the Salon du Cloud?")
    assert ("Sources:" in out or "Closest passages (not an answer):" in out) and "Sources :" not in out
    assert "comprise" not in out and "ce n'est pas" not in out and "J'ai cherché" not in out
