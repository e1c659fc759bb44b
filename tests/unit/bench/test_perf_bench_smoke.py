"""Smoke tests of the performance benchmarks under bench/ (index_throughput, backends, floor, cold_start): the hash
embedder, the stub corpus, a fake llama.cpp, tiny inputs; no model, no server."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[3]
STUB_CORPUS = ROOT / "tests" / "stub_data" / "corpus"
MODULES = ("answer_timing", "index_throughput", "backends", "floor", "cold_start")


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        yield {name: importlib.import_module(name) for name in MODULES}
    finally:
        sys.path.remove(str(ROOT / "bench"))


@pytest.fixture
def questions():
    from askcloud.evaluation.questions import parse_item

    items = [
        {"id": "s1", "question": "Combien de visiteurs ont assisté à la conférence d'ouverture du Salon du Cloud ?",
         "lang": "fr", "kind": "fact", "evidence": ["1 500"]},
        {"id": "s2", "question": "Which operator does the net neutrality post mention with Netflix?", "lang": "en",
         "kind": "english", "evidence": ["Comcast"]},
        {"id": "s3", "question": "Quel est le chiffre d'affaires de Nuagix ?", "lang": "fr", "kind": "unanswerable",
         "evidence": [], "answerable": False},
    ]
    return [parse_item({"history": [], "topic": "events", "answerable": True, "answer_all": [["x"]], **item}, i)
            for i, item in enumerate(items)]


def test_sample_ids_are_in_the_question_set(bench):
    at = bench["answer_timing"]
    sample = at.load_sample(ROOT / "evals" / "questions.json")
    assert [q.id for q in sample] == list(at.SAMPLE_IDS)
    assert {q.lang for q in sample} == {"fr", "en"} and not all(q.answerable for q in sample)
    assert at.WARMUP_ID not in at.SAMPLE_IDS
    assert at.parse_ids("all") == "all" and at.parse_ids("a, b") == ("a", "b")
    assert at.spread([1.0, None, 3.0]) == {"p50": 2.0, "p95": 2.9, "mean": 2.0, "n": 2}
    assert at.spread([None])["n"] == 0


# ---------------------------------------------------------------------------------------------- index_throughput

def test_index_throughput_scenarios_on_the_stub_corpus(bench, tmp_path):
    it = bench["index_throughput"]
    info = it.make_corpus(STUB_CORPUS, tmp_path / "corpus", copies=2)
    texts = [p.read_text(encoding="utf-8") for p in sorted((tmp_path / "corpus").glob("*.txt"))]
    assert info["documents"] == 4 and len(set(texts)) == 4
    it.CHANGED_DOC, it.ADDED_FROM, it.REMOVED_DOC = "salon-cloud-2020.txt", "neutralite-billet.txt", \
        "neutralite-billet--copie-2.txt"
    rows = []
    for scenario in it.SCENARIOS:
        it.apply_change(tmp_path / "corpus", scenario)
        row = {"copies": 2, "documents_in_corpus": 4, "corpus_chars": info["chars"], "scenario": scenario,
               "change": "", **it.worker(tmp_path / "corpus", tmp_path / "data", scenario, "hash")}
        row.update(it.throughput(row))
        rows.append(row)
    by = {r["scenario"]: r for r in rows}
    assert by["cold"]["embedded"] == by["cold"]["chunks"] > 0  # the copies' texts are distinct: nothing cached
    assert by["warm rebuild"]["embedded"] == 0 and by["warm rebuild"]["chunks_per_s"] > 0
    assert by["changed-one"]["updated"] == 1 and by["added-one"]["added"] == 1
    assert by["removed-one"]["removed"] == 1 and by["unchanged"]["unchanged"] == 4
    assert all(r["peak_rss_mib"] > 0 for r in rows)
    assert "| ×2 (4 docs) | unchanged |" in it.markdown_table(rows)
    it.plot(rows, tmp_path / "index.png", "test")
    assert (tmp_path / "index.png").stat().st_size > 1000


def test_index_throughput_worker_runs_as_a_child(bench, tmp_path):
    it = bench["index_throughput"]
    it.make_corpus(STUB_CORPUS, tmp_path / "corpus", copies=1)
    result = it.run_worker(tmp_path / "corpus", tmp_path / "data", "cold", "hash", timeout_s=120)
    assert result["chunks"] == result["embedded"] > 0 and result["peak_rss_mib"] > 0, result


# ---------------------------------------------------------------------------------------------- backends

def test_backends_worker_and_report(bench, questions, tmp_path):
    at, backends = bench["answer_timing"], bench["backends"]
    at.build_index(STUB_CORPUS, tmp_path / "data", "hash", warm_cache=False)
    results = []
    for backend in ("extractive", "fake"):
        result = backends.worker(backend, STUB_CORPUS, tmp_path / "data", questions, questions[0], None, "local",
                                 embedding_backend="hash")
        results.append(backends.summarise({"backend": backend, **result}))
    extractive, fake = results
    assert extractive["ttft_streamed_s"]["n"] == 0 and extractive["ttft_s"]["n"] == 3  # whole answers: TTFT = total
    # the fake writer's canned draft passes no check: nothing is streamed, the answer comes whole
    assert fake["llm_turns"] >= 1 and fake["ttft_s"]["n"] == 3 and fake["prompt_tokens"]["n"] >= 1
    assert all(r["peak_rss_mib"] > 0 for r in results)
    results.append({"backend": "ollama", "skipped": "not run: no ollama here"})
    table = backends.markdown_table(results)
    assert "| extractive |" in table and "(whole answer)" in table and "not run: no ollama here" in table
    backends.plot(results, tmp_path / "backends.png", "test")
    assert (tmp_path / "backends.png").stat().st_size > 1000


def test_ollama_is_reported_when_missing(bench, monkeypatch):
    backends = bench["backends"]
    monkeypatch.setattr(backends.shutil, "which", lambda name: None)
    assert "not installed" in backends.ollama_missing()


# ---------------------------------------------------------------------------------------------- floor

class FakeLlama:
    """What floor.py and LlamaCppChat use of llama_cpp.Llama: a prefix cache, a stream, counters."""

    n_batch = 512

    def __init__(self) -> None:
        self.n_tokens, self.cached, self.counters = 0, [], {}

    def reset(self) -> None:
        self.n_tokens, self.cached = 0, []

    def create_chat_completion(self, messages, max_tokens, stream, **kwargs):
        prompt = " ".join(m["content"] for m in messages).split()
        reused = 0
        for a, b in zip(self.cached, prompt):
            if a != b:
                break
            reused += 1
        words = ["Plus", " de", " 1 500", " visiteurs [1]."]
        self.cached, self.n_tokens = prompt, len(prompt) + len(words)
        self.counters = {"prompt_tokens": len(prompt) - reused, "prompt_ms": 2.0 * (len(prompt) - reused),
                         "decode_steps": len(words), "decode_ms": 10.0 * len(words)}
        for word in words:
            time.sleep(0.002)
            yield {"choices": [{"delta": {"content": word}, "finish_reason": None}]}
        yield {"choices": [{"delta": {}, "finish_reason": "stop"}]}


def test_floor_runs_with_a_fake_llama(bench, questions, tmp_path, monkeypatch):
    floor = bench["floor"]
    from askcloud.llm.llamacpp import LlamaCppChat

    llamas: dict[int, FakeLlama] = {}
    monkeypatch.setattr(LlamaCppChat, "load", lambda self: llamas.setdefault(id(self), FakeLlama()))
    monkeypatch.setattr(floor, "perf_reset", lambda llama: None)
    monkeypatch.setattr(floor, "perf_read", lambda llama: dict(llama.counters))
    import askcloud.agents.graph as graph

    for name in floor.NODES:  # the wrappers floor.py puts around the nodes are undone after the test
        monkeypatch.setattr(graph, name, getattr(graph, name))
    alone = floor.AloneInProcess(FakeLlama())
    report = floor.run(questions[:2], STUB_CORPUS, tmp_path, questions[0], embedding_backend="hash", rounds=2,
                       alone=alone)
    rows = report["rows"]
    assert [r["round"] for r in rows] == [1, 1, 2, 2]
    measured = [r for r in rows if "floor" in r]
    assert measured, rows
    for r in measured:
        assert r["llm_calls"] == 1 and r["prompt_tokens"] > 0 and r["decode_steps"] == 4 and r["same_output"]
        assert r["floor"]["warm_s"] <= r["floor"]["cold_s"] and "write" in r["breakdown"]["nodes_s"]
        assert r["breakdown"]["llm_call_s"] <= r["total_s"]
    assert rows[0]["reused_prefix_tokens"] == rows[0]["prompt_tokens"]  # the warm-up asked the same question
    total = report["overall"]
    assert total["turns"] == len(measured) and "cold_overhead" in total and "nodes_s" in total
    assert [q["id"] for q in report["per_question"]] == ["s1", "s2"] and report["per_question"][0]["rounds"] == 2
    text = floor.markdown(report)
    assert "| s1 (fr) |" in text and "overhead" in text
    floor.plot(report["per_question"], tmp_path / "floor.png", "test")
    assert (tmp_path / "floor.png").stat().st_size > 1000


def test_floor_arithmetic(bench):
    floor = bench["floor"]
    assert floor.union_s([(0, 2), (1, 3), (5, 6)]) == 4
    rows = [{"alone": {"counters": {"prompt_tokens": 100, "prompt_ms": 900, "decode_steps": 10, "decode_ms": 900},
                       "prompt_s": 1.0, "generation_s": 1.0, "total_s": 2.0},
             "pipeline_llm": {"prompt_tokens": 50, "prompt_ms": 500, "decode_steps": 10, "decode_ms": 1000},
             "prompt_tokens": 100, "reused_prefix_tokens": 50, "decode_steps": 10, "total_s": 1.8, "ttft_s": 0.9,
             "breakdown": {"nodes_s": {"write": 1.7}, "before_llm_s": 0.1, "llm_call_s": 1.6, "after_llm_s": 0.1,
                           "llm_compute_s": 1.5, "llm_runtime_s": 0.1, "writer_outside_llm_s": 0.0,
                           "graph_other_s": 0.1}}]
    speed = floor.speeds(rows)
    assert speed["prompt_tok_s"] == 100 and speed["generation_tok_s"] == 10
    floor.add_floors(rows, speed)
    assert rows[0]["floor"] == {"cold_ttft_s": 1.0, "warm_ttft_s": 0.5, "cold_s": 2.0, "warm_s": 1.5}
    assert rows[0]["overhead"]["cold"] == -0.1 and rows[0]["overhead"]["warm"] == 0.2
    total = floor.overall(rows)
    assert total["cold_target_met"] and not total["warm_target_met"]


# ---------------------------------------------------------------------------------------------- cold_start

def test_cold_start_times_a_process_and_reports(bench, tmp_path):
    cold = bench["cold_start"]
    run = cold.run_cli(["-c", "import time; print('bonjour', flush=True); time.sleep(0.2)"], {}, tmp_path, 60,
                       command=sys.executable)
    assert run["exit_code"] == 0 and run["stdout_head"].startswith("bonjour")
    assert 0 < run["first_output_s"] < run["exit_s"] and run["peak_rss_mib"] > 1
    assert [m[0] for m in cold.measures(["extractive"])] == ["help", "ask extractive", "serve extractive"]
    rows = [cold.summarise("help", "cli", [run, {"error": "boom"}]),
            cold.summarise("serve extractive", "server",
                           [{"http_200_s": 4.0, "first_answer_s": 7.0, "peak_rss_mib": 270.0}])]
    assert rows[0]["ok"] == 1 and rows[0]["exit_s"]["p50"] == round(run["exit_s"], 2)
    table = cold.markdown_table(rows)
    assert "| help (first output / exit) |" in table and "1/2" in table and "7.00" in table
    cold.plot(rows, tmp_path / "cold.png", "test")
    assert (tmp_path / "cold.png").stat().st_size > 1000


# ---------------------------------------------------------------------------------------------- llama_threads

def test_llama_threads_report(bench):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        lt = importlib.import_module("llama_threads")
    finally:
        sys.path.remove(str(ROOT / "bench"))
    runs = [{"thread": "main", "prompt_tok_s": 80.0, "decode_tok_s": 22.0},
            {"thread": "worker", "prompt_tok_s": 70.0, "decode_tok_s": 14.0},
            {"thread": "main", "prompt_tok_s": 60.0, "decode_tok_s": 20.0}]
    rows = [{"mode": "two-teams", "runs": runs, "by_thread": lt.summarise(runs), "timed_out": False},
            {"mode": "main+busy", "runs": [], "by_thread": {}, "timed_out": True, "note": "0 of 4 runs within 9 s"}]
    assert rows[0]["by_thread"]["main"]["decode_tok_s"]["p50"] == 21.0
    table = lt.markdown_table(rows)
    assert "| two-teams | worker | 1 | 70.0 (70.0–70.0) | 14.0 (14.0–14.0) |" in table
    assert "0 of 4 runs within 9 s" in table
    assert "Résume" in lt.messages()[1]["content"]
