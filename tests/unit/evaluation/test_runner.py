"""The runner asks a (fake) assistant every question, records failures per item and scores the run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from askcloud.answer import Answer, Citation
from askcloud.corpus.models import Chunk
from askcloud.errors import BadQuestion
from askcloud.evaluation.questions import load_questions, parse_item
from askcloud.evaluation.runner import run_eval
from askcloud.retrieval.passage import Passage

pytestmark = pytest.mark.unit

SOURCE = "corpus/ovh-summit-2014.txt"
DOC = "Mardi 7 octobre, OVH organisait aux Docks de Paris la seconde édition. Plus de 2 000 personnes ont assisté au " \
      "keynote de la matinée. Octave est entré en scène sur Money."
QUOTE = "Plus de 2 000 personnes ont assisté au keynote de la matinée"

FIXTURE = [
    {"id": "ev01", "question": "Le keynote du matin a réuni combien de monde ?", "history": [], "lang": "fr",
     "topic": "events", "kind": "fact", "answerable": True, "answer_all": [["2 000", "2000"]],
     "evidence": [QUOTE]},
    {"id": "fu01", "question": "Et où était-ce ?", "lang": "fr", "topic": "events", "kind": "followup",
     "history": [{"role": "user", "content": "Qui était l'hôte de cette journée ?"}, {"role": "assistant", "content": "OVH."}],
     "answerable": True, "answer_all": [["Docks de Paris", "Docks"]],
     "evidence": ["OVH organisait aux Docks de Paris la seconde édition"]},
    {"id": "un01", "question": "Faut-il un parapluie à Lille samedi ?", "history": [], "lang": "fr", "topic": "none",
     "kind": "unanswerable", "answerable": False, "answer_all": [], "evidence": []},
]


def chunk(cid: str, start: int, end: int) -> Chunk:
    return Chunk(id=cid, doc_id="ovh-summit-2014.txt", text=DOC[start:end], start=start, end=end, section="",
                 title="OVH Summit 2014", source=SOURCE)


_KEYNOTE, _MONEY = DOC.index("Plus de"), DOC.index("Octave")
CHUNKS = [chunk("c-docks", 0, _KEYNOTE), chunk("c-keynote", _KEYNOTE, _MONEY), chunk("c-money", _MONEY, len(DOC))]


class FakeAssistant:
    """Fixed passages and answers; raises for the questions listed in `fail`."""

    def __init__(self, fail: tuple[str, ...] = ()) -> None:
        self.fail, self.calls = fail, []

    def retrieve(self, question: str, history: list[dict], k: int) -> list[Passage]:
        self.calls.append(("retrieve", question, history, k))
        if question in self.fail:
            raise RuntimeError("index exploded\nwith a traceback")
        ranked = CHUNKS if "keynote" in question else [CHUNKS[2], CHUNKS[0], CHUNKS[1]]
        return [Passage(c, 1.0 / (i + 1)) for i, c in enumerate(ranked)][:k]

    def ask(self, question: str, history: list[dict]) -> Answer:
        self.calls.append(("ask", question, history))
        if question in self.fail:
            raise RuntimeError("model crashed")
        if "parapluie" in question:
            return Answer(question, question, "fr", "Les documents ne le disent pas.", True,
                          timings_ms={"total": 50.0})
        start = DOC.index(QUOTE)
        citation = Citation(1, "c-keynote", "ovh-summit-2014.txt", "OVH Summit 2014", SOURCE, QUOTE, start,
                            start + len(QUOTE), 0.9)
        return Answer(question, question, "fr", "Plus de 2 000 personnes ont assisté au keynote [1].", False,
                      citations=[citation], retrieved=[], timings_ms={"first_token": 20.0, "total": 100.0},
                      trace={"factcheck": {"removed": 1, "sentences": 2}}, usage={"input_tokens": 800})


def questions():
    return [parse_item(raw, i) for i, raw in enumerate(FIXTURE)]


def source_text(source: str) -> str | None:
    return DOC if source == SOURCE else None


# ------------------------------------------------------------------ retrieval only

def test_retrieval_only_run_ranks_passages_and_scores_retrieval():
    assistant = FakeAssistant()
    report = run_eval(assistant, questions(), retrieval_only=True, progress=False, k=2)
    first = report["items"][0]
    assert {"id", "question", "kind", "lang", "answerable", "retrieved"} <= set(first)
    assert [p["chunk_id"] for p in first["retrieved"]] == ["c-docks", "c-keynote"]
    assert set(first["retrieved"][0]) == {"chunk_id", "doc_id", "text", "score"}
    assert report["metrics"]["recall@1"] == 0.0
    assert report["metrics"]["recall@3"] == 1.0  # both answerable items have their passage at rank 2
    assert report["metrics"]["mrr"] == 0.5
    assert "answer_correct" not in report["metrics"]
    assert report["meta"]["retrieval_only"] is True
    assert all(call[0] == "retrieve" and call[3] == 2 for call in assistant.calls)


def test_followups_are_sent_with_their_history():
    assistant = FakeAssistant()
    run_eval(assistant, questions(), retrieval_only=True, progress=False)
    assert assistant.calls[1][2] == FIXTURE[1]["history"]


# ------------------------------------------------------------------ full runs

def test_full_run_items_carry_the_answer_fields_and_metrics():
    report = run_eval(FakeAssistant(), questions(), retrieval_only=False, progress=False, source_text=source_text)
    item = report["items"][0]
    for key in ("answer", "abstained", "standalone_question", "citations", "timings_ms", "retrieved", "trace",
                "usage", "notices", "answer_all", "evidence", "scores"):
        assert key in item
    metrics = report["metrics"]
    assert metrics["answer_correct"] == 0.5  # ev01 right, fu01 wrong
    assert metrics["quote_exact"] == 1.0
    assert metrics["abstention_recall"] == 1.0
    assert metrics["false_abstention"] == 0.0
    assert metrics["factcheck_removed"] == 0.5
    assert metrics["language_ok"] == 1.0
    assert metrics["total_p50_ms"] == 100.0
    assert metrics["prompt_tokens_mean"] == 800.0
    assert metrics["errors"] == 0.0
    assert report["by_kind"]["followup"]["answer_correct"] == 0.0
    assert report["by_kind"]["fact"] == {"answer_correct": 1.0, "recall@5": 0.0}  # the fake returns no `retrieved`


def test_one_failing_item_does_not_end_the_run():
    failing = FakeAssistant(fail=(FIXTURE[0]["question"],))
    report = run_eval(failing, questions(), retrieval_only=False, progress=False, source_text=source_text)
    assert report["items"][0]["error"] == "RuntimeError: model crashed"
    assert report["items"][0]["scores"]["answer_correct"] == 0.0
    assert report["metrics"]["errors"] == 1.0
    assert len(report["items"]) == 3


def test_errors_are_one_line_in_retrieval_runs_too():
    report = run_eval(FakeAssistant(fail=(FIXTURE[2]["question"],)), questions(), retrieval_only=True,
                      progress=False)
    assert report["items"][2]["error"] == "RuntimeError: index exploded"
    assert report["metrics"]["errors"] == 1.0


def test_run_from_a_file_records_its_path_and_is_json_serialisable(tmp_path: Path):
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    report = run_eval(FakeAssistant(), path, retrieval_only=True, progress=False)
    assert report["meta"]["questions"] == str(path)
    assert report["meta"]["duration_s"] >= 0
    json.dumps(report)


def test_progress_bar_goes_to_stderr(capsys):
    run_eval(FakeAssistant(), questions(), retrieval_only=True, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "3/3" in captured.err


# ------------------------------------------------------------------ loading the question set

def test_load_questions_reads_json_and_yaml(tmp_path: Path):
    import yaml

    (tmp_path / "q.json").write_text(json.dumps(FIXTURE), encoding="utf-8")
    (tmp_path / "q.yaml").write_text(yaml.safe_dump(FIXTURE, allow_unicode=True), encoding="utf-8")
    from_json, from_yaml = load_questions(tmp_path / "q.json"), load_questions(tmp_path / "q.yaml")
    assert from_json == from_yaml
    assert from_json[1].history_list() == FIXTURE[1]["history"]
    assert from_json[0].answer_all == (("2 000", "2000"),)


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": "trivia"}, "question ev01: kind 'trivia'"),
    ({"lang": "de"}, "question ev01: lang 'de'"),
    ({"answerable": "yes"}, "question ev01: answerable"),
    ({"history": [{"role": "user"}]}, "question ev01: history[0]"),
    ({"answer_all": ["2000"]}, "question ev01: answer_all"),
    ({"evidence": "Plus de 2 000"}, "question ev01: evidence"),
    ({"extra": 1}, "question ev01: unknown extra"),
])
def test_invalid_items_are_named_in_a_one_line_message(tmp_path: Path, change, message):
    path = tmp_path / "q.json"
    path.write_text(json.dumps([{**FIXTURE[0], **change}]), encoding="utf-8")
    with pytest.raises(BadQuestion, match=re.escape(message)) as raised:
        load_questions(path)
    assert "\n" not in str(raised.value)


def test_missing_keys_unreadable_files_and_duplicates_raise_bad_question(tmp_path: Path):
    missing = {k: v for k, v in FIXTURE[0].items() if k != "topic"}
    cases = {"missing.json": json.dumps([missing]), "bad.json": "[{", "dict.json": "{}",
             "dupes.json": json.dumps([FIXTURE[0], FIXTURE[0]])}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name, expected in [("missing.json", "question ev01: missing topic"), ("bad.json", "not valid JSON"),
                           ("dict.json", "must be a list"), ("dupes.json", "more than once"),
                           ("absent.json", "cannot read")]:
        with pytest.raises(BadQuestion, match=expected):
            load_questions(tmp_path / name)
