"""The evaluation suite: its file, the choice of sets, each set's own index, reports per set and the summary, the gate,
and frozen sets read only as aggregates."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from askcloud.errors import ConfigError
from askcloud.evaluation.questions import load_questions
from askcloud.evaluation.report import render_markdown
from askcloud.evaluation.suite import ROLES, EvalSet, load_suite, select_sets, set_settings
from askcloud.evaluation.suite_run import render_table, run_suite

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[3]
SUITE = ROOT / "evals" / "suite.yaml"
EXPECTED = {"seed-dev": "dev", "seed-frozen": "frozen", "gimp-fr-dev": "dev", "gimp-fr-frozen": "frozen",
            "gimp-en-dev": "dev", "gimp-en-frozen": "frozen"}


# ------------------------------------------------------------------ the project's suite file

def test_the_project_suite_lists_every_set_with_its_role():
    sets = load_suite(SUITE)
    assert EXPECTED.items() <= {s.name: s.role for s in sets}.items()
    assert all(s.role in ROLES for s in sets)


def test_the_dev_set_keeps_its_thresholds_and_every_set_has_valid_ones():
    sets = {s.name: s for s in load_suite(SUITE)}
    assert sets["seed-dev"].questions == Path("evals/questions.json")
    assert sets["seed-dev"].load_thresholds() == json.loads((ROOT / "evals/thresholds.json").read_text("utf-8"))
    for eval_set in sets.values():
        inline_or_absolute = not isinstance(eval_set.thresholds, Path) or eval_set.thresholds.is_absolute()
        thresholds = eval_set.load_thresholds() if inline_or_absolute else \
            EvalSet(**{**eval_set.__dict__, "thresholds": ROOT / eval_set.thresholds}).load_thresholds()
        assert set(thresholds) == {"retrieval_only", "full"}
        assert thresholds["retrieval_only"]["errors"] == {"max": 0}
        if "full" in eval_set.modes:  # every set the full run scores must quote exactly and fail on no question
            assert thresholds["full"]["quote_exact"] == {"min": 1.0}
            assert thresholds["full"]["errors"] == {"max": 0}


@pytest.mark.parametrize("eval_set", load_suite(SUITE), ids=lambda s: s.name)
def test_each_existing_set_file_is_a_valid_question_set(eval_set):
    path = ROOT / eval_set.questions
    if not path.is_file():
        pytest.skip(f"{eval_set.questions} is not written yet")
    questions = load_questions(path)  # validation errors name the item, never print a frozen question
    assert questions
    assert (ROOT / eval_set.corpus).is_dir(), f"the corpus of {eval_set.name} is missing: {eval_set.corpus}"


# ------------------------------------------------------------------ loading and choosing

def write_suite(path: Path, sets: list[dict]) -> Path:
    import yaml

    path.write_text(yaml.safe_dump({"sets": sets}), encoding="utf-8")
    return path


LOW = {"retrieval_only": {"errors": {"max": 0}}, "full": {"errors": {"max": 0}, "quote_exact": {"min": 1.0}}}


@pytest.mark.parametrize(("entry", "message"), [
    ({"name": "a", "questions": "q.json", "corpus": "c", "role": "dev"}, "missing thresholds"),
    ({"name": "a", "questions": "q.json", "corpus": "c", "role": "test", "thresholds": LOW}, "role must be"),
    ({"name": "a", "questions": "q.json", "corpus": "c", "role": "dev", "thresholds": LOW, "colour": 1}, "unknown"),
    ({"name": "a", "questions": "q.json", "corpus": "c", "role": "dev", "thresholds": 3}, "thresholds must be"),
    ({"name": "a", "questions": "q.json", "corpus": "c", "role": "dev", "thresholds": LOW, "modes": ["fast"]},
     "modes must be"),
    ({"name": "a", "questions": "q.json", "corpus": "c", "role": "dev", "thresholds": LOW, "modes": []},
     "modes must be"),
])
def test_a_bad_suite_entry_names_the_set_and_the_problem(tmp_path, entry, message):
    with pytest.raises(ConfigError, match=message):
        load_suite(write_suite(tmp_path / "suite.yaml", [entry]))


def test_a_missing_suite_file_and_twice_the_same_name_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot read the evaluation suite"):
        load_suite(tmp_path / "nowhere.yaml")
    entry = {"name": "a", "questions": "q.json", "corpus": "c", "role": "dev", "thresholds": LOW}
    with pytest.raises(ConfigError, match="used twice"):
        load_suite(write_suite(tmp_path / "suite.yaml", [entry, entry]))


def test_sets_are_chosen_by_name_and_role_in_the_suite_order():
    sets = [EvalSet(n, Path(f"{n}.json"), Path("c"), r, LOW) for n, r in (("a", "dev"), ("b", "frozen"), ("c", "dev"))]
    assert [s.name for s in select_sets(sets)] == ["a", "b", "c"]
    assert [s.name for s in select_sets(sets, ["c", "a"])] == ["a", "c"]
    assert [s.name for s in select_sets(sets, role="frozen")] == ["b"]
    with pytest.raises(ConfigError, match="unknown set"):
        select_sets(sets, ["z"])
    with pytest.raises(ConfigError, match="no set"):
        select_sets(sets, ["b"], role="dev")


def test_a_set_scored_only_on_retrieval_is_left_out_of_the_full_run_unless_named(tmp_path):
    entries = [{"name": "both", "questions": "q.json", "corpus": "c", "role": "dev", "thresholds": LOW},
               {"name": "lexical", "questions": "q.json", "corpus": "c", "role": "dev", "thresholds": LOW,
                "modes": ["retrieval"]}]
    sets = load_suite(write_suite(tmp_path / "suite.yaml", entries))
    assert sets[0].modes == ("retrieval", "full") and sets[1].modes == ("retrieval",)
    assert [s.name for s in select_sets(sets, mode="retrieval")] == ["both", "lexical"]
    assert [s.name for s in select_sets(sets, mode="full")] == ["both"]
    assert [s.name for s in select_sets(sets, ["lexical"], mode="full")] == ["lexical"]


def test_a_missing_file_or_folder_is_said_plainly(tmp_path):
    (tmp_path / "q.json").write_text("[]", encoding="utf-8")
    assert "does not exist" in EvalSet("a", tmp_path / "none.json", tmp_path, "dev", LOW).missing()
    assert "corpus folder" in EvalSet("a", tmp_path / "q.json", tmp_path / "none", "dev", LOW).missing()
    assert EvalSet("a", tmp_path / "q.json", tmp_path, "dev", LOW).missing() is None


def test_another_corpus_gets_its_own_data_dir_and_the_same_settings_otherwise(settings, tmp_path):
    same = set_settings(settings, EvalSet("a", Path("q.json"), settings.corpus_dir, "dev", LOW))
    assert same is settings
    other = set_settings(settings, EvalSet("b", Path("q.json"), tmp_path / "manual", "dev", LOW))
    assert other.corpus_dir == tmp_path / "manual"
    assert other.data_dir == settings.data_dir / "sets" / "manual"
    assert other.collection_prefix != settings.collection_prefix
    assert (other.chunk_size, other.top_k, other.embedding_backend) == \
        (settings.chunk_size, settings.top_k, settings.embedding_backend)


# ------------------------------------------------------------------ a run of the suite

FROZEN_WORDING = "Quelle entreprise a dévoilé une offre de stockage au salon lyonnais ?"


def item(qid: str, question: str, evidence: str, answer: str) -> dict:
    return {"id": qid, "question": question, "history": [], "lang": "fr", "topic": "events", "kind": "fact",
            "answerable": True, "answer_all": [[answer]], "evidence": [evidence]}


@pytest.fixture
def suite(settings, tmp_path):
    """Three sets: a dev set on the configured corpus, a frozen set on a copy of it, and one whose file is missing."""
    other = tmp_path / "other-corpus"
    shutil.copytree(settings.corpus_dir, other)
    dev = tmp_path / "dev.json"
    dev.write_text(json.dumps([item("d1", "Combien de marins ont écouté l'ouverture de la foire ?",
                                    "Plus de 1 500 visiteurs", "1 500")]), encoding="utf-8")
    frozen = tmp_path / "frozen.json"
    frozen.write_text(json.dumps([item("f1", FROZEN_WORDING, "La société Nuagix a présenté", "Nuagix")]),
                      encoding="utf-8")
    return write_suite(tmp_path / "suite.yaml", [
        {"name": "mini-dev", "questions": str(dev), "corpus": str(settings.corpus_dir), "role": "dev",
         "thresholds": {"retrieval_only": {"recall@10": {"min": 1.0}, "errors": {"max": 0}}}},
        {"name": "mini-frozen", "questions": str(frozen), "corpus": str(other), "role": "frozen",
         "thresholds": {"retrieval_only": {"errors": {"max": 0}}}},
        {"name": "mini-missing", "questions": str(tmp_path / "later.json"), "corpus": str(other), "role": "dev",
         "thresholds": LOW},
    ])


def args(suite: Path, out: Path, **extra) -> argparse.Namespace:
    return argparse.Namespace(**{"suite": str(suite), "set": None, "role": None, "retrieval_only": True,
                                 "out": str(out), "limit": None, "judge": False, **extra})


def test_the_suite_reports_each_set_indexes_each_corpus_and_fails_on_a_missing_set(settings, suite, tmp_path, capsys):
    out = tmp_path / "reports"
    assert run_suite(settings, args(suite, out)) == 1  # mini-missing cannot run
    shown = capsys.readouterr()
    assert "mini-missing" in shown.err and "does not exist" in shown.err
    for name in ("mini-dev", "mini-frozen"):
        assert {p.name for p in (out / name).iterdir()} == {"report.json", "report.md", "report.png"}
    assert (settings.data_dir / "sets" / "other-corpus" / "index").is_dir()  # the frozen set's own index
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [(r["name"], r["status"]) for r in summary["sets"]] == \
        [("mini-dev", "ok"), ("mini-frozen", "ok"), ("mini-missing", "not run")]
    assert summary["sets"][0]["metrics"]["recall@10"] == 1.0
    table = (out / "summary.md").read_text(encoding="utf-8")
    assert "| mini-dev | dev | 1 |" in table and "recall@5" in table.splitlines()[4]


def test_a_frozen_set_is_never_shown_item_by_item(settings, suite, tmp_path, capsys):
    out = tmp_path / "reports"
    assert run_suite(settings, args(suite, out, set=["mini-frozen"])) == 0
    shown = capsys.readouterr()
    assert FROZEN_WORDING not in shown.out + shown.err and "f1" not in shown.out + shown.err
    markdown = (out / "mini-frozen" / "report.md").read_text(encoding="utf-8")
    assert "frozen" in markdown and FROZEN_WORDING not in markdown and "f1" not in markdown
    assert "Failed items" not in markdown
    report = json.loads((out / "mini-frozen" / "report.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in report["items"]] == ["f1"]  # kept for re-scoring (Contract 2)
    assert report["meta"]["role"] == "frozen" and report["meta"]["set"] == "mini-frozen"
    assert (settings.data_dir / "frozen-runs.jsonl").is_file()


def test_a_set_below_its_threshold_fails_the_gate_and_is_named(settings, suite, tmp_path, capsys):
    import yaml

    data = yaml.safe_load(suite.read_text(encoding="utf-8"))
    data["sets"][0]["thresholds"]["retrieval_only"]["recall@1"] = {"min": 1.01}
    suite.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run_suite(settings, args(suite, tmp_path / "r", set=["mini-dev"])) == 1
    err = capsys.readouterr().err
    assert "set mini-dev: below threshold: recall@1" in err


def test_a_frozen_full_report_in_markdown_holds_aggregates_only():
    item_ = {"id": "f9", "kind": "fact", "question": FROZEN_WORDING, "answer": "wrong", "answer_all": [["x"]],
             "scores": {"answer_correct": 0.0}}
    report = {"metrics": {"answer_correct": 0.0}, "by_kind": {"fact": {"answer_correct": 0.0}}, "items": [item_],
              "meta": {"retrieval_only": False, "role": "frozen", "set": "s"}}
    markdown = render_markdown(report, {}, {})
    assert "answer_correct" in markdown and FROZEN_WORDING not in markdown and "f9" not in markdown
    dev = render_markdown({**report, "meta": {**report["meta"], "role": "dev"}}, {}, {})
    assert FROZEN_WORDING in dev and "f9" in dev


def test_the_summary_table_has_one_row_per_set_and_the_mode_s_columns():
    summary = {"mode": "full", "sets": [
        {"name": "a", "role": "dev", "count": 3, "status": "ok", "metrics": {"answer_correct": 0.5, "errors": 0}},
        {"name": "b", "role": "frozen", "count": 0, "status": "not run", "metrics": {}}]}
    lines = render_table(summary).splitlines()
    assert lines[0].startswith("| set | role | n | answer_correct")
    assert lines[2].startswith("| a | dev | 3 | 0.500") and lines[3].endswith("| not run |")
