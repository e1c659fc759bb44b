"""askcloud ask: --history files, Contract 1 on --json, and the human-readable answer."""

from __future__ import annotations

import json

import pytest

import io

from askcloud.answer import Answer
from askcloud.cli.ask_cmd import print_answer, stream_answer
from askcloud.cli.main import OFFLINE, main

pytestmark = pytest.mark.unit

QUESTION = "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?"
CONTRACT = {"question", "standalone_question", "language", "answer", "abstained", "topics", "kind", "citations",
            "timings_ms"}
CITATION = {"n", "chunk_id", "doc_id", "title", "source", "quote", "start", "end", "score", "date"}


@pytest.fixture
def cli(tmp_path, monkeypatch, corpus_dir):
    """Runs `askcloud --corpus <stub> …` on the hash embedder with a tmp data dir; returns the exit code."""
    monkeypatch.chdir(tmp_path)
    for key, value in OFFLINE.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ASKCLOUD_EMBEDDING_BACKEND", "hash")
    monkeypatch.setenv("ASKCLOUD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ASKCLOUD_RAISE_ERRORS")

    return lambda *args: main(["--corpus", str(corpus_dir), *args])


def test_malformed_history_file(cli, tmp_path, capsys):
    history = tmp_path / "history.json"
    history.write_text("[{not json", encoding="utf-8")
    assert cli("ask", "--history", str(history), QUESTION) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"askcloud: error: history file {history} is not valid JSON") and err.count("\n") == 1


def test_missing_history_file(cli, tmp_path, capsys):
    assert cli("ask", "--history", str(tmp_path / "nope.json"), QUESTION) == 2
    assert capsys.readouterr().err == f"askcloud: error: history file not found: {tmp_path / 'nope.json'}\n"


@pytest.mark.parametrize("content, message", [
    ({"role": "user", "content": "x"}, "must be a list"),
    ([{"role": "bot", "content": "x"}], "history turn 1 needs a role"),
    ([{"role": "user", "content": "ok"}, {"role": "user"}], "history turn 2"),
])
def test_history_with_the_wrong_shape(cli, tmp_path, capsys, content, message):
    history = tmp_path / "history.json"
    history.write_text(json.dumps(content), encoding="utf-8")
    assert cli("ask", "--history", str(history), QUESTION) == 2
    assert message in capsys.readouterr().err


def test_ask_before_index_says_to_run_index(cli, capsys):
    assert cli("--backend", "extractive", "ask", QUESTION) == 2
    assert "askcloud index" in capsys.readouterr().err


def test_ask_json_prints_exactly_contract_1(cli, capsys, corpus_dir):
    assert cli("index", "--json") == 0
    capsys.readouterr()
    assert cli("--backend", "extractive", "ask", "--json", QUESTION) == 0
    out = capsys.readouterr().out
    data = json.loads(out)  # one JSON object and nothing else
    assert set(data) == CONTRACT
    assert data["question"] == QUESTION and data["language"] == "fr" and data["abstained"] is False
    assert data["citations"]
    for c in data["citations"]:
        assert set(c) == CITATION
        text = (corpus_dir / c["doc_id"]).read_bytes().decode("utf-8")
        assert text[c["start"]:c["end"]] == c["quote"]
    assert {"retrieve", "total"} <= set(data["timings_ms"])


def test_ask_json_with_history_and_topic(cli, capsys, tmp_path):
    assert cli("index", "--json") == 0
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"role": "user", "content": QUESTION},
                                   {"role": "assistant", "content": "Plus de 1 500 [1]."}]), encoding="utf-8")
    capsys.readouterr()
    assert cli("--backend", "extractive", "ask", "--json", "--topic", "events", "--history", str(history),
               "Et qui l'a animée ?") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["topics"] == ["events"]
    assert data["standalone_question"] != data["question"] and "Salon du Cloud" in data["standalone_question"]


def test_ask_json_trace_adds_the_trace_and_passages(cli, capsys):
    assert cli("index", "--json") == 0
    capsys.readouterr()
    assert cli("--backend", "extractive", "ask", "--json", "--trace", QUESTION) == 0
    data = json.loads(capsys.readouterr().out)
    assert CONTRACT < set(data) and {"trace", "retrieved", "notices", "usage"} <= set(data)
    assert data["retrieved"] and {"chunk_id", "doc_id", "text", "score"} == set(data["retrieved"][0])


