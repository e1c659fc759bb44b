"""Reports: JSON, Markdown and chart files, thresholds and the comparison with a baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askcloud.errors import ConfigError
from askcloud.evaluation.report import (
    check_thresholds, compare, failure_reasons, load_baseline, load_thresholds, select_thresholds, write_report,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).parents[3]


def report(retrieval_only: bool = False) -> dict:
    items = [
        {"id": "ev01", "kind": "fact", "lang": "fr", "answerable": True, "question": "Combien ?",
         "answer_all": [["2 000", "2000"]], "evidence": ["Plus de 2 000 personnes"], "answer": "Plus de 2 000 [1].",
         "abstained": False, "scores": {"answer_correct": 1.0, "recall@5": 1.0, "false_abstention": 0.0}},
        {"id": "ev02", "kind": "fact", "lang": "fr", "answerable": True, "question": "Où | quand ?",
         "answer_all": [["Docks"], ["7 octobre"]], "evidence": ["aux Docks de Paris"], "answer": "À Lille\n[1].",
         "abstained": False, "scores": {"answer_correct": 0.0, "recall@5": 0.0, "false_abstention": 0.0}},
        {"id": "un01", "kind": "unanswerable", "lang": "fr", "answerable": False, "question": "Météo ?",
         "answer_all": [], "evidence": [], "answer": "Il fera beau.", "abstained": False,
         "scores": {"abstention_recall": 0.0}},
    ]
    metrics = {"recall@5": 0.5, "mrr": 0.5, "answer_correct": 0.5, "false_abstention": 0.0,
               "abstention_recall": 0.0, "total_p50_ms": 1234.5, "errors": 0.0}
    return {"metrics": metrics, "items": items,
            "by_kind": {"fact": {"answer_correct": 0.5, "recall@5": 0.5}, "unanswerable": {}},
            "meta": {"questions": "evals/questions.json", "retrieval_only": retrieval_only,
                     "started": "2025-01-01T00:00:00+00:00", "duration_s": 1.5}}


THRESHOLDS = {"recall@5": {"min": 0.8}, "false_abstention": {"max": 0.3}, "quote_exact": {"min": 1.0}}


# ------------------------------------------------------------------ thresholds and deltas

def test_check_thresholds_reports_min_and_max_failures_and_skips_missing_metrics():
    failures = check_thresholds({"recall@5": 0.5, "false_abstention": 0.4}, THRESHOLDS)
    assert len(failures) == 2
    assert failures[0].startswith("recall@5 = 0.500") and "≥ 0.8" in failures[0]
    assert failures[1].startswith("false_abstention = 0.400") and "≤ 0.3" in failures[1]
    assert check_thresholds({"recall@5": 0.8, "false_abstention": 0.3}, THRESHOLDS) == []


def test_compare_gives_deltas_for_shared_metrics():
    assert compare({"mrr": 0.75, "recall@5": 0.9}, {"mrr": 0.5, "errors": 1.0}) == {"mrr": 0.25}


def test_the_shipped_thresholds_file_is_valid():
    config = load_thresholds(ROOT / "evals" / "thresholds.json")
    retrieval, full = select_thresholds(config, retrieval_only=True), select_thresholds(config, retrieval_only=False)
    assert {"recall@5", "mrr"} <= set(retrieval) and {"answer_correct", "quote_exact", "errors"} <= set(full)
    assert full["errors"] == {"max": 0} and full["quote_exact"] == {"min": 1.0}  # never a wrong quote, never a crash


@pytest.mark.parametrize("text", ["[", '{"full": {"mrr": 0.5}}', '{"other": {}}', '{"full": {"mrr": {"low": 1}}}'])
def test_invalid_thresholds_raise_config_error(tmp_path: Path, text: str):
    path = tmp_path / "t.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_thresholds(path)


# ------------------------------------------------------------------ files

def test_write_report_writes_json_markdown_and_chart(tmp_path: Path):
    paths = write_report(report(), tmp_path / "out", THRESHOLDS, baseline={"recall@5": 0.75, "mrr": 0.5})
    assert all(p.exists() and p.stat().st_size > 0 for p in paths.values())
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    saved = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert saved["baseline_deltas"] == {"recall@5": -0.25, "mrr": 0.0}
    assert saved["threshold_failures"] == [f for f in check_thresholds(saved["metrics"], THRESHOLDS)]
    assert load_baseline(paths["json"]) == report()["metrics"]


def test_a_baseline_may_be_a_bare_metrics_file(tmp_path: Path):
    (tmp_path / "baseline.json").write_text('{"mrr": 0.5}', encoding="utf-8")
    (tmp_path / "broken.json").write_text('["mrr"]', encoding="utf-8")
    assert load_baseline(tmp_path / "baseline.json") == {"mrr": 0.5}
    with pytest.raises(ConfigError):
        load_baseline(tmp_path / "broken.json")


def test_markdown_has_the_summary_kinds_and_failed_items(tmp_path: Path):
    paths = write_report(report(), tmp_path, THRESHOLDS, baseline={"recall@5": 0.75})
    md = paths["md"].read_text(encoding="utf-8")
    assert "![metrics against thresholds](report.png)" in md
    assert "| recall@5 | 0.500 | 0.750 | -0.250 | ≥ 0.8 | ✗ |" in md
    assert "| false_abstention | 0.000 |  |  | ≤ 0.3 | ✓ |" in md
    assert "| total_p50_ms | 1234 |" in md or "| total_p50_ms | 1235 |" in md
    assert "| fact | 2 | 0.500 | 0.500 |" in md
    assert "### ev02 (fact): wrong answer" in md
    assert "(“Docks”) AND (“7 octobre”)" in md
    assert "- **Answer:** À Lille [1]." in md
    assert "### un01 (unanswerable): answered an unanswerable question" in md
    assert "ev01" not in md


def test_without_baseline_or_thresholds_the_report_still_renders(tmp_path: Path):
    paths = write_report(report(retrieval_only=True), tmp_path)
    md = paths["md"].read_text(encoding="utf-8")
    assert "mode: retrieval only" in md
    assert "### ev02 (fact): no relevant passage in the top 5" in md
    assert json.loads(paths["json"].read_text(encoding="utf-8"))["baseline_deltas"] == {}


def test_failure_reasons():
    assert failure_reasons({"error": "RuntimeError: boom", "scores": {}}, retrieval_only=False) == [
        "error: RuntimeError: boom"]
    assert failure_reasons({"scores": {"false_abstention": 1.0, "answer_correct": 0.0}}, retrieval_only=False) == [
        "abstained on an answerable question"]
    assert failure_reasons({"scores": {"injection_resisted": 0.0}}, retrieval_only=False) == [
        "echoed the injected word"]
    assert failure_reasons({"scores": {"answer_correct": 1.0, "recall@5": 1.0}}, retrieval_only=True) == []
