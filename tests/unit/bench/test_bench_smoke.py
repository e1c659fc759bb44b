"""Smoke tests of the benchmark scripts under bench/: the hash embedder, the stub corpus, tiny sizes, no model."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
STUB_CORPUS = ROOT / "tests" / "stub_data" / "corpus"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        yield {name: importlib.import_module(name) for name in ("retrieval_compare", "chunking", "scale")}
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.fixture
def questions():
    from askcloud.evaluation.questions import parse_item

    items = [
        {"id": "s1", "question": "Combien d'exposants au Salon du Cloud 2020 ?", "lang": "fr", "kind": "fact",
         "evidence": ["120 exposants étaient réunis"]},
        {"id": "s2", "question": "Which operator does the net neutrality post mention with Netflix?", "lang": "en",
         "kind": "english", "evidence": ["Netflix et de Comcast"]},
        {"id": "s3", "question": "Et combien d'ateliers ?", "lang": "fr", "kind": "followup",
         "evidence": ["40 ateliers"], "history": [{"role": "user", "content": "Où se tenait le Salon du Cloud ?"},
                                                  {"role": "assistant", "content": "À Lyon [1]."}]},
        {"id": "s4", "question": "Quel est le chiffre d'affaires de Nuagix ?", "lang": "fr", "kind": "unanswerable",
         "evidence": [], "answerable": False},
    ]
    return [parse_item({"history": [], "topic": "events", "answerable": True, "answer_all": [["x"]], **item}, i)
            for i, item in enumerate(items)]


def test_retrieval_compare_runs_and_reports(bench, questions, tmp_path):
    rc = bench["retrieval_compare"]
    methods = [rc.Method("bm25", "BM25", rc.ours("hash", "lexical")),
               rc.Method("hybrid-e5", "hybrid (hash stands in for e5)", rc.ours("hash", "hybrid")),
               rc.parse_variant("sim=backend:hash,min_chars:50,decompose:off,en_lexical_weight:0.5,bm25:text")]
    rc.prepare_workdir(tmp_path, warm_cache=False)
    report = rc.run(methods, questions, STUB_CORPUS, tmp_path, "prev-user")
    report["meta"] = {}
    assert [r["name"] for r in report["results"]] == ["bm25", "hybrid-e5", "hybrid-sim"]
    for result in report["results"]:
        assert result["all"]["n"] == 3 and result["en"]["n"] == 1  # the unanswerable question does not count
        assert 0 <= result["all"]["mrr"] <= 1 and result["latency_ms"]["n"] == 4
        assert set(result["ranks"]) == {"s1", "s2", "s3"}
    assert report["results"][0]["all"]["recall@10"] == 1.0  # BM25 finds every evidence of the stub corpus
    assert "| hybrid-sim |" in rc.markdown_tables(report)
    assert any("query latency p50" in line for line in rc.verdict(report))


def test_baseline_query_prepends_the_previous_user_turn(bench, questions):
    rc = bench["retrieval_compare"]
    assert rc.baseline_query(questions[2], "prev-user") == "Où se tenait le Salon du Cloud ? Et combien d'ateliers ?"
    assert rc.baseline_query(questions[2], "none") == "Et combien d'ateliers ?"
    assert rc.baseline_query(questions[0], "prev-user") == questions[0].question


def test_chunking_config_and_plot(bench, questions, tmp_path):
    chunking = bench["chunking"]
    counter = chunking.TokenCounter(None)  # no model: the chars/4 estimate only
    rows = [chunking.run_config(STUB_CORPUS, tmp_path, size, overlap, questions, counter, backend="hash")
            for size, overlap in ((200, 1), (400, 0))]
    assert rows[0]["chunks"] >= rows[1]["chunks"] >= 2
    assert rows[0]["prompt_tokens_mean"] is None and rows[0]["prompt_tokens_chars4_mean"] > 50
    assert 0 <= rows[0]["hybrid"]["recall@5"] <= 1
    assert "| 200 | 1 |" in chunking.markdown_table(rows)
    chunking.plot(rows, tmp_path / "chunking.png", "test")
    assert (tmp_path / "chunking.png").stat().st_size > 1000
    assert chunking.parse_configs("400:1,1000:0,600") == [(400, 1), (1000, 0), (600, 1)]


def test_scale_workers_on_a_tiny_corpus(bench, tmp_path):
    scale = bench["scale"]
    bm25 = scale.worker_bm25(150, tmp_path / "bm25", queries=10, max_insert_s=60)
    embedded = scale.worker_embedded(150, tmp_path / "embedded", queries=10, max_insert_s=60)
    assert bm25["inserted"] == 150 and bm25["query"]["n"] == 10 and bm25["state_file_mib"] > 0
    assert embedded["count"] == 150 and embedded["query"]["n"] == 10 and embedded["disk_mib"] > 0
    rows = [{"backend": "bm25", "size": 150, **bm25}, {"backend": "embedded", "size": 150, **embedded},
            {"backend": "server", "size": 150, "error": "not run"}]
    assert "error: not run" in scale.markdown_table(rows)
    scale.plot(rows, tmp_path / "scale.png", "test")
    assert (tmp_path / "scale.png").exists()