def test_ask_prints_the_answer_and_its_sources(cli, capsys):
    assert cli("index", "--json") == 0
    capsys.readouterr()
    assert cli("--backend", "extractive", "ask", QUESTION) == 0
    out = capsys.readouterr().out
    assert out.startswith("D'après les documents : « ")
    assert "\nSources :\n  [1] Le Salon du Cloud 2020 à Lyon, 2020-05-12 — " in out
    assert "1 500 visiteurs" in out.split("Sources :")[1]


def test_ask_never_prints_the_unchecked_draft(cli, capsys):
    assert cli("index", "--json") == 0
    capsys.readouterr()
    assert cli("--backend", "fake", "ask", QUESTION) == 0
    out = capsys.readouterr().out
    assert "Les documents ne le disent pas." not in out  # the fake model's draft, replaced by the check
    assert "Réponse vérifiée" not in out  # nothing shown had to be corrected


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def fake_answer(text: str, language: str = "en", **changes) -> Answer:
    values = dict(question="How many visitors came?", standalone_question="How many visitors came?",
                  language=language, answer=text, abstained=False)
    values.update(changes)
    return Answer(**values)


class Streaming:
    """Assistant.stream's events: raw tokens (never shown), checking, checked sentences, the answer."""

    def __init__(self, answer: Answer, sentences: list[str]) -> None:
        self.answer, self.sentences = answer, sentences

    def stream(self, question, history, filters):
        yield "token", "An invented claim."
        yield "checking", None
        for sentence in self.sentences:
            yield "sentence", sentence
        yield "answer", self.answer


def test_checked_sentences_are_printed_as_they_pass_after_a_checking_state_on_a_terminal():
    answer = fake_answer("Over 1,500 visitors came [1]. It lasted three hours [2].")
    out = Tty()
    stream_answer(Streaming(answer, ["Over 1,500 visitors came [1].", "It lasted three hours [2]."]),
                  answer.question, [], None, out=out)
    text = out.getvalue()
    assert text.startswith("checking…\r\x1b[K") and "invented" not in text
    assert text.endswith("Over 1,500 visitors came [1]. It lasted three hours [2].\n")


def test_a_prefix_shown_is_completed_and_nothing_shown_prints_the_whole_answer():
    answer = fake_answer("Over 1,500 visitors came [1]. It lasted three hours [2].")
    out = io.StringIO()  # not a terminal: no checking state to erase
    stream_answer(Streaming(answer, ["Over 1,500 visitors came [1]."]), answer.question, [], None, out=out)
    assert out.getvalue() == "Over 1,500 visitors came [1]. It lasted three hours [2].\n"
    out = io.StringIO()
    stream_answer(Streaming(answer, []), answer.question, [], None, out=out)
    assert out.getvalue() == answer.answer + "\n"


def test_labels_follow_the_answer_language_and_an_abstention_shows_its_search_and_closest_passages():
    abstention = {"text": "The documents do not answer this question.", "reason": "x",
                  "searched": "Who founded the Salon du Cloud?", "topics": ["events"],
                  "closest": [{"chunk_id": "c", "doc_id": "d", "title": "Salon", "source": "salon.txt",
                               "excerpt": "The Salon du Cloud took place in Lyon."}]}
    answer = fake_answer(abstention["text"], abstained=True, abstention=abstention,
                         standalone_question="Who founded the Salon du Cloud?", question="And who founded it?",
                         notices=["A notice."])
    out = io.StringIO()
    print_answer(answer, {"events": {"en": "Events", "fr": "Événements"}}, out=out)
    text = out.getvalue()
    assert "(Question understood as: Who founded the Salon du Cloud?)" in text and "Note: A notice." in text
    assert "I searched for “Who founded the Salon du Cloud?” (topics consulted: Events)" in text
    assert "Closest passages (not an answer):" in text and "The Salon du Cloud took place in Lyon." in text
    assert "comprise" not in text and "Sources :" not in text
